// The PostgreSQL bulk-write benchmark (docs/store.md, "The PostgreSQL backend"): N new users,
// each with two products, applied through `PostgresDirectory.apply` in groups (the store only:
// no CSV reading or planning), once per way of writing a run of new users: one set at a time,
// batched statements with array parameters, and COPY through a staging table. Each mode
// writes into a fresh schema of the database given (`--url`, else PROVISION_TEST_PG), left
// there for inspection: use a throwaway cluster (Tests/pg/cluster.sh).
import Foundation
import PostgresDirectory
import Provisioning

enum PostgresBenchmark {
    static func run(arguments: [String]) throws {
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        guard let url = option("--url") ?? ProcessInfo.processInfo.environment["PROVISION_TEST_PG"] else {
            throw BenchmarkError("give --url or PROVISION_TEST_PG (a throwaway cluster: Tests/pg/cluster.sh)")
        }
        let users = option("--users").flatMap { Int($0) } ?? 100_000
        let group = option("--group").flatMap { Int($0) } ?? 2_000
        let modes = (option("--modes") ?? "arrays,copy,one-by-one").split(separator: ",").map(String.init)
        let password = try TemporaryPassword(checking: "Tz4#kP9q!mWx2vLr")
        let now = Date(timeIntervalSince1970: 1_793_491_200)
        print("postgres benchmark: \(users) new users with 2 products each, \(group) per apply")
        for mode in modes {
            let store = try PostgresDirectory(url: url, schema: "bench_\(mode.replacingOccurrences(of: "-", with: "_"))_\(getpid())")
            if let bulk = BulkWrites(rawValue: mode) { store.bulkWrites = bulk } else { store.bulkThreshold = Int.max }
            _ = try store.importCatalog([
                Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3",
                        servicePlans: []),
                Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                        displayName: "Exchange Online (Plan 1)", servicePlans: []),
            ])
            try store.addCustomer(Customer(id: "bench", name: "Bench", domains: ["bench.example"], defaultUsageLocation: "US"))
            for product in ["SPE_E3", "EXCHANGESTANDARD"] {
                try store.setSeats(customerID: "bench", partNumber: product, seats: users)
            }
            var seconds = 0.0
            var applied = 0
            var start = 0
            while start < users {
                let sets = (start..<min(users, start + group)).map { index -> UserChangeSet in
                    let user = User(objectID: String(format: "0190a000-0000-7000-8000-%012d", index), customerID: "bench",
                                    userPrincipalName: "user\(index)@bench.example",
                                    attributes: UserAttributes(displayName: "User \(index)", department: "Sales", usageLocation: "US"),
                                    createdAt: now, licenses: [LicenseAssignment(partNumber: "SPE_E3"),
                                                               LicenseAssignment(partNumber: "EXCHANGESTANDARD")])
                    return UserChangeSet(customerID: "bench", objectID: user.objectID, userPrincipalName: user.userPrincipalName,
                                         journalKey: "row-\(index)", steps: [.create(user, password: password)])
                }
                let started = Date()
                let results = try store.apply(ChangeBatch(batchID: "bench", role: .adminAgent, operatorName: "bench", now: now,
                                                          sets: sets, deliversCredentials: true))
                seconds += Date().timeIntervalSince(started)
                applied += results.filter { $0 == .applied }.count
                start += group
            }
            print(String(format: "%-10@ %8d users applied in %7.2f s  (%6.0f users/s, %5.1f µs per user)",
                         mode as NSString, applied, seconds, Double(applied) / max(seconds, 1e-9),
                         seconds * 1e6 / Double(max(applied, 1))))
        }
    }
}
