import Foundation
import Provisioning

// Design note: the checks of ``StoreTransfer`` (what `provision migrate` uses), apart from
// ``StoreConformance`` because they need two stores: a populated source from the usual factory
// and an empty target (no seed: a migration fills a store that holds nothing). A backend runs
// them with its own stores on both sides; the CLI and PostgreSQL tests cross backends.

/// The checks every backend that copies (``StoreTransfer``) must pass.
public enum TransferConformance {
    /// Builds a fresh store holding `seed`.
    public typealias Factory = (ConformanceSeed) throws -> any ProvisionStore & StoreTransfer
    /// Builds a fresh store holding nothing (schema only).
    public typealias EmptyFactory = () throws -> any ProvisionStore & StoreTransfer

    /// The names of every check, for a parameterised test.
    public static var names: [String] { ["roundTrip", "smallChunks", "failedCopyWritesNothing"] }

    /// Runs the check named `name`.
    /// - Returns: the failures; an error thrown by a store is a failure too.
    public static func run(_ name: String, factory: Factory, empty: EmptyFactory) -> [String] {
        do {
            let source = try factory(ConformanceSeed.standard)
            let harness = Harness(source, seed: .standard)
            do {
                try populate(harness, source)
                switch name {
                case "roundTrip": try roundTrip(harness, source, try empty(), chunkSize: 5_000)
                case "smallChunks": try roundTrip(harness, source, try empty(), chunkSize: 1)
                case "failedCopyWritesNothing": try failedCopy(harness, source, try empty())
                default: harness.fail("no check named \(name)")
                }
            } catch {
                harness.fail("threw \(error)")
            }
            return harness.failures
        } catch {
            return ["the factory threw \(error)"]
        }
    }

    /// Users with licenses and disabled plans, one deleted, one with an undelivered password, a
    /// finished batch and audit entries.
    static func populate(_ h: Harness, _ store: any ProvisionStore) throws {
        let product = h.seed.products.first?.partNumber ?? ""
        let amy = h.newUser("amy", licenses: [product])
        let bob = h.newUser("bob")
        let cy = h.newUser("cy", licenses: [product])
        try h.apply([try h.create(amy), try h.create(bob), try h.create(cy)], batch: "first", deliversCredentials: true)
        try store.finishBatch(customerIDs: [h.customerID], batchID: "first", now: h.now)
        try store.markCredentialsDelivered(batchID: "first", entries: [JournalEntry(customerID: h.customerID,
                                                                                   journalKey: amy.userPrincipalName)])
        h.advance(days: 1)
        try h.applied(h.set(cy, [.delete]), batch: "second", "delete cy")
    }

    static func roundTrip(_ h: Harness, _ source: any ProvisionStore & StoreTransfer,
                          _ target: any ProvisionStore & StoreTransfer, chunkSize: Int) throws {
        let copied = try StoreMigration(chunkSize: chunkSize).copy(from: source, to: target)
        var counts: StoreCounts?
        try target.readingSnapshot { counts = try StoreCounts(of: target) }
        guard let counts else { return h.fail("the target was not counted") }
        h.expect(copied.source.differences(to: counts).isEmpty,
                 "the target counts as the source: \(copied.source.differences(to: counts))")
        h.expect(copied.source.deletedUsers == 1 && copied.source.activeUsers == 2, "2 active and 1 deleted users counted")
        for table in source.transferTables where target.transferTables.contains(table) {
            let mine = try rows(source, table), theirs = try rows(target, table)
            h.expect(mine == theirs, "\(table.label) copied as they were: \(mine.count) rows against \(theirs.count)")
        }
        let ids = (1...3).map { String(format: "00000000-0000-4000-8000-%012d", $0) }
        h.expect(try source.users(customerID: h.customerID, objectIDs: ids)
                    == target.users(customerID: h.customerID, objectIDs: ids), "the same users read back")
        h.expect(try source.undeliveredCredentials(customerID: h.customerID, batchID: "first")
                    == target.undeliveredCredentials(customerID: h.customerID, batchID: "first"), "the same undelivered marks")
        h.expect(try target.isBatchFinished(customerID: h.customerID, batchID: "first"), "the finished batch copied")
    }

    static func failedCopy(_ h: Harness, _ source: any ProvisionStore & StoreTransfer,
                           _ target: any ProvisionStore & StoreTransfer) throws {
        do {
            try StoreMigration(chunkSize: 1).copy(from: source, to: FailingTarget(target, failAt: .assignments))
            h.fail("a copy whose target fails halfway went through")
        } catch is FailingTarget.Injected {}
        for table in target.transferTables {
            h.expect(try target.rowCount(table) == 0, "a failed copy leaves no \(table.label)")
        }
    }

    static func rows(_ store: any StoreTransfer, _ table: TransferTable) throws -> [TransferRow] {
        var all: [TransferRow] = []
        try store.exportRows(table, chunkSize: 1_000) { all += $0 }
        return all
    }
}

/// A target that fails on the first rows of one table, after the tables before it were written.
final class FailingTarget: StoreTransfer {
    struct Injected: Error {}
    let target: any StoreTransfer
    let failAt: TransferTable

    init(_ target: any StoreTransfer, failAt: TransferTable) {
        self.target = target
        self.failAt = failAt
    }

    var transferTables: [TransferTable] { target.transferTables }
    func readingSnapshot(_ body: () throws -> Void) throws { try target.readingSnapshot(body) }
    func exportRows(_ table: TransferTable, chunkSize: Int, _ body: ([TransferRow]) throws -> Void) throws {
        try target.exportRows(table, chunkSize: chunkSize, body)
    }
    func rowCount(_ table: TransferTable) throws -> Int { try target.rowCount(table) }
    func importing(_ body: () throws -> Void) throws { try target.importing(body) }
    func importRows(_ table: TransferTable, _ rows: [TransferRow]) throws {
        if table == failAt { throw Injected() }
        try target.importRows(table, rows)
    }
}
