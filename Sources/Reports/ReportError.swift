import Foundation

/// Why a report or credentials sheet could not be written. Errors are data: the CLI turns
/// them into one line of text and an exit code.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or created; `errno` says why.
    case cannotOpen(path: String, errno: Int32)
    /// A write, read or seek on an open file failed; `errno` says why.
    case ioFailed(path: String, errno: Int32)
    /// The path exists but is not a regular file (a directory, a device, a pipe).
    case notARegularFile(path: String)
    /// The report format is neither known by name nor implied by the file's extension.
    case unknownFormat(String)
    /// The credentials sheet format is neither known by name nor implied by the extension.
    case unknownCredentialFormat(String)
    /// A mail address is malformed; the text says what is wrong.
    case invalidMailAddress(String, reason: String)
    /// A `.eml` credentials sheet needs a recipient (`--mail-to`).
    case missingRecipient
    /// A recipient was given but the sheet is not a mail message.
    case recipientNeedsMessageFormat

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code):
            return "cannot open \(path): \(ReportError.explain(code))"
        case .ioFailed(let path, let code):
            return "cannot write \(path): \(ReportError.explain(code))"
        case .notARegularFile(let path):
            return "\(path) is not a regular file"
        case .unknownFormat(let name):
            return "unknown report format '\(name)' (known: \(ReportFormat.knownNames))"
        case .unknownCredentialFormat(let name):
            return "unknown credentials format '\(name)' (known: csv, html, eml)"
        case .invalidMailAddress(let text, let reason):
            return "'\(text)' is not a mail address: \(reason)"
        case .missingRecipient:
            return "a .eml credentials sheet needs --mail-to ADDRESS"
        case .recipientNeedsMessageFormat:
            return "--mail-to needs a .eml credentials sheet (--credentials FILE.eml)"
        }
    }

    private static func explain(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
