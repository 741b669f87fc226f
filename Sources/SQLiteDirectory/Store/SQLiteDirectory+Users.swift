import Foundation
import Provisioning

extension SQLiteDirectory {
    /// Names or ids looked up per query; the last chunk is padded by repeating a value.
    static let lookupChunk = 250

    /// The users with these sign-in names (case-insensitive), active or deleted and not purged,
    /// with their licenses. Several deleted users may share a name.
    /// - Complexity: one query per 250 names, each an index probe per name.
    public func users(customerID: String, principalNames: [String]) throws -> [User] {
        let sql = """
            SELECT \(UserRows.columns) FROM users AS u
            WHERE u.customer_id = ?1 AND u.deleted_at IS NULL AND u.upn IN (\(Self.placeholders))
            UNION ALL
            SELECT \(UserRows.columns) FROM users AS u
            WHERE u.customer_id = ?1 AND u.deleted_at IS NOT NULL AND u.upn IN (\(Self.placeholders))
            """
        // `upn` is NOCASE and `IN` matches a row once however often its name is listed: the
        // names go in as given, repeats and all.
        return try lookup(sql: sql, customerID: customerID, keys: principalNames)
    }

    /// The users with these object ids, active or deleted and not purged, with their licenses.
    public func users(customerID: String, objectIDs: [String]) throws -> [User] {
        let sql = """
            SELECT \(UserRows.columns) FROM users AS u
            WHERE u.object_id IN (\(Self.placeholders)) AND u.customer_id = ?1
            """
        let ids = Array(Set(objectIDs.map { $0.fastLowercased }))
        return try lookup(sql: sql, customerID: customerID, keys: ids)
    }

    /// `?2, ?3, …` for one chunk (parameter 1 is the customer).
    private static let placeholders = (2...(lookupChunk + 1)).map { "?\($0)" }.joined(separator: ", ")

