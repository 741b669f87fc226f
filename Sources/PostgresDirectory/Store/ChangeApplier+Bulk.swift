import Foundation
import Provisioning

// Design note: a run of lone creates (the bulk case: a nightly file of new users) is applied
// with a handful of set-based statements instead of four or five round trips per user, with
// the outcome of applying the sets one by one:
// 1. the journal rows, `ON CONFLICT DO NOTHING RETURNING`: a key not returned (or repeated
//    in the run) is `.alreadyApplied`;
// 2. in Swift, in set order: the checks of a lone create (customer and object id, known
//    products), object ids and active names taken (one lookup each for the run, plus those
//    earlier sets of the run take), and the seats, kept exact set by set;
// 3. the user rows, `ON CONFLICT DO NOTHING RETURNING id, object_id`: a row a concurrent
//    writer's name kept out after the lookup is refused like any taken name;
// 4. assignments and audit entries; the journal rows of refused sets are deleted again.
// Rows go as array parameters (`unnest`) or by `COPY` through a staging table
// (``BulkWrites``); docs/store.md has the figures.

extension ChangeApplier {
    /// The sets from `start` on that are lone creates of the batch (the bulk case).
    func bulkRun(from start: Int) -> ArraySlice<UserChangeSet> {
        var end = start
        while end < batch.sets.count, Self.isLoneCreate(batch.sets[end]) { end += 1 }
        return batch.sets[start..<end]
    }

    private static func isLoneCreate(_ set: UserChangeSet) -> Bool {
        guard set.kind == .change, set.steps.count == 1, case .create = set.steps[0] else { return false }
        return true
    }

    private static let journal = BulkTable("journal", [
        ("customer_id", "text"), ("batch_id", "text"), ("key", "text"), ("applied_at", "float8"),
        ("password_object_id", "text"), ("password_group", "bigint"),
    ], suffix: "ON CONFLICT DO NOTHING RETURNING customer_id, key")

    private static let users = BulkTable("users", [
        ("object_id", "text"), ("customer_id", "text"), ("upn", "text"), ("display_name", "text"), ("first_name", "text"),
        ("last_name", "text"), ("job_title", "text"), ("department", "text"), ("usage_location", "text"),
        ("account_enabled", "boolean"), ("roles", "text"), ("created_at", "float8"), ("deleted_at", "float8"),
        ("must_change_password", "boolean"), ("password_scheme", "integer"), ("password_salt", "bytea"), ("password_hash", "bytea"),
    ], suffix: "ON CONFLICT DO NOTHING RETURNING id, object_id")

    private static let assignments = BulkTable("assignments", [
        ("user_id", "bigint"), ("product", "text"), ("disabled_plans", "text"),
    ])

    private static let auditLog = BulkTable("audit_log", [
        ("at", "text"), ("batch_id", "text"), ("operator", "text"), ("role", "text"), ("customer_id", "text"),
        ("object_id", "text"), ("upn", "text"), ("action", "text"), ("detail", "text"),
    ])

    /// A create of the run that passed the checks.
    private struct Accepted {
        let index: Int
        let user: User
        let licenses: [LicenseAssignment]
        let delta: [String: Int]
        let scheme: Int64
        let salt: [UInt8]
        let hash: [UInt8]
    }

    /// Applies a run of lone creates with a few batched statements (see the design note above).
    func applyBulk(_ run: ArraySlice<UserChangeSet>) throws -> [UserChangeResult] {
        let sets = Array(run)
        var results = [UserChangeResult?](repeating: nil, count: sets.count)
        var journaled: [Int] = []
        var seenKeys = Set<JournalEntry>()
        for (index, set) in sets.enumerated() {
            if seats[set.customerID] == nil {
                results[index] = .refused(Violation(.notFound, "customer '\(set.customerID)' does not exist"))
            } else if !seenKeys.insert(JournalEntry(customerID: set.customerID, journalKey: set.journalKey)).inserted {
                results[index] = .alreadyApplied
            } else {
                journaled.append(index)
            }
        }
        let fresh = try insertJournals(journaled.map { sets[$0] })
        var candidates: [Int] = []
        for index in journaled {
            if fresh.contains(JournalEntry(customerID: sets[index].customerID, journalKey: sets[index].journalKey)) {
                candidates.append(index)
            } else {
                results[index] = .alreadyApplied
            }
        }
        var refused: [Int] = []
        var accepted = try check(candidates, of: sets, results: &results, refused: &refused)
        let ids = try insertUsers(accepted)
        accepted.removeAll { item in
            guard ids[item.user.objectID] == nil else { return false }
            let customer = seats[item.user.customerID]
            for (product, change) in item.delta { customer?.assigned[product, default: 0] -= change }
            customer?.applied -= 1
            results[item.index] = .refused(Violation(.uniquenessViolation,
                                                     "user name '\(item.user.userPrincipalName)' is already taken in \(item.user.customerID)",
                                                     fix: "choose another user name", field: "UserPrincipalName"))
            refused.append(item.index)
            return true
        }
        try connection.bulkInsert(Self.assignments, rows: accepted.flatMap { item in
            item.licenses.map { [String(ids[item.user.objectID] ?? 0), $0.partNumber, UserColumns.join($0.disabledPlans)] }
        }, mode: store.bulkWrites)
        try connection.bulkInsert(Self.auditLog, rows: accepted.map { item in
            [at, batch.batchID, batch.operatorName, batch.role.rawValue, item.user.customerID, item.user.objectID,
             item.user.userPrincipalName, "create", AuditDetail.created(item.user, licenses: item.licenses).json]
        }, mode: store.bulkWrites)
        if !refused.isEmpty {
            try connection.query("""
                DELETE FROM journal WHERE batch_id = $1 AND (customer_id, key) IN (SELECT * FROM unnest($2::text[], $3::text[]))
                """, [batch.batchID, TextArray(refused.map { sets[$0].customerID }), TextArray(refused.map { sets[$0].journalKey })])
        }
        for item in accepted { results[item.index] = .applied }
        return results.map { $0 ?? .alreadyApplied }
    }

