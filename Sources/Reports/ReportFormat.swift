import Foundation
import Provisioning

/// A report format, chosen by `--report-format NAME` or by the report file's extension.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Aligned text for a terminal (`.txt`).
    case text
    /// One row per user per change, for Excel (`.csv`).
    case csv
    /// Versioned JSON for scripts (`.json`), see `docs/report-json.md`.
    case json
    /// The self-contained "Licenses updated" page (`.html`, `.htm`).
    case html

    /// The format a file extension implies (case-insensitive, with or without the dot).
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "txt", "text": self = .text
        case "csv": self = .csv
        case "json": self = .json
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// The format a name gives (`text`, `txt`, `csv`, `json`, `html`, `htm`; case-insensitive).
    public init?(name: String) {
        self.init(fileExtension: name)
    }

    /// The format for a report file: `explicitName` when given, else the path's extension.
    /// - Throws: ``ReportError/unknownFormat(_:)`` naming what could not be understood.
    public init(path: String, explicitName: String? = nil) throws {
        if let explicitName {
            guard let format = ReportFormat(name: explicitName) else { throw ReportError.unknownFormat(explicitName) }
            self = format
            return
        }
        let ext = (path as NSString).pathExtension
        guard let format = ReportFormat(fileExtension: ext) else {
            throw ReportError.unknownFormat(ext.isEmpty ? path : "." + ext)
        }
        self = format
    }

    /// `text (.txt), csv (.csv), json (.json), html (.html, .htm)`, for messages.
    public static let knownNames = "text (.txt), csv (.csv), json (.json), html (.html, .htm)"
}

/// Makes the renderer for `format`, writing to `output`.
/// - Parameters:
///   - format: the format.
///   - output: where the report goes; the sink closes it at `finish`.
///   - color: ANSI colours in the text report (the caller checks the terminal and `NO_COLOR`).
///   - temporaryDirectory: where the HTML report spools its rows.
/// - Returns: a sink to feed with `begin`, `add` per user, `finish`.
public func makeReportSink(format: ReportFormat, output: ReportOutput, color: Bool = false,
                           temporaryDirectory: String = NSTemporaryDirectory()) -> any OutcomeSink {
    switch format {
    case .text: return TextReport(output: output, color: color)
    case .csv: return CSVReport(output: output)
    case .json: return JSONReport(output: output)
    case .html: return HTMLReport(output: output, temporaryDirectory: temporaryDirectory)
    }
}
