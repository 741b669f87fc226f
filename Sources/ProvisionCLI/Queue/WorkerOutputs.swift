import Foundation
import Provisioning
import Reports

/// A queued job's outputs on a worker: the report in every format, written to private files in
/// the job's scratch folder and stored in the queue when the job is done, and the credentials
/// sheet, created with its first password in the worker's credentials folder (never in the
/// queue: only a sheet holds passwords).
final class WorkerOutputs: JobOutputs {
    /// The formats a job's report is kept in (`provision jobs report ID --format …`).
    static let formats: [ReportFormat] = [.text, .json, .csv, .html]

    private let scratch: String
    private let folder: CredentialFolder
    private let sheetName: String
    private let context: CommandContext
    private let options: CredentialSheetOptions
    /// The credentials sheet, once checked.
    private(set) var credentials: LazyCredentials?

    /// Outputs of a job.
    /// - Parameters:
    ///   - scratch: a private folder of the job's own, removed after it.
    ///   - sheetName: the sheet's file name in `folder`.
    init(scratch: String, folder: CredentialFolder, sheetName: String, context: CommandContext, options: CredentialSheetOptions) {
        self.scratch = scratch
        self.folder = folder
        self.sheetName = sheetName
        self.context = context
        self.options = options
    }

    private func reportPath(_ format: ReportFormat) -> String { scratch + "/report.\(format.rawValue)" }

    /// Checks the credentials folder (an existing one must be private); creates nothing.
    func check() throws {
        try folder.check()
        let folder = self.folder, name = folder.sheet(sheetName), context = self.context, options = self.options
        credentials = LazyCredentials(name: name) {
            try folder.create()
            return try JobRunner.createSheet(name: name, context: context, options: options)
        }
    }

    func open(_ start: JobStart) throws -> OpenedOutputs {
        let sinks = try Self.formats.map { format in
            makeReportSink(format: format, output: try ReportOutput.privateFile(atPath: reportPath(format)),
                           temporaryDirectory: scratch)
        }
        return OpenedOutputs(outcomes: FanOutSink(sinks), credentials: credentials)
    }

    /// The finished reports, by format name.
    func reports() throws -> [String: [UInt8]] {
        var reports: [String: [UInt8]] = [:]
        for format in Self.formats {
            guard let data = FileManager.default.contents(atPath: reportPath(format)) else { continue }
            reports[format.rawValue] = [UInt8](data)
        }
        return reports
    }
}
