import CSV
import Foundation
import Provisioning

/// An uploaded CSV, once the server has streamed it to disk: its Preview is `plan --out`
/// (read to its end first, then planned without writing, the plan saved), and its Commit is
/// `apply PLAN` (refused as stale when the directory changed since). The same intake, job and
/// report code as the command line's.
public enum PortalUpload {
    /// The field of the encoding select.
    public static let encodingField = "encoding"

    /// Reads and plans the file at `path`, saving the plan at `planPath`; nothing is written
    /// to the directory.
    /// - Parameters:
    ///   - fileName: the name the browser gave, for the page and the reports.
    ///   - encoding: the encoding select's value; `nil` or empty detects (BOM, UTF-8).
    ///   - uploadID: the server's id of the upload, for the Commit form.
    /// - Throws: `CSVError` and ``IntakeError`` for a file that cannot be read (turn them into
    ///   the form's problem with ``problem(_:)``), ``JobError`` for a refused run.
    public static func preview(path: String, fileName: String, encoding: String?, uploadID: String, customerID: String,
                               planPath: String, directory: any Directory & JobLedger,
                               settings: PortalJob.Settings) throws -> UploadPreviewModel {
        let chosen = try encoding.flatMap { $0.isEmpty ? nil : try CSVEncoding(name: $0) }
        let csvOptions = CSVReadOptions(encoding: chosen, fileName: fileName)
        let intake = IntakeOptions(defaultCustomerID: customerID)
        func open() throws -> RequestReader { try RequestReader(path: path, csvOptions: csvOptions, options: intake) }
        let scan = try InputScan(path: path, csvOptions: csvOptions, opened: open())
        let batchID = "upload-" + settings.random.objectID(at: settings.now)
        let role = settings.role, now = settings.now
        let result = try PortalJob.run(.requests(defaultCustomerID: customerID, input: fileName, batchID: batchID, open: open),
                                       command: fileName, directory: directory, settings: settings, preview: true,
                                       fromFile: true, inputSummary: scan.summary, expectedRows: scan.records,
                                       plan: { start in
                                           try PlanWriter(path: planPath, header: PlanHeader(
                                               batchID: start.batchID, role: role, createdAt: now, input: fileName,
                                               exact: false, customers: start.customers))
                                       })
        let dialect = scan.dialect
        let encodingText = dialect.encoding.name + (dialect.hasBOM ? ", with a byte-order mark" : "")
            + (chosen == nil ? " (detected)" : " (chosen)")
        return UploadPreviewModel(uploadID: uploadID, fileName: fileName, delimiter: delimiterName(dialect.delimiter),
                                  encoding: encodingText, input: scan.summary, products: result.summary.products,
                                  reportHTML: result.reportHTML, changes: result.summary.count(.planned))
    }

    /// Applies the saved plan at `planPath`, exactly as planned.
    /// - Parameter progress: called with the users handled so far (the progress page).
    /// - Throws: ``JobError/stalePlan(customerID:planned:current:)`` when the directory
    ///   changed since the Preview ("re-run the preview", ``PortalMessages``), the plan's own
    ///   errors, ``LockBusy``.
    public static func commit(planPath: String, directory: any Directory & JobLedger, settings: PortalJob.Settings,
                              progress: ((Int) -> Void)? = nil) throws -> PortalJob.Result {
        try PortalJob.run(.plan(open: { try PlanReader(path: planPath) }), command: "portal: commit upload",
                          directory: directory, settings: settings, preview: false, fromFile: true, progress: progress)
    }

    /// A file that could not be read, as a problem of the upload form's field.
    public static func problem(_ error: Error) -> FieldProblem {
        if let error = error as? CSVError, case .unknownEncoding = error.kind {
            return FieldProblem(field: encodingField, "The encoding is not one this server knows. Choose another.")
        }
        return FieldProblem(field: "file", "The file cannot be read: \(error)")
    }

    /// `,` `;` `|` or `tab`.
    static func delimiterName(_ byte: UInt8) -> String {
        byte == 0x09 ? "tab" : String(UnicodeScalar(byte))
    }
}
