import Foundation
import Provisioning
import Reports

/// The credentials sheet of a page's run as one `.eml` message (``CredentialsMessage``, the
/// CLI's `--credentials FILE.eml --mail-to ADDRESS`), for the server to keep until its one
/// download and then delete.
public enum PortalCredentialSheet {
    /// The message's bytes.
    /// - Throws: ``ReportError`` when the parts cannot be spooled.
    public static func message(_ credentials: [IssuedCredential], recipient: MailAddress, date: Date, random: RandomSource,
                               temporaryDirectory: String = NSTemporaryDirectory()) throws -> [UInt8] {
        let output = ReportOutput.memory(name: "credentials.eml")
        let sheet = try CredentialsMessage(output: output, recipient: recipient, date: date, random: random,
                                           temporaryDirectory: temporaryDirectory)
        for credential in credentials { try sheet.add(credential) }
        try sheet.finish()
        return output.bytes
    }
}
