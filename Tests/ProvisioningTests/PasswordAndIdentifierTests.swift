import Foundation
import Testing
@testable import Provisioning

@Suite struct PasswordAndIdentifierTests {
    @Test func generatedPasswordsMeetTheRuleAndAreNotPrinted() {
        let random = RandomSource(SeededGenerator(seed: 42))
        for _ in 0..<500 {
            let password = random.password()
            #expect(TemporaryPassword.check(password.reveal(), field: "p") == nil)
            #expect(password.reveal().count == 16)
            #expect("\(password)" == "<redacted>")
        }
    }

    /// A draw with fewer than three character classes (here sixteen `a`s) is thrown away and
    /// drawn again.
    @Test func aDrawMissingClassesIsDrawnAgain() {
        struct ZerosFirst: RandomNumberGenerator {
            var calls = 0
            var rest = SeededGenerator(seed: 7)
            mutating func next() -> UInt64 {
                calls += 1
                return calls <= 16 ? 1 << 56 : rest.next()   // index 0 of either alphabet: "a"
            }
        }
        var random = ZerosFirst()
        let password = TemporaryPassword.generate(using: &random).reveal()
        #expect(random.calls > 16)
        #expect(password != String(repeating: "a", count: 16))
        #expect(TemporaryPassword.check(password, field: "p") == nil)
    }

    @Test func systemRandomPasswordsDiffer() {
        let random = RandomSource.system()
        #expect(random.password().reveal() != random.password().reveal())
    }

    @Test func objectIDsAreAscendingVersion7GUIDs() {
        let random = RandomSource(SeededGenerator(seed: 1))
        let now = Fixture.now
        let ids = (0..<1_000).map { _ in random.objectID(at: now) }
        for id in ids {
            #expect(id.count == 36)
            #expect(Array(id)[14] == "7")
            #expect("89ab".contains(Array(id)[19]))
            #expect(UUID(uuidString: id) != nil)
        }
        #expect(ids == ids.sorted(), "ids of one run ascend")
        #expect(Set(ids).count == ids.count)
        #expect(ids[0].hasPrefix(String(format: "%08llx", UInt64(now.timeIntervalSince1970 * 1000) >> 16)))
    }

    @Test(arguments: [
        ("ann@contoso.com", true), ("a.b-c_d!e#f^g~h'i@contoso.com", true), ("ann.@contoso.com", false),
        (".ann@contoso.com", false), ("ann@@contoso.com", false), ("an n@contoso.com", false), ("ann@contoso", false),
        ("王@contoso.com", false), (String(repeating: "a", count: 65) + "@contoso.com", false), ("", false),
        ("ann@" + String(repeating: "d", count: 46) + ".com", false),
    ])
    func userPrincipalNameRules(_ upn: String, _ valid: Bool) {
        #expect((IdentifierRules.checkUserPrincipalName(upn) == nil) == valid)
    }

    @Test func domainMustBeVerifiedForTheCustomer() {
        let problem = IdentifierRules.checkUserPrincipalName("ann@fabrikam.de", customer: Fixture.contoso)
        #expect(problem?.message.contains("not a verified domain") == true)
    }

    @Test func permissionMatrixAsDocumented() {
        #expect(PermissionMatrix.allows(.adminAgent, .bulkCreateUsers))
        #expect(!PermissionMatrix.allows(.userManagementAdmin, .bulkCreateUsers))
        #expect(PermissionMatrix.allows(.userManagementAdmin, .createUser))
        #expect(PermissionMatrix.allows(.helpdeskAgent, .resetPassword))
        #expect(!PermissionMatrix.allows(.helpdeskAgent, .resetAdminPassword))
        #expect(!PermissionMatrix.allows(.salesAgent, .deleteUser))
        for role in OperatorRole.allCases {
            #expect(PermissionMatrix.allows(role, .assignLicenses))
            #expect(PermissionMatrix.allows(role, .revokeLicenses))
        }
    }
}
