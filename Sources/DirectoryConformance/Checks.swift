import Foundation
import Provisioning

/// The bodies of ``DirectoryConformance``'s checks, one function each, named as the checks.
enum Checks {
    /// Create, update, delete, restore (within the window), delete again and purge after it.
    static func lifecycle(_ h: Harness) throws {
        let amy = h.newUser("amy", licenses: ["SPE_E3"])
        try h.applied(try h.create(amy), "create")
        h.expect(try h.user(amy)?.licenses.map(\.partNumber) == ["SPE_E3"], "create: the user holds SPE_E3")
        h.expect(try h.directory.users(customerID: h.customerID, principalNames: [amy.userPrincipalName.uppercased()]).count == 1,
                 "create: the user is found by its name in any case")
        var attributes = amy.attributes
        attributes.displayName = "Amy Renamed"
        try h.applied(h.set(amy, [.setAttributes(attributes, roles: [])], key: "update"), "update")
        h.expect(try h.user(amy)?.attributes.displayName == "Amy Renamed", "update: the new display name is read back")
        try h.applied(h.set(amy, [.delete], key: "delete"), "delete")
        h.expect(try h.user(amy)?.isDeleted == true, "delete: the user is deleted, not gone")
        h.expect(try h.directory.seatUsage(customerID: h.customerID).first { $0.partNumber == "SPE_E3" }?.assigned == 0,
                 "delete: a deleted user takes no seat")
        h.advance(days: 10)
        try h.applied(h.set(amy, [.restore(userPrincipalName: amy.userPrincipalName, keepLicenses: ["SPE_E3"])],
                            key: "restore"), "restore within 30 days")
        h.expect(try h.user(amy).map { !$0.isDeleted && $0.licenses.map(\.partNumber) == ["SPE_E3"] } == true,
                 "restore: the user is active again with SPE_E3")
        try h.applied(h.set(amy, [.delete], key: "delete again"), "delete again")
        h.advance(days: 31)
        let purged = try PurgePolicy.purge(h.directory, customerID: h.customerID, deletedBefore: h.now.addingTimeInterval(-30 * 86_400),
                                           role: .adminAgent, operatorName: "conformance", batchID: "purge", now: h.now)
        h.expect(purged == 1, "purge after 30 days: expected 1 user purged, got \(purged)")
        h.expect(try h.user(amy) == nil, "purge: the user is gone")
        let late = try h.apply([h.set(amy, [.restore(userPrincipalName: amy.userPrincipalName, keepLicenses: [])],
                                      key: "restore late")])
        h.expect(late.first?.isRefused == true, "restore of a purged user: expected refused, got \(late)")
        try h.expectSeatsMatchAssignments("the lifecycle")
    }

    /// Seats assigned equal the active users' assignments after every kind of change.
    static func seatsEqualAssignments(_ h: Harness) throws {
        let amy = h.newUser("amy", licenses: ["SPE_E3"]), bob = h.newUser("bob", licenses: ["SPE_E3", "EXCHANGESTANDARD"])
        try h.applied(try h.create(amy), "create amy")
        try h.expectSeatsMatchAssignments("a create")
        try h.applied(try h.create(bob), "create bob")
        try h.expectSeatsMatchAssignments("a create with two products")
        try h.applied(h.set(amy, [.assign(LicenseAssignment(partNumber: "EXCHANGESTANDARD"))], key: "assign"), "assign")
        try h.expectSeatsMatchAssignments("an assign")
        try h.applied(h.set(bob, [.revoke(partNumber: "SPE_E3")], key: "revoke"), "revoke")
        try h.expectSeatsMatchAssignments("a revoke")
        try h.applied(h.set(amy, [.delete], key: "delete"), "delete")
        try h.expectSeatsMatchAssignments("a delete")
        try h.applied(h.set(amy, [.restore(userPrincipalName: amy.userPrincipalName, keepLicenses: ["SPE_E3"])],
                            key: "restore"), "restore")
        try h.expectSeatsMatchAssignments("a restore keeping one product")
    }

