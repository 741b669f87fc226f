import Foundation
import Provisioning

extension PostgresDirectory {
    /// The users with these sign-in names (case-insensitive), active or deleted and not purged,
    /// with their licenses. Several deleted users may share a name.
    /// - Complexity: one statement for the users (an index probe per name) and one for their licenses.
    public func users(customerID: String, principalNames: [String]) throws -> [User] {
        let names = Array(Set(principalNames.map { $0.fastLowercased }))
        guard !names.isEmpty else { return [] }
        let rows = try connection.query(Self.usersByNameSQL, [customerID, TextArray(names)])
        return try withLicenses(rows)
    }

    /// The look-up of ``users(customerID:principalNames:)``: active and deleted users alike, so
    /// it needs the index on every user's name (`users_name`), not the partial ones (a test
    /// checks the plan: without it every chunk of a large job scanned the whole table).
    static let usersByNameSQL = """
        SELECT \(UserColumns.list) FROM users AS u
        WHERE u.customer_id = $1 AND lower(u.upn) = ANY ($2::text[])
        ORDER BY u.deleted_at IS NOT NULL, u.id
        """

    /// The users with these object ids, active or deleted and not purged, with their licenses.
    public func users(customerID: String, objectIDs: [String]) throws -> [User] {
        let ids = Array(Set(objectIDs.map { $0.fastLowercased }))
        guard !ids.isEmpty else { return [] }
        let rows = try connection.query("""
            SELECT \(UserColumns.list) FROM users AS u WHERE u.object_id = ANY ($2::text[]) AND u.customer_id = $1 ORDER BY u.id
            """, [customerID, TextArray(ids)])
        return try withLicenses(rows)
    }

    /// The users of `rows`, in order, each with its assignments sorted by part number (one
    /// statement for all of them).
    func withLicenses(_ rows: Rows) throws -> [User] {
        let found = (0..<rows.count).map { UserColumns.read(rows, $0) }
        guard !found.isEmpty else { return [] }
        let licenses = try connection.query("""
            SELECT user_id, product, disabled_plans FROM assignments WHERE user_id = ANY ($1::bigint[])
            ORDER BY user_id, product COLLATE "C"
            """, [TextArray(found.map { String($0.rowID) })])
        var byUser: [Int64: [LicenseAssignment]] = [:]
        for row in 0..<licenses.count {
            byUser[licenses.int64(row, 0), default: []].append(
                LicenseAssignment(partNumber: licenses.text(row, 1), disabledPlans: UserColumns.split(licenses.text(row, 2))))
        }
        return found.map { rowID, user in
            var user = user
            user.licenses = byUser[rowID] ?? []
            return user
        }
    }

    /// One page of the customer's users matching `query`, with the total over all pages.
    ///
    /// The filters and sort orders of SQLiteDirectory: names and departments compare
    /// case-insensitively (`lower()`), text sorts bytewise (`COLLATE "C"`, as SQLite's
    /// `BINARY`), `NULL`s first, ties broken by user name and row id.
    /// - Throws: ``StoreError/unknownCustomer(_:)``, or `invalid` for a page below 1
    ///   or a page size outside 1…10,000.
    public func listUsers(customerID: String, query: UserQuery) throws -> UserPage {
        try requireCustomer(customerID)
        guard query.page >= 1 else { throw StoreError.invalid("page \(query.page) is not a page number (1 or more)") }
        guard (1...10_000).contains(query.pageSize) else {
            throw StoreError.invalid("page size \(query.pageSize) is outside 1…10000")
        }
        let (condition, order, value) = Self.selection(query)
        let total = try connection.query("SELECT count(*) FROM users AS u WHERE \(condition)", [customerID, value]).int(0, 0)
        let (offset, overflow) = (query.page - 1).multipliedReportingOverflow(by: query.pageSize)
        let rows = try connection.query(
            "SELECT \(UserColumns.list) FROM users AS u WHERE \(condition) ORDER BY \(order) LIMIT $3 OFFSET $4",
            [customerID, value, query.pageSize, overflow ? Int.max : offset])
        return UserPage(users: try withLicenses(rows), total: total, page: query.page, pageSize: query.pageSize)
    }

    /// The `WHERE` condition (`$1` the customer, `$2` the filter's value or `NULL`) and the
    /// `ORDER BY` terms of a query: constant SQL fragments only.
    static func selection(_ query: UserQuery) -> (condition: String, order: String, value: String?) {
        var condition = "u.customer_id = $1 AND u.deleted_at IS NULL AND $2::text IS NOT DISTINCT FROM $2::text"
        var value: String?
        switch query.filter {
        case .all:
            break
        case .unlicensed:
            condition += " AND NOT EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id)"
        case .licensed:
            condition += " AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id)"
        case .deleted:
            condition = "u.customer_id = $1 AND u.deleted_at IS NOT NULL AND $2::text IS NOT DISTINCT FROM $2::text"
        case .product(let partNumber):
            condition += " AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id AND lower(a.product) = lower($2::text))"
            value = partNumber
        case .department(let department):
            condition += " AND lower(u.department) = lower($2::text)"
            value = department
        case .location(let location):
            condition += " AND u.usage_location = $2::text"
            value = location.uppercased()
        }
        let name = "lower(u.upn) COLLATE \"C\", u.id"
        let order: String
        switch query.sort {
        case .userPrincipalName: order = name
        case .displayName: order = "u.display_name COLLATE \"C\", " + name
        case .created: order = "u.created_at, " + name
        case .department: order = "lower(u.department) COLLATE \"C\" NULLS FIRST, " + name
        }
        return (condition, order, value)
    }
}
