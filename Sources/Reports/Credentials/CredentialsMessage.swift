import Foundation
import Provisioning

/// The credentials sheet as one mail message (`--credentials FILE.eml --mail-to ADDRESS`),
/// ready for `sendmail -t < FILE.eml` or any mail client; the engine itself speaks no SMTP.
///
/// An [RFC 5322](https://www.rfc-editor.org/rfc/rfc5322) message with CRLF line ends:
/// `From`, `To`, `Subject`, `Date`, `Message-ID`, `MIME-Version`, and a
/// `multipart/alternative` body ([RFC 2046 §5.1.4](https://www.rfc-editor.org/rfc/rfc2046#section-5.1.4))
/// with the text sheet then the printable HTML sheet, both UTF-8 in quoted-printable.
/// Non-ASCII header text is RFC 2047-encoded.
///
/// The headers name how many people the sheet holds, which is known only at the end, so
/// both parts are encoded as cards arrive into anonymous temporary files (mode 0600) and
/// assembled at ``finish()``.
public final class CredentialsMessage: CredentialSink {
    private let output: ReportOutput
    private let recipient: MailAddress
    private let sender: MailAddress
    private let subject: String?
    private let date: Date
    private let token: String
    private let textPart: SpoolFile
    private let htmlPart: SpoolFile
    private var count = 0

    /// Creates the message.
    /// - Parameters:
    ///   - output: where to write (a private file); ``finish()`` closes it.
    ///   - recipient: the `To:` address (`--mail-to`).
    ///   - sender: the `From:` address.
    ///   - subject: the subject; by default "Sign-in details for N people".
    ///   - date: the `Date:` header and the date on the sheet.
    ///   - random: makes the `Message-ID` and the part boundary unique.
    ///   - temporaryDirectory: where the parts are spooled.
    /// - Throws: ``ReportError/cannotOpen(path:errno:)`` when the spool files cannot be made.
    public init(output: ReportOutput, recipient: MailAddress, sender: MailAddress = .defaultSender,
                subject: String? = nil, date: Date, random: RandomSource,
                temporaryDirectory: String = NSTemporaryDirectory()) throws {
        self.output = output
        self.recipient = recipient
        self.sender = sender
        self.subject = subject
        self.date = date
        self.token = random.objectID(at: date)
        textPart = try SpoolFile(directory: temporaryDirectory)
        htmlPart = try SpoolFile(directory: temporaryDirectory)
        try textPart.write(MIMEEncoding.quotedPrintable(CredentialSheetText.start(issuedAt: date)))
        try htmlPart.write(MIMEEncoding.quotedPrintable(CredentialSheetHTML.start(issuedAt: date)))
    }

    /// The multipart boundary. It starts with `=_`, which quoted-printable text can never
    /// contain (every `=` there is followed by two hex digits or a line end).
    var boundary: String { "=_provision_" + token.replacingOccurrences(of: "-", with: "") }

    public func add(_ credential: IssuedCredential) throws {
        try textPart.write(MIMEEncoding.quotedPrintable(CredentialSheetText.card(credential)))
        try htmlPart.write(MIMEEncoding.quotedPrintable(CredentialSheetHTML.card(credential)))
        count += 1
    }

    public func finish() throws {
        defer {
            textPart.close()
            htmlPart.close()
        }
        try textPart.write(MIMEEncoding.quotedPrintable(CredentialSheetText.end(count: count)))
        try htmlPart.write(MIMEEncoding.quotedPrintable(CredentialSheetHTML.end(count: count)))
        let people = "\(ReportVocabulary.count(count)) \(count == 1 ? "person" : "people")"
        var head = MIMEEncoding.header("From", MIMEEncoding.mailbox(sender))
        head += MIMEEncoding.header("To", MIMEEncoding.mailbox(recipient))
        head += MIMEEncoding.header("Subject", MIMEEncoding.headerText(subject ?? "Sign-in details for \(people)"))
        head += MIMEEncoding.header("Date", ReportDate.rfc5322(date))
        head += MIMEEncoding.header("Message-ID", "<\(token)@\(sender.domain)>")
        head += MIMEEncoding.header("MIME-Version", "1.0")
        head += MIMEEncoding.header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        head += "\r\nThis message holds temporary passwords for \(people).\r\n"
        try output.write(head)
        try output.write(partHeader("text/plain"))
        try textPart.copy(into: output)
        try output.write(partHeader("text/html"))
        try htmlPart.copy(into: output)
        try output.write("\r\n--\(boundary)--\r\n")
        try output.close()
    }

    private func partHeader(_ type: String) -> String {
        "\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    }
}