    /// A set that would take more seats than purchased is refused whole, the others applied.
    static func oversubscriptionRefused(_ h: Harness) throws {
        let amy = h.newUser("amy", licenses: ["SPE_E3"]), bob = h.newUser("bob", licenses: ["SPE_E3"])
        let carol = h.newUser("carol", licenses: ["SPE_E3"]), dave = h.newUser("dave", licenses: ["EXCHANGESTANDARD"])
        let results = try h.apply([try h.create(amy), try h.create(bob), try h.create(carol), try h.create(dave)])
        h.expect(results.count == 4 && results[0] == .applied && results[1] == .applied && results[3] == .applied,
                 "the sets within the seats: expected applied, got \(results)")
        h.expect(results.count == 4 && results[2].isRefused, "the third SPE_E3 of 2 purchased: expected refused, got \(results)")
        h.expect(try h.user(carol) == nil, "a refused create leaves no user")
        let more = try h.apply([h.set(dave, [.assign(LicenseAssignment(partNumber: "SPE_E3"))], key: "assign")])
        h.expect(more.first?.isRefused == true, "an assign beyond the seats: expected refused, got \(more)")
        h.expect(try h.user(dave)?.licenses.map(\.partNumber) == ["EXCHANGESTANDARD"],
                 "a refused assign leaves the user's licenses as they were")
        try h.expectSeatsMatchAssignments("refusals")
    }

    /// An applied set is journaled under its batch; the same key again is `alreadyApplied`.
    static func journalAndResume(_ h: Harness) throws {
        let amy = h.newUser("amy")
        try h.applied(try h.create(amy, key: "row-1"), batch: "b1", "the first run")
        h.expect(try h.directory.journaledKeys(customerID: h.customerID, batchID: "b1") == ["row-1"],
                 "the applied key is journaled under its batch")
        h.expect(try h.directory.journaledKeys(customerID: h.customerID, batchID: "b2").isEmpty,
                 "another batch's journal is empty")
        let again = try h.apply([try h.create(amy, key: "row-1")], batch: "b1")
        h.expect(again == [.alreadyApplied], "the resumed run: expected alreadyApplied, got \(again)")
        h.expect(try h.directory.users(customerID: h.customerID, principalNames: [amy.userPrincipalName]).count == 1,
                 "a resumed run creates no second user")
    }

    /// A finished batch is recorded per customer and leaves the journal keys as they were.
    static func finishedBatches(_ h: Harness) throws {
        try h.applied(try h.create(h.newUser("amy"), key: "row-1"), batch: "b1", "create")
        h.expect(try !h.directory.isBatchFinished(customerID: h.customerID, batchID: "b1"), "a running batch is not finished")
        try h.directory.finishBatch(customerIDs: [h.customerID], batchID: "b1", now: h.now)
        h.expect(try h.directory.isBatchFinished(customerID: h.customerID, batchID: "b1"), "finishBatch records the batch")
        h.expect(try !h.directory.isBatchFinished(customerID: h.customerID, batchID: "b2"), "another batch is not finished")
        h.expect(try h.directory.journaledKeys(customerID: h.customerID, batchID: "b1") == ["row-1"],
                 "the finished mark is not a journal key")
    }

    /// Passwords of a batch that delivers credentials are undelivered until marked.
    static func undeliveredCredentials(_ h: Harness) throws {
        let amy = h.newUser("amy"), bob = h.newUser("bob")
        try h.apply([try h.create(h.newUser("carol"), key: "c")], batch: "quiet")
        h.expect(try h.directory.undeliveredCredentials(customerID: h.customerID, batchID: "quiet").isEmpty,
                 "a batch that does not deliver credentials marks none")
        let results = try h.apply([try h.create(bob, key: "b"), try h.create(amy, key: "a")], batch: "b1",
                                  deliversCredentials: true)
        h.expect(results == [.applied, .applied], "creates: expected applied, got \(results)")
        let undelivered = try h.directory.undeliveredCredentials(customerID: h.customerID, batchID: "b1")
        h.expect(undelivered.map(\.journalKey) == ["a", "b"], "undelivered sorted by key: got \(undelivered.map(\.journalKey))")
        h.expect(undelivered.map(\.objectID) == [amy.objectID, bob.objectID], "undelivered name the users")
        try h.directory.markCredentialsDelivered(batchID: "b1", entries: [JournalEntry(customerID: h.customerID, journalKey: "a"),
                                                                           JournalEntry(customerID: h.customerID, journalKey: "zz")])
        h.expect(try h.directory.undeliveredCredentials(customerID: h.customerID, batchID: "b1").map(\.journalKey) == ["b"],
                 "a marked password is delivered; an unknown entry is ignored")
        try h.directory.markCredentialsDelivered(batchID: "b1", entries: [JournalEntry(customerID: h.customerID, journalKey: "b")])
        h.expect(try h.directory.undeliveredCredentials(customerID: h.customerID, batchID: "b1").isEmpty, "all delivered")
    }