    /// Inserts the journal rows of `sets`.
    /// - Returns: the entries written (those not already there).
    private func insertJournals(_ sets: [UserChangeSet]) throws -> Set<JournalEntry> {
        guard !sets.isEmpty else { return [] }
        let rows = try connection.bulkInsert(Self.journal, rows: sets.map { set in
            let marks = marksUndelivered(set)
            return [set.customerID, batch.batchID, set.journalKey, "\(batch.now.timeIntervalSince1970)",
                    marks ? set.objectID.fastLowercased : nil, marks ? String(deliveryGroup(set.customerID)) : nil]
        }, mode: store.bulkWrites)
        return Set((0..<rows.count).map { JournalEntry(customerID: rows.text($0, 0), journalKey: rows.text($0, 1)) })
    }

    /// Checks the candidates in set order, keeping the seats exact; refusals go to `results`.
    private func check(_ candidates: [Int], of sets: [UserChangeSet], results: inout [UserChangeResult?],
                       refused: inout [Int]) throws -> [Accepted] {
        let creates = candidates.compactMap { index -> (Int, User, TemporaryPassword)? in
            guard case let .create(user, password) = sets[index].steps[0] else { return nil }
            return (index, user, password)
        }
        guard !creates.isEmpty else { return [] }
        let idRows = try connection.query("SELECT object_id FROM users WHERE object_id = ANY ($1::text[])",
                                          [TextArray(creates.map { $0.1.objectID })])
        var takenIDs = Set((0..<idRows.count).map { idRows.text($0, 0) })
        let nameRows = try connection.query("""
            SELECT customer_id, lower(upn) FROM users WHERE deleted_at IS NULL
                AND (customer_id, lower(upn)) IN (SELECT c, lower(u) FROM unnest($1::text[], $2::text[]) AS t(c, u))
            """, [TextArray(creates.map { $0.1.customerID }), TextArray(creates.map { $0.1.userPrincipalName })])
        var takenNames = Set((0..<nameRows.count).map { nameRows.text($0, 0) + "/" + nameRows.text($0, 1) })
        var accepted: [Accepted] = []
        for (index, user, password) in creates {
            do {
                guard let customer = seats[user.customerID] else { continue }
                let licenses = try checkCreate(user, set: sets[index])
                let name = user.customerID + "/" + user.userPrincipalName.fastLowercased
                if takenIDs.contains(user.objectID) {
                    throw Refusal(Violation(.uniquenessViolation, "object id \(user.objectID) already exists", field: "ObjectId"))
                }
                if user.deletedAt == nil && takenNames.contains(name) {
                    throw Refusal(Violation(.uniquenessViolation,
                                            "user name '\(user.userPrincipalName)' is already taken in \(user.customerID)",
                                            fix: "choose another user name", field: "UserPrincipalName"))
                }
                var delta: [String: Int] = [:]
                if user.deletedAt == nil { for license in licenses { delta[license.partNumber] = 1 } }
                try checkSeats(delta, customer: customer)
                for (product, change) in delta { customer.assigned[product, default: 0] += change }
                customer.applied += 1
                takenIDs.insert(user.objectID)
                if user.deletedAt == nil { takenNames.insert(name) }
                let (scheme, salt, hash) = try hashed(password)
                accepted.append(Accepted(index: index, user: user, licenses: licenses, delta: delta, scheme: scheme,
                                         salt: salt, hash: hash))
            } catch let refusal as Refusal {
                results[index] = .refused(refusal.violation)
                refused.append(index)
            }
        }
        return accepted
    }

    /// Inserts the accepted users.
    /// - Returns: the row id of each user written, by object id.
    private func insertUsers(_ accepted: [Accepted]) throws -> [String: Int64] {
        guard !accepted.isEmpty else { return [:] }
        let rows = try connection.bulkInsert(Self.users, rows: accepted.map { item in
            let user = item.user, a = user.attributes
            return [user.objectID, user.customerID, user.userPrincipalName, a.displayName, a.firstName, a.lastName, a.jobTitle,
                    a.department, a.usageLocation, a.accountEnabled ? "true" : "false", UserColumns.join(user.roles),
                    "\(user.createdAt.timeIntervalSince1970)", user.deletedAt.map { "\($0.timeIntervalSince1970)" }, "true",
                    String(item.scheme), Self.hex(item.salt), Self.hex(item.hash)]
        }, mode: store.bulkWrites)
        var ids: [String: Int64] = [:]
        for row in 0..<rows.count { ids[rows.text(row, 1)] = rows.int64(row, 0) }
        return ids
    }

    /// `bytea`'s text input format: `\x` and two hex digits per byte.
    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
