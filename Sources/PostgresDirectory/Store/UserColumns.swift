import Foundation
import Provisioning

/// How a `users` row becomes a ``Provisioning/User``: the column list every user query selects,
/// and the reader for it. Roles and disabled plans are stored newline-separated, as in SQLite.
enum UserColumns {
    /// The selected columns, in the order ``read(_:_:)`` expects; the table is aliased `u`.
    static let list = """
        u.id, u.object_id, u.customer_id, u.upn, u.display_name, u.first_name, u.last_name, u.job_title,
        u.department, u.usage_location, u.account_enabled, u.roles, u.created_at, u.deleted_at,
        u.must_change_password
        """

    /// The row id and the user (without licenses) of row `row`.
    static func read(_ rows: Rows, _ row: Int) -> (rowID: Int64, user: User) {
        let attributes = UserAttributes(displayName: rows.text(row, 4), firstName: rows.optionalText(row, 5),
                                        lastName: rows.optionalText(row, 6), jobTitle: rows.optionalText(row, 7),
                                        department: rows.optionalText(row, 8), usageLocation: rows.optionalText(row, 9),
                                        accountEnabled: rows.bool(row, 10))
        let user = User(objectID: rows.text(row, 1), customerID: rows.text(row, 2), userPrincipalName: rows.text(row, 3),
                        attributes: attributes, roles: split(rows.text(row, 11)),
                        createdAt: Date(timeIntervalSince1970: rows.double(row, 12)),
                        deletedAt: rows.optionalDouble(row, 13).map { Date(timeIntervalSince1970: $0) },
                        mustChangePassword: rows.bool(row, 14))
        return (rows.int64(row, 0), user)
    }

    /// Splits a stored list.
    static func split(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n").map(String.init)
    }

    /// Joins a list for storing.
    static func join(_ items: [String]) -> String {
        items.joined(separator: "\n")
    }
}