    /// A second holder fails fast with ``LockBusy``; a released lock can be taken again.
    static func locks(_ h: Harness) throws {
        let first = try h.directory.lock(customerID: h.customerID, holder: "first", wait: 0)
        let started = Date()
        do {
            let second = try h.directory.lock(customerID: h.customerID, holder: "second", wait: 0)
            second.release()
            h.fail("a second lock of the same customer was granted")
        } catch is LockBusy {
            h.expect(Date().timeIntervalSince(started) < 2, "a second lock with no wait fails at once")
        }
        first.release()
        first.release()
        let third = try h.directory.lock(customerID: h.customerID, holder: "third", wait: 0)
        third.release()
    }

    /// Purge removes only users deleted before the cutoff, needs a role that may purge, and
    /// drops journal entries older than the cutoff.
    static func purgeAndThirtyDayWindow(_ h: Harness) throws {
        let old = h.newUser("old", licenses: ["SPE_E3"]), recent = h.newUser("recent", licenses: ["SPE_E3"])
        try h.apply([try h.create(old), try h.create(recent)], batch: "day0")
        try h.applied(h.set(old, [.delete], key: "delete old"), batch: "day0", "delete old")
        h.advance(days: 20)
        try h.applied(h.set(recent, [.delete], key: "delete recent"), batch: "day20", "delete recent")
        h.advance(days: 11)
        let cutoff = h.now.addingTimeInterval(-30 * 86_400)
        do {
            _ = try PurgePolicy.purge(h.directory, customerID: h.customerID, deletedBefore: cutoff, role: .helpdeskAgent,
                                      operatorName: "conformance", batchID: "purge", now: h.now)
            h.fail("a helpdesk agent purged")
        } catch let violation as Violation {
            h.expect(violation.code == .permissionDenied, "a helpdesk agent: expected PermissionDenied, got \(violation.code)")
        }
        h.expect(try h.user(old) != nil, "a refused purge removes nobody")
        let purged = try PurgePolicy.purge(h.directory, customerID: h.customerID, deletedBefore: cutoff, role: .adminAgent,
                                           operatorName: "conformance", batchID: "purge", now: h.now)
        h.expect(purged == 1, "expected the one user deleted 31 days ago purged, got \(purged)")
        h.expect(try h.user(old) == nil, "the user deleted before the cutoff is gone")
        h.expect(try h.user(recent)?.isDeleted == true, "the user deleted 11 days ago stays, deleted")
        h.expect(try h.directory.journaledKeys(customerID: h.customerID, batchID: "day0").isEmpty,
                 "journal entries older than the cutoff are dropped")
        h.expect(try h.directory.journaledKeys(customerID: h.customerID, batchID: "day20") == ["delete recent"],
                 "journal entries after the cutoff stay")
        let again = try PurgePolicy.purge(h.directory, customerID: h.customerID, deletedBefore: cutoff, role: .adminAgent,
                                          operatorName: "conformance", batchID: "purge", now: h.now)
        h.expect(again == 0, "a second purge finds nobody, got \(again)")
        try h.expectSeatsMatchAssignments("a purge")
    }
}

extension UserChangeResult {
    /// Whether the store refused the set.
    var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}
