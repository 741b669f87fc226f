import Foundation
import Provisioning

/// The printable credentials sheet as HTML: one card per user with the customer, display
/// name, sign-in name, temporary password and "change at next sign-in". Cards never break
/// across pages, two to a row on screen and on A4 paper, with a dashed border to cut along.
/// Used by the `.html` sheet and as the HTML part of the `.eml` message.
enum CredentialSheetHTML {
    private static let style = HTMLStyleSheet.base + """

    @page { size: A4 portrait; margin: 14mm; }
    .note { margin: 12px 0 0; color: var(--muted); }
    .sheet { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; margin-top: 20px; }
    .credential { border: 1.5px dashed #8c959f; border-radius: 8px; padding: 14px 16px; break-inside: avoid; }
    .credential .customer { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
    .credential .who { font-size: 19px; font-weight: 700; margin: 2px 0 10px; overflow-wrap: anywhere; }
    .credential dl { margin: 0; }
    .credential dt { color: var(--muted); font-size: 12px; }
    .credential dd { margin: 0 0 8px; overflow-wrap: anywhere; }
    .credential .password { display: inline-block; white-space: nowrap; font-family: \(HTMLStyleSheet.monoStack);
      font-size: 19px; font-weight: 700; letter-spacing: .08em; background: var(--band); border-radius: 4px; padding: 1px 8px; }
    .credential .upn { font-size: 16px; font-weight: 600; }
    .credential .change { margin: 4px 0 0; font-weight: 600; color: var(--warn); }
    .empty { color: var(--muted); margin-top: 20px; }
    @media print { .credential { break-inside: avoid; } .sheet { gap: 10px; } }
    """

    /// The page up to the first card.
    static func start(issuedAt: Date) -> String {
        HTMLPage.start(title: "Sign-in details", style: style, privatePage: true) + """
        <header>
        <h1>Sign-in details</h1>
        <p class="meta"><span>Issued \(HTMLText.escape(ReportDate.readable(issuedAt)))</span></p>
        <p class="note">Confidential. Give each person only their own card, and destroy this sheet once everyone has signed in.</p>
        </header>
        <section class="sheet">

        """
    }

    /// One user's card.
    static func card(_ credential: IssuedCredential) -> String {
        let e = HTMLText.escape
        let change = credential.mustChangePassword
            ? "Change this password when you first sign in."
            : "This password does not have to be changed at sign-in."
        return """
        <article class="credential">
        <div class="customer">\(e(credential.customerID))</div>
        <div class="who">\(e(credential.displayName))</div>
        <dl>
        <dt>Sign-in name</dt><dd class="upn">\(e(credential.userPrincipalName))</dd>
        <dt>Temporary password</dt><dd><span class="password">\(e(credential.password.reveal()))</span></dd>
        </dl>
        <p class="change">\(change)</p>
        </article>

        """
    }

    /// The rest of the page after `count` cards.
    static func end(count: Int) -> String {
        let empty = count == 0 ? "</section>\n<p class=\"empty\">No temporary passwords were issued.</p>\n" : "</section>\n"
        return empty + HTMLPage.end(footer: "\(ReportVocabulary.count(count)) \(count == 1 ? "person" : "people"). Written by provision.")
    }
}
