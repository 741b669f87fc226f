import DirectoryConformance
import Foundation
import Provisioning
import Testing
@testable import Operators

/// The operators service over the in-memory double: the name and password rules, errors that
/// name the operator and never the password, and the login check.
@Suite struct OperatorAccountsTests {
    static let cheap = ScryptParameters(logN: 4, r: 8, p: 1)
    static let created = Date(timeIntervalSince1970: 1_793_491_200)

    static func accounts(_ store: InMemoryOperatorStore = InMemoryOperatorStore(),
                         parameters: ScryptParameters = cheap) -> OperatorAccounts {
        OperatorAccounts(store: store, parameters: parameters, random: RandomSource(SplitMix64(seed: 3)),
                         clock: { created })
    }

    @Test func theInMemoryDoublePassesTheOperatorStoreChecks() {
        let failures = OperatorStoreConformance.run(InMemoryOperatorStore())
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func addingStoresAScryptHashAndNeverThePassword() throws {
        let store = InMemoryOperatorStore()
        let account = try Self.accounts(store).add(name: "Alice", role: .globalAdmin,
                                                   password: OperatorPassword("Correct-Horse-Battery-9"))
        let stored = try #require(try store.operatorAccount(named: "alice"))
        #expect(stored == account)
        #expect(stored.name == "Alice" && stored.role == .globalAdmin && !stored.disabled)
        #expect(stored.createdAt == Self.created && stored.changedAt == Self.created)
        #expect(stored.passwordHash.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(!stored.passwordHash.contains("Correct-Horse"))
        #expect(!"\(stored)".contains(stored.passwordHash))
    }

    @Test(arguments: ["", "-alice", "alice smith", "alice\u{1B}[2J", "ålice", String(repeating: "a", count: 65)])
    func aBadNameIsRefusedNamingIt(_ name: String) {
        let error = #expect(throws: OperatorAccountError.self) {
            try Self.accounts().add(name: name, role: .salesAgent, password: OperatorPassword("long enough password"))
        }
        guard case .invalidName(let refused, _) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(refused == name)
    }

