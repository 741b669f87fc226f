import Foundation
import Testing
@testable import Provisioning

/// Directory roles: checked against Microsoft Entra's built-in roles when read, shown as
/// grants and removals in outcomes, and granted or removed only by the operator roles that
/// may assign roles (docs/permissions.md).
@Suite struct DirectoryRoleTests {
    // MARK: The list

    @Test func theBuiltInListHasUniqueNamesAndTemplateIDs() {
        let roles = DirectoryRole.builtIn
        #expect(roles.count == 123)
        #expect(Set(roles.map { HeaderKey($0.displayName).value }).count == roles.count, "names must stay unique when matched")
        #expect(Set(roles.map(\.templateID)).count == roles.count)
        #expect(roles.allSatisfy { UUID(uuidString: $0.templateID) != nil && $0.templateID == $0.templateID.lowercased() })
        let global = DirectoryRole.named("Global Administrator")
        #expect(global?.templateID == "62e90394-69f5-4237-9190-012177145e10")
        #expect(global?.isPrivileged == true)
        #expect(DirectoryRole.named("Reports Reader")?.isPrivileged == false)
    }

    @Test(arguments: [("global administrator", "Global Administrator"), ("GLOBAL-ADMINISTRATOR", "Global Administrator"),
                      ("  User Administrator ", "User Administrator"), ("Partner Tier 1 Support", "Partner Tier1 Support"),
                      ("62E90394-69F5-4237-9190-012177145E10", "Global Administrator"),
                      ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator")])
    func aRoleIsNamedInAnyCaseOrByItsTemplateID(_ text: String, _ name: String) {
        #expect(DirectoryRole.named(text)?.displayName == name)
    }

    @Test(arguments: [("Glbal Admin", "Global Administrator"), ("Global Admin", "Global Administrator"),
                      ("Usr Administrator", "User Administrator"), ("Helpdesk Admin", "Helpdesk Administrator")])
    func aNearMissIsRefusedWithTheClosestName(_ text: String, _ suggestion: String) throws {
        #expect(DirectoryRole.named(text) == nil)
        let resolved = DirectoryRole.resolve([text], field: "Roles")
        #expect(resolved.names.isEmpty)
        let violation = try #require(resolved.violations.first)
        #expect(violation.code == .invalidInput)
        #expect(violation.message == "'\(text)' is not a Microsoft Entra built-in role")
        #expect(violation.fix?.hasPrefix("did you mean \(suggestion)") == true, "\(violation.fix ?? "")")
    }

    @Test func aNameNothingLikeARoleGetsTheGeneralFix() {
        let violation = DirectoryRole.resolve(["Chief Executive"], field: "Roles").violations.first
        #expect(violation?.fix == "write the role's name as Microsoft Entra lists it, e.g. User Administrator")
    }

    // MARK: Intake

    @Test func aRolesCellIsReadAsTheRolesDisplayNames() throws {
        let request = try #require(try IntakeTestSupport.single(
            header: "UserPrincipalName,DisplayName,Role", row: "ann@contoso.com,Ann,global administrator;USER ADMINISTRATOR"))
        #expect(request.problems.isEmpty)
        #expect(request.attributes.roles == ["Global Administrator", "User Administrator"])
    }

