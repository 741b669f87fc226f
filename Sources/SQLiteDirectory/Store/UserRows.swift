import Foundation
import Provisioning

/// How a `users` row becomes a ``Provisioning/User``: the column list every user query selects,
/// and the reader for it. Roles and disabled plans are stored newline-separated.
enum UserRows {
    /// The selected columns, in the order ``read(_:)`` expects; the table is aliased `u`.
    static let columns = """
        u.id, u.object_id, u.customer_id, u.upn, u.display_name, u.first_name, u.last_name, u.job_title,
        u.department, u.usage_location, u.account_enabled, u.roles, u.created_at, u.deleted_at,
        u.must_change_password
        """

    /// The separator of list columns (roles, disabled plans): no name contains a line break.
    static let separator: Character = "\n"

    /// The row id and the user (without licenses) of the statement's current row.
    static func read(_ row: Statement) -> (rowID: Int64, user: User) {
        let attributes = UserAttributes(displayName: row.text(4), firstName: row.optionalText(5),
                                        lastName: row.optionalText(6), jobTitle: row.optionalText(7),
                                        department: row.optionalText(8), usageLocation: row.optionalText(9),
                                        accountEnabled: row.int64(10) != 0)
        let user = User(objectID: row.text(1), customerID: row.text(2), userPrincipalName: row.text(3),
                        attributes: attributes, roles: list(row.text(11)),
                        createdAt: Date(timeIntervalSince1970: row.double(12)),
                        deletedAt: row.optionalDouble(13).map { Date(timeIntervalSince1970: $0) },
                        mustChangePassword: row.int64(14) != 0)
        return (row.int64(0), user)
    }

    /// Splits a stored list.
    static func list(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: separator).map(String.init)
    }

    /// Joins a list for storing.
    static func join(_ items: [String]) -> String {
        items.joined(separator: String(separator))
    }
}
