import Foundation
import Provisioning

/// The credentials sheet as plain text: the `text/plain` part of the `.eml` message.
enum CredentialSheetText {
    private static let rule = String(repeating: "-", count: 60)

    /// The heading.
    static func start(issuedAt: Date) -> String {
        """
        Sign-in details, issued \(ReportDate.readable(issuedAt))

        Confidential. Give each person only their own card, and destroy this
        message once everyone has signed in.

        """
    }

    /// One user's card.
    static func card(_ credential: IssuedCredential) -> String {
        let change = credential.mustChangePassword
            ? "Change this password when you first sign in."
            : "This password does not have to be changed at sign-in."
        return """
        \(rule)
        Customer:            \(oneLine(credential.customerID))
        Name:                \(oneLine(credential.displayName))
        Sign-in name:        \(oneLine(credential.userPrincipalName))
        Temporary password:  \(credential.password.reveal())
        \(change)

        """
    }

    /// The closing lines after `count` cards.
    static func end(count: Int) -> String {
        count == 0 ? "No temporary passwords were issued.\n" : "\(rule)\n\(ReportVocabulary.count(count)) \(count == 1 ? "person" : "people").\n"
    }

    /// `text` with control characters (line breaks above all) turned into spaces, so that
    /// no value can forge a line of the sheet.
    private static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
