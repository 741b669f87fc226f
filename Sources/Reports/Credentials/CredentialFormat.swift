import Foundation
import Provisioning

/// A credentials sheet format, from `--credentials FILE`'s extension.
public enum CredentialFormat: String, CaseIterable, Sendable {
    /// A spreadsheet (`.csv`), written in the Excel-safe mode.
    case csv
    /// A printable page of cards (`.html`, `.htm`).
    case html
    /// A mail message with the printable page (`.eml`), for `sendmail -t`.
    case eml

    /// The format a file extension implies (case-insensitive, with or without the dot).
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "csv": self = .csv
        case "html", "htm": self = .html
        case "eml": self = .eml
        default: return nil
        }
    }

    /// The format for `path`: `explicitName` when given, else the path's extension.
    /// - Throws: ``ReportError/unknownCredentialFormat(_:)``.
    public init(path: String, explicitName: String? = nil) throws {
        let text = explicitName ?? (path as NSString).pathExtension
        guard let format = CredentialFormat(fileExtension: text) else {
            throw ReportError.unknownCredentialFormat(text.isEmpty ? path : text)
        }
        self = format
    }
}

/// What a credentials sheet needs besides its path.
public struct CredentialSheetOptions {
    /// The date on the sheet and the message's `Date:` (the run's injected "now").
    public var issuedAt: Date
    /// The recipient (`--mail-to`); required for, and only allowed with, `.eml`.
    public var mailTo: MailAddress?
    /// The sender of the message.
    public var mailFrom: MailAddress
    /// The message's subject; by default "Sign-in details for N people".
    public var subject: String?
    /// Makes the message's `Message-ID` unique.
    public var random: RandomSource
    /// Where the message's parts are spooled.
    public var temporaryDirectory: String

    /// Creates options.
    public init(issuedAt: Date, mailTo: MailAddress? = nil, mailFrom: MailAddress = .defaultSender,
                subject: String? = nil, random: RandomSource,
                temporaryDirectory: String = NSTemporaryDirectory()) {
        self.issuedAt = issuedAt
        self.mailTo = mailTo
        self.mailFrom = mailFrom
        self.subject = subject
        self.random = random
        self.temporaryDirectory = temporaryDirectory
    }
}

/// Creates the credentials sheet at `path`, mode 0600 from the moment it exists (an existing
/// file is set to 0600 before it is truncated and written).
/// - Parameters:
///   - path: the file.
///   - format: the format; by default from the extension.
///   - options: date, recipient and the rest.
///   - replacing: whether an existing file is replaced; when `false` the sheet is only
///     created, and an existing file (whose passwords may not be handed over yet) gives
///     ``ReportError/cannotOpen(path:errno:)`` with `EEXIST`.
/// - Returns: a sink to feed with `add` per credential, then `finish`.
/// - Throws: ``ReportError`` when the format is unknown, the recipient is missing for `.eml`
///   or given for another format, or the file cannot be created.
public func makeCredentialSink(path: String, format: CredentialFormat? = nil,
                               options: CredentialSheetOptions, replacing: Bool = true) throws -> any CredentialSink {
    let format = try format ?? CredentialFormat(path: path)
    if format == .eml, options.mailTo == nil { throw ReportError.missingRecipient }
    if format != .eml, options.mailTo != nil { throw ReportError.recipientNeedsMessageFormat }
    let output = try ReportOutput.privateFile(atPath: path, exclusive: !replacing)
    switch format {
    case .csv:
        return CredentialsCSV(output: output)
    case .html:
        return CredentialsHTML(output: output, issuedAt: options.issuedAt)
    case .eml:
        guard let recipient = options.mailTo else { throw ReportError.missingRecipient }
        return try CredentialsMessage(output: output, recipient: recipient, sender: options.mailFrom,
                                      subject: options.subject, date: options.issuedAt, random: options.random,
                                      temporaryDirectory: options.temporaryDirectory)
    }
}