    @Test func aBadRoleInARolesCellIsInvalidInputAtItsLineAndColumn() throws {
        let request = try #require(try IntakeTestSupport.single(
            header: "UserPrincipalName,DisplayName,Roles", row: "ann@contoso.com,Ann,User Administrator;Glbal Admin"))
        let problem = try #require(request.problems.first)
        #expect(request.problems.count == 1)
        #expect(problem.code == .invalidInput)
        #expect(problem.field == "Roles")
        #expect(problem.line == 2)
        #expect(problem.column == 3)
        #expect(problem.message.contains("'Glbal Admin'"))
        #expect(problem.fix == "did you mean Global Administrator?")
        // The row fails as a whole: no user, no role.
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [request])
        #expect(sink.outcomes.map(\.status) == [.failed])
        #expect(sink.outcomes.first?.rolesAdded == [])
        #expect(directory.allUsers.isEmpty)
    }

    @Test func noneWithARoleInOneCellIsInvalidInput() throws {
        let request = try #require(try IntakeTestSupport.single(
            header: "UserPrincipalName,Roles", row: "ann@contoso.com,None;User Administrator"))
        #expect(request.problems.map(\.code) == [.invalidInput])
        #expect(request.problems.first?.column == 2)
    }

    // MARK: Planning

    private static func request(_ action: RequestAction, _ upn: String, line: Int, roles: [String]?) -> UserRequest {
        var request = Fixture.request(action, upn, line: line)
        request.attributes.roles = roles
        return request
    }

    @Test func aCreateShowsTheRolesItGrants() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 2, roles: ["global administrator"])])
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .succeeded, "\(outcome.errors)")
        #expect(outcome.rolesAdded == ["Global Administrator"])
        #expect(outcome.rolesRemoved == [])
        #expect(directory.allUsers.first?.roles == ["Global Administrator"])
    }

    @Test func anUpdateShowsEachRoleGrantedAndRemoved() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 2,
                                                 roles: ["User Administrator", "Reports Reader"])])
        let sink = try Fixture.run(directory, [Self.request(.update, "ann@contoso.com", line: 2,
                                                            roles: ["Reports Reader", "Helpdesk Administrator"])],
                                   batch: "batch-2")
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .succeeded, "\(outcome.errors)")
        #expect(outcome.rolesAdded == ["Helpdesk Administrator"])
        #expect(outcome.rolesRemoved == ["User Administrator"])
        #expect(outcome.changedAttributes == [], "roles are shown as roles, not as an attribute")
        #expect(Set(directory.allUsers[0].roles) == ["Reports Reader", "Helpdesk Administrator"])
    }

    @Test func theSameRolesInAnotherCaseAreUnchanged() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 2, roles: ["User Administrator"])])
        let sink = try Fixture.run(directory, [Self.request(.update, "ann@contoso.com", line: 2, roles: ["user administrator"])],
                                   batch: "batch-2")
        #expect(sink.outcomes.map(\.status) == [.unchanged])
    }

    @Test func rolesNoneRemovesEveryRole() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 2, roles: ["User Administrator"])])
        let request = try #require(try IntakeTestSupport.single(header: "UserPrincipalName,Roles,Action",
                                                                row: "ann@contoso.com,NONE,update"))
        let sink = try Fixture.run(directory, [request], batch: "batch-2")
        #expect(sink.outcomes.first?.rolesRemoved == ["User Administrator"])
        #expect(directory.allUsers[0].roles == [])
    }

    @Test func aRequestNotFromAFileIsCheckedByThePlannerToo() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 0, roles: ["Glbal Admin"])])
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .failed)
        #expect(outcome.errors.map(\.code) == [.invalidInput])
        #expect(outcome.errors.first?.field == "Roles")
        #expect(directory.allUsers.isEmpty)
    }

    // MARK: Permissions

    @Test(arguments: OperatorRole.allCases)
    func onlyAdminAgentsAndGlobalAdminsGrantOrRemoveRoles(_ role: OperatorRole) {
        let may = role == .adminAgent || role == .globalAdmin
        #expect(PermissionMatrix.allows(role, .grantRoles) == may)
        #expect(PermissionMatrix.allows(role, .removeRoles) == may)
    }

    /// Options of a command-line job (`users create`), which a user management admin may run.
    private static func direct(_ role: OperatorRole) -> JobOptions {
        var options = Fixture.options(role)
        options.fromFile = false
        return options
    }

    @Test func aUserManagementAdminMayNotCreateAUserWithARole() throws {
        let directory = Fixture.directory()
        let sink = try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 0, roles: ["Global Administrator"])],
                                   options: Self.direct(.userManagementAdmin))
        let outcome = try #require(sink.outcomes.first)
        #expect(outcome.status == .failed)
        #expect(outcome.errors.map(\.code) == [.permissionDenied])
        #expect(outcome.errors.first?.message == "role user-management-admin may not grant directory roles")
        #expect(outcome.rolesAdded == [])
        #expect(directory.allUsers.isEmpty)
        // Without the role, the same operator may create the user.
        let plain = try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 0, roles: nil)],
                                    options: Self.direct(.userManagementAdmin), batch: "batch-2")
        #expect(plain.outcomes.map(\.status) == [.succeeded])
    }

    @Test func aUserManagementAdminMayNotRemoveARoleButMayUpdateAnAdmin() throws {
        let directory = Fixture.directory()
        try Fixture.run(directory, [Self.request(.create, "ann@contoso.com", line: 2, roles: ["User Administrator"])])
        let removal = try Fixture.run(directory, [Self.request(.update, "ann@contoso.com", line: 2, roles: [])],
                                      options: Fixture.options(.userManagementAdmin), batch: "batch-2")
        #expect(removal.outcomes.first?.errors.map(\.code) == [.permissionDenied])
        #expect(removal.outcomes.first?.errors.first?.message == "role user-management-admin may not remove directory roles")
        #expect(removal.outcomes.first?.errors.first?.field == "Roles", "placed at the Roles cell")
        #expect(removal.outcomes.first?.errors.first?.line == 2)
        #expect(directory.allUsers[0].roles == ["User Administrator"])
        var rename = Self.request(.update, "ann@contoso.com", line: 2, roles: ["User Administrator"])
        rename.attributes.department = "Finance"
        let update = try Fixture.run(directory, [rename], options: Fixture.options(.userManagementAdmin), batch: "batch-3")
        #expect(update.outcomes.map(\.status) == [.succeeded], "\(update.outcomes.first?.errors ?? [])")
        #expect(directory.allUsers[0].attributes.department == "Finance")
    }

    // MARK: Saved outcomes

    @Test func anOutcomeSavedWithoutRoleChangesStillDecodes() throws {
        let outcome = UserOutcome(customerID: "contoso", userPrincipalName: "ann@contoso.com", action: .create,
                                  sources: [], status: .planned)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(outcome)) as? [String: Any])
        #expect(object["rolesAdded"] != nil)
        object["rolesAdded"] = nil
        object["rolesRemoved"] = nil
        let decoded = try JSONDecoder().decode(UserOutcome.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded == outcome)
    }
}

@Suite struct DirectoryRoleHostileCellTests {
    /// A Roles cell of many made-up names: three named problems and one that counts the rest,
    /// without a suggestion search for each (the country column's lesson, see EditDistance).
    @Test func aCellOfManyUnknownNamesIsBoundedInProblemsAndTime() throws {
        let names = (0..<50_000).map { "Glbal Admin \($0)" }
        let clock = ContinuousClock()
        var result: (names: [String], violations: [Violation]) = ([], [])
        let elapsed = clock.measure { result = DirectoryRole.resolve(names + ["Glbal Admin 0"], field: "Roles") }
        #expect(result.violations.count == 4)
        #expect(result.violations.last?.message == "49997 more names are not Microsoft Entra built-in roles")
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }
}
