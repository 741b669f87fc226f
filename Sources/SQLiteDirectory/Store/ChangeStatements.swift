import Foundation
import PasswordHashing
import Provisioning

/// The prepared statements of ``ChangeApplier``, taken from the connection's cache once per
/// batch so that the per-user path does no SQL-text lookups, with the binding of each.
final class ChangeStatements {
    let journalInsert: Statement
    let journalDelete: Statement
    let undeliveredSelect: Statement
    let undeliveredGroupInsert: Statement
    let auditInsert: Statement
    let findUser: Statement
    let productName: Statement
    private let userInsert: Statement
    private let userUpdate: Statement
    private let assignmentUpdate: Statement
    private let assignmentInsert: Statement
    private let assignmentDelete: Statement
    private let heldSelect: Statement
    private let deleteUpdate: Statement
    private let restoreUpdate: Statement
    private let passwordUpdate: Statement
    private let connection: Connection
    /// The salts of the passwords this batch stores.
    private let salts = PasswordHasher.SaltSource()

    init(_ connection: Connection) throws {
        self.connection = connection
        journalInsert = try connection.cached("""
            INSERT INTO journal (customer_id, batch_id, key, applied_at, password_object_id, password_group)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT DO NOTHING
            """)
        journalDelete = try connection.cached(
            "DELETE FROM journal WHERE customer_id = ?1 AND batch_id = ?2 AND key = ?3")
        undeliveredSelect = try connection.cached("""
            SELECT password_object_id FROM journal
            WHERE customer_id = ?1 AND batch_id = ?2 AND key = ?3 AND password_group IN
                (SELECT group_no FROM undelivered_groups WHERE customer_id = ?1 AND batch_id = ?2)
            """)
        undeliveredGroupInsert = try connection.cached(
            "INSERT INTO undelivered_groups (customer_id, batch_id, group_no) VALUES (?1, ?2, ?3)")
        auditInsert = try connection.cached("""
            INSERT INTO audit_log (at, batch_id, operator, role, customer_id, object_id, upn, action, detail)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        findUser = try connection.cached("SELECT id, customer_id, upn, deleted_at FROM users WHERE object_id = ?1")
        productName = try connection.cached("SELECT display_name FROM products WHERE part_number = ?1")
        userInsert = try connection.cached("""
            INSERT INTO users (object_id, customer_id, upn, display_name, first_name, last_name, job_title,
                department, usage_location, account_enabled, roles, created_at, deleted_at, must_change_password,
                password_scheme, password_salt, password_hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            """)
        userUpdate = try connection.cached("""
            UPDATE users SET display_name = ?2, first_name = ?3, last_name = ?4, job_title = ?5, department = ?6,
                usage_location = ?7, account_enabled = ?8, roles = ?9
            WHERE id = ?1
            """)
        assignmentUpdate = try connection.cached(
            "UPDATE assignments SET disabled_plans = ?3 WHERE user_id = ?1 AND product = ?2")
        assignmentInsert = try connection.cached(
            "INSERT INTO assignments (user_id, product, disabled_plans) VALUES (?1, ?2, ?3)")
        assignmentDelete = try connection.cached("DELETE FROM assignments WHERE user_id = ?1 AND product = ?2")
        heldSelect = try connection.cached("SELECT product FROM assignments WHERE user_id = ?1 ORDER BY product")
        deleteUpdate = try connection.cached("UPDATE users SET deleted_at = ?2 WHERE id = ?1")
        restoreUpdate = try connection.cached("UPDATE users SET deleted_at = NULL, upn = ?2 WHERE id = ?1")
        passwordUpdate = try connection.cached("""
            UPDATE users SET password_scheme = ?2, password_salt = ?3, password_hash = ?4, must_change_password = 1
            WHERE id = ?1
            """)
    }

    /// Inserts a user with the hash of `password`.
    /// - Returns: the new row id.
    func insertUser(_ user: User, password: TemporaryPassword) throws -> Int64 {
        let (salt, hash) = try PasswordHasher.hash(TemporaryPasswordText(password.reveal()), salts: salts)
        let statement = userInsert
        statement.bind(user.objectID, at: 1)
        statement.bind(user.customerID, at: 2)
        statement.bind(user.userPrincipalName, at: 3)
        Self.bind(user.attributes, roles: user.roles, to: statement, from: 4)
        statement.bind(user.createdAt.timeIntervalSince1970, at: 12)
        statement.bind(user.deletedAt?.timeIntervalSince1970, at: 13)
        statement.bind(true, at: 14)
        statement.bind(PasswordHasher.scheme, at: 15)
        statement.bind(blob: salt, at: 16)
        statement.bind(blob: hash, at: 17)
        try statement.run()
        return connection.lastInsertRowID
    }

    /// Replaces the attributes and roles of a user.
    func update(rowID: Int64, attributes: UserAttributes, roles: [String]) throws {
        let statement = userUpdate
        statement.bind(rowID, at: 1)
        Self.bind(attributes, roles: roles, to: statement, from: 2)
        try statement.run()
    }

    /// Binds display name, first and last name, job title, department, usage location, account
    /// enabled and roles to eight parameters in a row, starting at `first`.
    private static func bind(_ attributes: UserAttributes, roles: [String], to statement: Statement, from first: Int32) {
        statement.bind(attributes.displayName, at: first)
        statement.bind(attributes.firstName, at: first + 1)
        statement.bind(attributes.lastName, at: first + 2)
        statement.bind(attributes.jobTitle, at: first + 3)
        statement.bind(attributes.department, at: first + 4)
        statement.bind(attributes.usageLocation, at: first + 5)
        statement.bind(attributes.accountEnabled, at: first + 6)
        statement.bind(UserRows.join(roles), at: first + 7)
    }

    /// Assigns a product, or changes its disabled plans when already held.
    /// - Returns: whether the product is new to the user (a seat more).
    func assign(rowID: Int64, license: LicenseAssignment) throws -> Bool {
        let plans = UserRows.join(license.disabledPlans)
        assignmentUpdate.bind(rowID, at: 1)
        assignmentUpdate.bind(license.partNumber, at: 2)
        assignmentUpdate.bind(plans, at: 3)
        try assignmentUpdate.run()
        if connection.changes > 0 { return false }
        assignmentInsert.bind(rowID, at: 1)
        assignmentInsert.bind(license.partNumber, at: 2)
        assignmentInsert.bind(plans, at: 3)
        try assignmentInsert.run()
        return true
    }

    /// Inserts an assignment for a user known to hold no assignment of that product (a user
    /// created in this set): one statement instead of ``assign(rowID:license:)``'s two.
    func insertAssignment(rowID: Int64, license: LicenseAssignment) throws {
        assignmentInsert.bind(rowID, at: 1)
        assignmentInsert.bind(license.partNumber, at: 2)
        assignmentInsert.bind(UserRows.join(license.disabledPlans), at: 3)
        try assignmentInsert.run()
    }

    /// Removes a product.
    /// - Returns: whether the user held it.
    func revoke(rowID: Int64, partNumber: String) throws -> Bool {
        assignmentDelete.bind(rowID, at: 1)
        assignmentDelete.bind(partNumber, at: 2)
        try assignmentDelete.run()
        return connection.changes > 0
    }

    /// The products a user holds (or held at deletion), sorted.
    func heldProducts(rowID: Int64) throws -> [String] {
        defer { heldSelect.reset() }
        heldSelect.bind(rowID, at: 1)
        var products: [String] = []
        while try heldSelect.step() { products.append(heldSelect.text(0)) }
        return products
    }

    /// Soft-deletes a user.
    func markDeleted(rowID: Int64, at date: Date) throws {
        deleteUpdate.bind(rowID, at: 1)
        deleteUpdate.bind(date.timeIntervalSince1970, at: 2)
        try deleteUpdate.run()
    }

    /// Makes a deleted user active again under `userPrincipalName`.
    /// - Throws: a unique-constraint ``SQLiteError`` when an active user has the name.
    func markRestored(rowID: Int64, userPrincipalName: String) throws {
        restoreUpdate.bind(rowID, at: 1)
        restoreUpdate.bind(userPrincipalName, at: 2)
        try restoreUpdate.run()
    }

    /// Stores the hash of a new temporary password, to be changed at next sign-in.
    func setPassword(rowID: Int64, password: TemporaryPassword) throws {
        let (salt, hash) = try PasswordHasher.hash(TemporaryPasswordText(password.reveal()), salts: salts)
        passwordUpdate.bind(rowID, at: 1)
        passwordUpdate.bind(PasswordHasher.scheme, at: 2)
        passwordUpdate.bind(blob: salt, at: 3)
        passwordUpdate.bind(blob: hash, at: 4)
        try passwordUpdate.run()
    }
}
