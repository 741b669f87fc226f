import Foundation

/// The portal's addresses: the one place the pages' links and forms and the server's routes
/// agree on (docs/portal.md lists them with their methods). Path segments and query values
/// are percent-encoded here, so an id from the store can never change the shape of a URL.
public enum PortalPaths {
    /// The portal's one stylesheet (``PortalStyleSheet/css``), served by the portal itself.
    public static let styleSheet = "/assets/portal.css"
    /// The customer list (GET, `?q=` searches).
    public static let customers = "/customers"
    /// Signing in (GET: the form; POST: the name, the password and the pre-login CSRF token).
    public static let login = "/login"
    /// Signing out (POST with the CSRF field; the sessions' part of the server).
    public static let logout = "/logout"

    /// `/customers/ID`, the prefix of a customer's pages.
    public static func customer(_ customerID: String) -> String { "/customers/" + segment(customerID) }
    /// Users and licenses (GET: the paged list and the selection).
    public static func users(_ customerID: String) -> String { customer(customerID) + "/users" }
    /// Deleted users (GET: the list; restore goes through ``restoreUsers(_:)``).
    public static func deletedUsers(_ customerID: String) -> String { customer(customerID) + "/users/deleted" }
    /// Manage licenses for a selection (GET: the form; POST: save, then "Licenses updated").
    public static func manageLicenses(_ customerID: String) -> String { customer(customerID) + "/licenses" }
    /// Add user (GET: the form; POST: create, then the confirmation).
    public static func addUser(_ customerID: String) -> String { customer(customerID) + "/users/new" }
    /// Delete users (GET: the confirmation for the selection; POST: delete).
    public static func deleteUsers(_ customerID: String) -> String { customer(customerID) + "/users/delete" }
    /// Restore deleted users (GET: the confirmation; POST: restore).
    public static func restoreUsers(_ customerID: String) -> String { customer(customerID) + "/users/restore" }
    /// Reset one user's password (GET: the confirmation; POST: reset, then the new password once).
    public static func resetPassword(_ customerID: String, objectID: String) -> String {
        customer(customerID) + "/users/" + segment(objectID) + "/reset-password"
    }
    /// The seats page of the customers-and-seats issue ("Buy more" links here).
    public static func seats(_ customerID: String) -> String { customer(customerID) + "/seats" }
    /// Upload a CSV (GET: the form; POST multipart: store the file, plan it, show the Preview).
    public static func uploads(_ customerID: String) -> String { customer(customerID) + "/uploads" }
    /// One upload's Preview (GET).
    public static func upload(_ customerID: String, uploadID: String) -> String {
        uploads(customerID) + "/" + segment(uploadID)
    }
    /// Commit an upload's saved plan (POST).
    public static func commit(_ customerID: String, uploadID: String) -> String { upload(customerID, uploadID: uploadID) + "/commit" }
    /// A background job: its progress page while it runs, its result page after (GET).
    public static func job(_ customerID: String, jobID: String) -> String { customer(customerID) + "/jobs/" + segment(jobID) }
    /// A credentials sheet to download once (GET; the server deletes it once sent).
    public static func credentials(_ customerID: String, sheetID: String) -> String {
        customer(customerID) + "/credentials/" + segment(sheetID) + ".eml"
    }
    /// The audit log (GET, `?operator=&batch=&page=`).
    public static func audit(_ customerID: String) -> String { customer(customerID) + "/audit" }

    /// `path?name=value&…`, each name and value percent-encoded; pairs with an empty value are
    /// left out.
    public static func with(_ path: String, query: [(String, String)]) -> String {
        let pairs = query.filter { !$0.1.isEmpty }.map { component($0.0) + "=" + component($0.1) }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// Characters a path segment or query component keeps as they are (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One path segment, percent-encoded (`/`, `?`, `#` and `..` cannot escape it).
    static func segment(_ value: String) -> String {
        let encoded = value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        return encoded == "." || encoded == ".." ? encoded.replacingOccurrences(of: ".", with: "%2E") : encoded
    }

    /// One query name or value, percent-encoded.
    static func component(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
