import Foundation
import Provisioning
import SQLiteDirectory
@testable import Portal

/// A fresh SQLite store with a small catalog whose names are hostile (`<script>`, quotes),
/// two customers, seats, and users made through ``PortalJob`` (the pages' own way in).
final class PortalFixture {
    static let hostile = "<script>alert(\"x'y\")</script>"
    let folder: String
    let store: SQLiteDirectory
    var now = Date(timeIntervalSince1970: 1_793_491_200) // 2026-11-01T00:00:00Z
    private var seed: UInt64 = 7

    static let products = [
        Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3 " + hostile,
                servicePlans: [ServicePlan(name: "EXCHANGE_S_ENTERPRISE", id: "efb87545-963c-4e0d-99df-69c6916d9eb0",
                                           friendlyName: "Exchange " + hostile),
                               ServicePlan(name: "TEAMS1", id: "57ff2da0-773e-42df-b2af-ffb7a2317929", friendlyName: "Teams")]),
        Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                displayName: "Exchange Online (Plan 1)",
                servicePlans: [ServicePlan(name: "EXCHANGE_S_STANDARD", id: "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
                                           friendlyName: "Exchange Online (Plan 1)")]),
        Product(partNumber: "POWER_BI_PRO", guid: "f8a1db68-be16-40ed-86d5-cb42ce701560", displayName: "Power BI Pro",
                servicePlans: [ServicePlan(name: "BI_AZURE_P2", id: "70d33638-9c74-4d01-bfd3-562de28bd4ba", friendlyName: "Power BI")]),
    ]

    /// contoso: 3 seats of SPE_E3, 10 of EXCHANGESTANDARD, 1 of POWER_BI_PRO; fabrikam: 2 of SPE_E3.
    init() throws {
        folder = NSTemporaryDirectory() + "provision-portal-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteDirectory.create(path: folder + "/provision.sqlite")
        _ = try store.importCatalog(Self.products)
        try store.addCustomer(Customer(id: "contoso", name: "Contoso " + Self.hostile, domains: ["contoso.com"],
                                       defaultUsageLocation: "TW"))
        try store.addCustomer(Customer(id: "fabrikam", name: "Fabrikam", domains: ["fabrikam.de"], defaultUsageLocation: "DE"))
        try store.setSeats(customerID: "contoso", partNumber: "SPE_E3", seats: 3)
        try store.setSeats(customerID: "contoso", partNumber: "EXCHANGESTANDARD", seats: 10)
        try store.setSeats(customerID: "contoso", partNumber: "POWER_BI_PRO", seats: 1)
        try store.setSeats(customerID: "fabrikam", partNumber: "SPE_E3", seats: 2)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func settings(_ role: OperatorRole = .adminAgent) -> PortalJob.Settings {
        seed += 1
        return PortalJob.Settings(role: role, operatorName: "op " + Self.hostile, now: now,
                                  random: RandomSource(SeededGenerator(seed: seed)), lockWait: 0, temporaryDirectory: folder)
    }

    /// Runs requests as the pages do.
    @discardableResult
    func run(_ requests: [UserRequest], customer: String = "contoso", role: OperatorRole = .adminAgent,
             command: String = "portal: test") throws -> PortalJob.Result {
        try PortalJob.run(requests, customerID: customer, command: command, directory: store, settings: settings(role))
    }

    /// Creates users `user1@contoso.com`… with hostile display names and departments.
    func addUsers(_ count: Int, customer: String = "contoso", licenses: [String] = [], from: Int = 1) throws {
        let domain = customer == "contoso" ? "contoso.com" : "fabrikam.de"
        let requests = (from..<(from + count)).map { index in
            UserRequest(action: .create, userPrincipalName: String(format: "user%03d@%@", index, domain),
                        attributes: AttributePatch(displayName: "User \(index) " + Self.hostile,
                                                   department: "Dept " + Self.hostile, usageLocation: "TW"),
                        addLicenses: licenses.map { LicenseRequest(product: $0) })
        }
        let result = try run(requests, customer: customer)
        precondition(result.summary.count(.failed) == 0, "fixture users failed: \(result.outcomes.flatMap(\.errors))")
    }

    /// The user with this name.
    func user(_ upn: String, customer: String = "contoso") throws -> User {
        guard let user = try store.users(customerID: customer, principalNames: [upn]).first(where: { !$0.isDeleted }) else {
            throw PortalError.notFound(upn)
        }
        return user
    }

    func context(_ role: OperatorRole = .adminAgent) -> PageContext {
        PageContext(operatorName: "op " + Self.hostile, role: role, csrfToken: "tok\"><script>x</script>")
    }

    func frame(_ tab: PageLayout.Tab? = .users) throws -> PageLayout.CustomerFrame {
        try PageLayout.CustomerFrame.load(directory: store, customerID: "contoso", tab: tab)
    }
}

/// SplitMix64, for deterministic passwords and ids.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