    private func lookup(sql: String, customerID: String, keys: [String]) throws -> [User] {
        var found: [(Int64, User)] = []
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + Self.lookupChunk, keys.count)]
            start += Self.lookupChunk
            let statement = try connection.cached(sql)
            defer { statement.reset() }
            statement.bind(customerID, at: 1)
            for index in 0..<Self.lookupChunk {
                let key = index < chunk.count ? chunk[chunk.startIndex + index] : chunk[chunk.startIndex]
                statement.bind(key, at: Int32(index + 2))
            }
            while try statement.step() { found.append(UserRows.read(statement)) }
        }
        return try found.map { rowID, user in
            var user = user
            user.licenses = try licenses(userRowID: rowID)
            return user
        }
    }

    /// The assignments of one user, sorted by part number.
    func licenses(userRowID: Int64) throws -> [LicenseAssignment] {
        let statement = try connection.cached(
            "SELECT product, disabled_plans FROM assignments WHERE user_id = ? ORDER BY product")
        defer { statement.reset() }
        statement.bind(userRowID, at: 1)
        var licenses: [LicenseAssignment] = []
        while try statement.step() {
            licenses.append(LicenseAssignment(partNumber: statement.text(0),
                                              disabledPlans: UserRows.list(statement.text(1))))
        }
        return licenses
    }

    /// One page of the customer's users matching `query`, with the total over all pages.
    ///
    /// Filters: active users (all, licensed, unlicensed, holding a product, of a department —
    /// compared case-insensitively for ASCII letters — or of a usage location), or deleted users
    /// not yet purged. Ties in the sort key are broken by user name.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or `invalid` for a page below 1
    ///   or a page size outside 1…10,000.
    public func listUsers(customerID: String, query: UserQuery) throws -> UserPage {
        try requireCustomer(customerID)
        guard query.page >= 1 else { throw StoreError.invalid("page \(query.page) is not a page number (1 or more)") }
        guard (1...10_000).contains(query.pageSize) else {
            throw StoreError.invalid("page size \(query.pageSize) is outside 1…10000")
        }
        let (condition, order, bindFilter) = Self.selection(query, customerID: customerID)
        let total = try connection.scalar("SELECT count(*) FROM users AS u WHERE \(condition)", bindFilter) ?? 0
        let statement = try connection.cached(
            "SELECT \(UserRows.columns) FROM users AS u WHERE \(condition) ORDER BY \(order) LIMIT ?3 OFFSET ?4")
        defer { statement.reset() }
        bindFilter(statement)
        statement.bind(query.pageSize, at: 3)
        statement.bind(Self.offset(page: query.page, size: query.pageSize), at: 4)
        var rows: [(Int64, User)] = []
        while try statement.step() { rows.append(UserRows.read(statement)) }
        let users = try rows.map { rowID, user in
            var user = user
            user.licenses = try licenses(userRowID: rowID)
            return user
        }
        return UserPage(users: users, total: Int(total), page: query.page, pageSize: query.pageSize)
    }

    /// Every user matching `query`'s filter, in its sort order, one at a time (its page and
    /// page size are not used): one statement, so memory stays flat however many there are,
    /// and one snapshot of the store, so `total` is the number of users `body` gets.
    /// - Parameters:
    ///   - total: called once, before the first user, with the number of users matching.
    ///   - body: called with each user, with its licenses.
    /// - Throws: ``Provisioning/StoreError/unknownCustomer(_:)``, or what `total` or `body` throw.
    /// - Complexity: one pass over the matching users, plus an index probe per user for its licenses.
    public func forEachUser(customerID: String, query: UserQuery, total: (Int) throws -> Void,
                            _ body: (User) throws -> Void) throws {
        try requireCustomer(customerID)
        let (condition, order, bindFilter) = Self.selection(query, customerID: customerID)
        let statement = try connection.cached(
            "SELECT \(UserRows.columns) FROM users AS u WHERE \(condition) ORDER BY \(order)")
        defer { statement.reset() }
        bindFilter(statement)
        // The first step opens the read transaction that the count and every later step share.
        var more = try statement.step()
        let count = try connection.scalar("SELECT count(*) FROM users AS u WHERE \(condition)", bindFilter) ?? 0
        try total(Int(count))
        while more {
            var (rowID, user) = UserRows.read(statement)
            user.licenses = try licenses(userRowID: rowID)
            try body(user)
            more = try statement.step()
        }
    }

    /// The `WHERE` condition (`?1` the customer, `?2` the filter's value if any), the `ORDER BY`
    /// terms of a query, and the function that binds the condition's parameters.
    private static func selection(_ query: UserQuery, customerID: String)
        -> (condition: String, order: String, bind: (Statement) -> Void) {
        var condition = "u.customer_id = ?1 AND u.deleted_at IS NULL"
        var value: String?
        switch query.filter {
        case .all:
            break
        case .unlicensed:
            condition += " AND NOT EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id)"
        case .licensed:
            condition += " AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id)"
        case .deleted:
            condition = "u.customer_id = ?1 AND u.deleted_at IS NOT NULL"
        case .product(let partNumber):
            condition += " AND EXISTS (SELECT 1 FROM assignments AS a WHERE a.user_id = u.id AND a.product = ?2 COLLATE NOCASE)"
            value = partNumber
        case .department(let department):
            condition += " AND u.department = ?2"
            value = department
        case .location(let location):
            condition += " AND u.usage_location = ?2"
            value = location.uppercased()
        }
        let order: String
        switch query.sort {
        case .userPrincipalName: order = "u.upn, u.id"
        case .displayName: order = "u.display_name, u.upn, u.id"
        case .created: order = "u.created_at, u.upn, u.id"
        case .department: order = "u.department, u.upn, u.id"
        }
        let bound = value
        return (condition, order, { statement in
            statement.bind(customerID, at: 1)
            if let bound { statement.bind(bound, at: 2) }
        })
    }

    /// Rows before page `page` (from 1) of `size`: saturates instead of overflowing, so a page
    /// far past the end (`--page 9223372036854775807`) is an empty page, not a trap.
    static func offset(page: Int, size: Int) -> Int {
        let (offset, overflow) = (max(1, page) - 1).multipliedReportingOverflow(by: max(1, size))
        return overflow ? Int.max : offset
    }
}