    @Test(arguments: [("short-pw", "too short"), (String(repeating: "x", count: 257), "too long"),
                      ("twelve chars\u{7}ok", "control character"), ("Carol.Helpdesk", "the operator's name")])
    func anUnacceptablePasswordIsRefusedNamingTheOperatorAndNotThePassword(_ password: String, reason: String) throws {
        let store = InMemoryOperatorStore()
        let error = #expect(throws: OperatorAccountError.self) {
            try Self.accounts(store).add(name: "carol.helpdesk", role: .helpdeskAgent, password: OperatorPassword(password))
        }
        let text = String(describing: error)
        #expect(text.contains("operator 'carol.helpdesk'"), "\(text)")
        #expect(text.contains(reason), "\(text)")
        #expect(!text.contains(password), "\(text)")
        #expect(try store.operatorAccounts().isEmpty)
    }

    @Test func aNameTakenInAnyCaseIsRefusedWithTheStoredSpelling() throws {
        let accounts = Self.accounts()
        try accounts.add(name: "Alice", role: .globalAdmin, password: OperatorPassword("first password here"))
        #expect(throws: OperatorAccountError.exists("Alice")) {
            try accounts.add(name: "ALICE", role: .salesAgent, password: OperatorPassword("second password here"))
        }
    }

    @Test func unknownOperatorsAreNamedInTheError() {
        let accounts = Self.accounts()
        #expect(throws: OperatorAccountError.unknown("bob")) {
            try accounts.changePassword(name: "bob", to: OperatorPassword("a fine new password"))
        }
        #expect(throws: OperatorAccountError.unknown("bob")) { try accounts.remove(name: "bob") }
        #expect(throws: OperatorAccountError.unknown("bob")) { try accounts.setDisabled(name: "bob", true) }
        #expect(OperatorAccountError.unknown("bob").description == "no operator 'bob'")
    }

    @Test func theLoginCheckAcceptsOnlyTheRightPasswordOfAnEnabledOperator() throws {
        let accounts = Self.accounts()
        try accounts.add(name: "alice", role: .globalAdmin, password: OperatorPassword("Correct-Horse-Battery-9"))
        #expect(try accounts.authenticate(name: "ALICE", password: OperatorPassword("Correct-Horse-Battery-9"))?.name == "alice")
        #expect(try accounts.authenticate(name: "alice", password: OperatorPassword("Correct-Horse-Battery-8")) == nil)
        #expect(try accounts.authenticate(name: "mallory", password: OperatorPassword("Correct-Horse-Battery-9")) == nil)
        #expect(try accounts.authenticate(name: "bad name!", password: OperatorPassword("Correct-Horse-Battery-9")) == nil)
        try accounts.setDisabled(name: "alice", true)
        #expect(try accounts.authenticate(name: "alice", password: OperatorPassword("Correct-Horse-Battery-9")) == nil)
        try accounts.setDisabled(name: "alice", false)
        try accounts.changePassword(name: "alice", to: OperatorPassword("a brand new passphrase"))
        #expect(try accounts.authenticate(name: "alice", password: OperatorPassword("Correct-Horse-Battery-9")) == nil)
        #expect(try accounts.authenticate(name: "alice", password: OperatorPassword("a brand new passphrase")) != nil)
    }

    /// An unknown name costs one scrypt with the current parameters, as a wrong password does:
    /// the fastest of five tries of each stays within a factor of three (without the decoy an
    /// unknown name answers a thousand times faster).
    @Test func anUnknownNameTakesAsLongAsAWrongPassword() throws {
        let accounts = Self.accounts(parameters: ScryptParameters(logN: 13, r: 8, p: 1))
        try accounts.add(name: "alice", role: .globalAdmin, password: OperatorPassword("Correct-Horse-Battery-9"))
        func fastest(_ name: String) throws -> Double {
            var best = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                #expect(try accounts.authenticate(name: name, password: OperatorPassword("wrong password 123")) == nil)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            return best
        }
        let wrongPassword = try fastest("alice"), unknownName = try fastest("mallory")
        #expect(unknownName > wrongPassword / 3 && unknownName < wrongPassword * 3, "\(unknownName) vs \(wrongPassword) ns")
    }

    @Test func aHashWithWeakerParametersIsRemadeAtTheNextSignIn() throws {
        let store = InMemoryOperatorStore()
        try Self.accounts(store, parameters: ScryptParameters(logN: 3, r: 8, p: 1))
            .add(name: "alice", role: .globalAdmin, password: OperatorPassword("Correct-Horse-Battery-9"))
        let raised = Self.accounts(store, parameters: Self.cheap)
        #expect(try raised.authenticate(name: "alice", password: OperatorPassword("wrong password 123")) == nil)
        #expect(try store.operatorAccount(named: "alice")?.passwordHash.hasPrefix("$scrypt$ln=3,") == true)
        #expect(try raised.authenticate(name: "alice", password: OperatorPassword("Correct-Horse-Battery-9")) != nil)
        let upgraded = try #require(try store.operatorAccount(named: "alice"))
        #expect(upgraded.passwordHash.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(upgraded.changedAt == Self.created)
        #expect(try raised.authenticate(name: "alice", password: OperatorPassword("Correct-Horse-Battery-9")) != nil)
    }

    @Test func roleAndStateChangesAreStoredWithTheirTime() throws {
        let store = InMemoryOperatorStore()
        let accounts = Self.accounts(store)
        try accounts.add(name: "hank", role: .helpdeskAgent, password: OperatorPassword("helpdesk password"))
        try accounts.changeRole(name: "HANK", to: .userManagementAdmin)
        #expect(try store.operatorAccount(named: "hank")?.role == .userManagementAdmin)
        try accounts.remove(name: "Hank")
        #expect(try accounts.list().isEmpty)
    }
}
