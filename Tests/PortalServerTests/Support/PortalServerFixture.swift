import DirectoryConformance
import Foundation
import HTTPServer
import Operators
import Portal
import PortalSessions
import Provisioning
import SQLiteDirectory
@testable import PortalServer

/// The portal on a free loopback port over a fresh SQLite store (reached only through its
/// `StoreLocation`, as `provision serve` does): customers `contoso` and `fabrikam`, a catalog,
/// seats, users made through `PortalJob`, operators `alice` (admin agent) and `hank` (helpdesk
/// agent) with cheap hashes, a seeded random source and a captured access and session log.
final class PortalServerFixture: @unchecked Sendable {
    static let alicePassword = "Alice-Admin-Password-1"
    static let hankPassword = "Hank-Helpdesk-Password-2"
    static let hostile = "<script>alert(\"x\")</script>"

    let folder: String
    let location: SQLiteStoreLocation
    let server: HTTPServer
    let log = Lines()
    let now = Date(timeIntervalSince1970: 1_793_491_200)   // 2026-11-01T00:00:00Z

    init(maxUploadBytes: Int = 1 << 20) throws {
        folder = NSTemporaryDirectory() + "provision-portalserver-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
        location = SQLiteStoreLocation(path: folder + "/provision.sqlite")
        _ = try location.create(replacing: false) { store in
            _ = try store.importCatalog([
                Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3",
                        servicePlans: [ServicePlan(name: "TEAMS1", id: "57ff2da0-773e-42df-b2af-ffb7a2317929", friendlyName: "Teams")]),
            ])
            try store.addCustomers([Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW"),
                                    Customer(id: "fabrikam", name: "Fabrikam", domains: ["fabrikam.de"], defaultUsageLocation: "DE")],
                                   by: nil)
            _ = try store.setSeats([Subscription(customerID: "contoso", partNumber: "SPE_E3", seats: 5)], force: false, by: nil)
        }
        let store = try location.open()
        let requests = (1...3).map { index in
            UserRequest(action: .create, userPrincipalName: "user\(index)@contoso.com",
                        attributes: AttributePatch(displayName: "User \(index) " + Self.hostile, usageLocation: "TW"))
        }
        let created = try PortalJob.run(requests, customerID: "contoso", command: "fixture", directory: store,
                                        settings: PortalJob.Settings(role: .adminAgent, operatorName: "fixture", now: now,
                                                                     random: RandomSource(SplitMix64(seed: 3)), lockWait: 0,
                                                                     temporaryDirectory: folder))
        precondition(created.summary.count(.failed) == 0)
        guard let operators = store as? any OperatorStore else { throw Failed(description: "no operator store") }
        let now = self.now
        let accounts = OperatorAccounts(store: operators, parameters: ScryptParameters(logN: 4, r: 8, p: 1),
                                        random: RandomSource(SplitMix64(seed: 5)), clock: { now })
        try accounts.add(name: "alice", role: .adminAgent, password: OperatorPassword(Self.alicePassword))
        try accounts.add(name: "hank", role: .helpdeskAgent, password: OperatorPassword(Self.hankPassword))
        let log = self.log
        let sessions = SessionManager(accounts: accounts, random: RandomSource(SplitMix64(seed: 7)), clock: { now },
                                      log: { log.append(PortalSite.logLine($0)) })
        let location = self.location
        let configuration = PortalSite.Configuration(open: { try location.open() }, sessions: sessions, clock: { now },
                                                     random: RandomSource(SplitMix64(seed: 9)), workFolder: folder + "/work",
                                                     maxUploadBytes: maxUploadBytes, lockWait: 0)
        server = try HTTPServer(configuration: HTTPServerConfiguration(listen: [try HTTPListenAddress("127.0.0.1:0")]),
                                router: PortalSite.router(configuration), log: HTTPAccessLog { log.append($0) })
        server.start()
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
        try? FileManager.default.removeItem(atPath: folder)
    }

    var port: Int { server.boundAddresses[0].port }

    /// A browser: keeps the cookies the portal sets.
    func browser() -> Browser { Browser(port: port) }

    /// A browser signed in as `name`.
    func signedIn(_ name: String = "alice", _ password: String = alicePassword) throws -> Browser {
        let browser = self.browser()
        let form = try browser.get("/login")
        let response = try browser.post("/login", ["name": name, "password": password, "csrf-token": try form.csrfToken()])
        guard response.status == 303 else { throw Failed(description: "sign-in: \(response.status) \(response.body)") }
        return browser
    }

    /// A fresh look at the store.
    func store() throws -> any ProvisionStore { try location.open() }

    /// Every user of contoso (deleted ones too), by name.
    func users() throws -> [User] {
        try store().listUsers(customerID: "contoso", query: UserQuery(filter: .all, pageSize: 100)).users
    }

    /// Every byte of the store's files, as text (for secret scans).
    func storeBytes() -> String {
        location.localFiles.compactMap { FileManager.default.contents(atPath: $0) }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    struct Failed: Error, CustomStringConvertible { var description: String }
}

/// Lines collected from several threads.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    var all: String { lock.lock(); defer { lock.unlock() }; return stored.joined(separator: "\n") }
}
