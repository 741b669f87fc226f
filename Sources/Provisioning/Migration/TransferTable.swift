import Foundation

/// A table of a store as `provision migrate` copies it between backends (docs/store.md, "Copying
/// a store"): its columns in one order every backend reads and writes, whatever its own schema
/// calls or types them. Rows are written in the order the cases are declared (the catalog
/// before the customers that buy it, users before their assignments).
///
/// Not copied: what a backend derives (seat tallies, counted again by the target), and what
/// belongs to running processes (PostgreSQL's lock holders).
public enum TransferTable: String, CaseIterable, Sendable {
    case products
    case servicePlans = "service_plans"
    case rules
    case customers
    case domains
    case subscriptions
    case users
    /// Keyed by the user's object id (`user`), not by a backend's row number.
    case assignments
    /// In the order of writing, which the target keeps.
    case auditLog = "audit_log"
    case journal
    case undeliveredGroups = "undelivered_groups"
    /// The portal's operators, with their scrypt hashes as stored.
    case operators

    /// The kind of value a column holds.
    public enum Kind: Sendable {
        /// UTF-8 text.
        case text
        /// A 64-bit integer.
        case integer
        /// A real number (times: Unix seconds).
        case real
        /// 0 or 1.
        case boolean
        /// Bytes (password salts and hashes).
        case bytes
    }

    /// The columns, in the order of a ``TransferRow``: the name and its kind.
    public var columns: [(name: String, kind: Kind)] {
        switch self {
        case .products: return [("part_number", .text), ("guid", .text), ("display_name", .text)]
        case .servicePlans:
            return [("product", .text), ("plan_id", .text), ("name", .text), ("friendly_name", .text), ("position", .integer)]
        case .rules: return [("position", .integer), ("kind", .text), ("subject", .text), ("object", .text), ("note", .text)]
        case .customers: return [("id", .text), ("name", .text), ("default_location", .text), ("change_counter", .integer)]
        case .domains: return [("customer_id", .text), ("domain", .text), ("position", .integer)]
        case .subscriptions: return [("customer_id", .text), ("product", .text), ("seats", .integer)]
        case .users:
            return [("object_id", .text), ("customer_id", .text), ("upn", .text), ("display_name", .text),
                    ("first_name", .text), ("last_name", .text), ("job_title", .text), ("department", .text),
                    ("usage_location", .text), ("account_enabled", .boolean), ("roles", .text), ("created_at", .real),
                    ("deleted_at", .real), ("must_change_password", .boolean), ("password_scheme", .integer),
                    ("password_salt", .bytes), ("password_hash", .bytes)]
        case .assignments: return [("user", .text), ("product", .text), ("disabled_plans", .text)]
        case .auditLog:
            return [("at", .text), ("batch_id", .text), ("operator", .text), ("role", .text), ("customer_id", .text),
                    ("object_id", .text), ("upn", .text), ("action", .text), ("detail", .text)]
        case .journal:
            return [("customer_id", .text), ("batch_id", .text), ("key", .text), ("applied_at", .real),
                    ("password_object_id", .text), ("password_group", .integer)]
        case .undeliveredGroups: return [("customer_id", .text), ("batch_id", .text), ("group_no", .integer)]
        case .operators:
            return [("name", .text), ("role", .text), ("password_hash", .text), ("created_at", .real),
                    ("changed_at", .real), ("disabled", .boolean)]
        }
    }

    /// The column names joined by `, ` (SQL text is built from these constants only).
    public var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// How reports name the table.
    public var label: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// One value of a copied row; `null` for SQL `NULL`.
public enum TransferValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// One row of a ``TransferTable``: one value per column, in its order.
public typealias TransferRow = [TransferValue]
