import Foundation
import Testing
@testable import ProvisionCLI

/// `provision operators add|passwd|remove|disable|enable|list`, in-process through
/// ``CLIWorkspace``: the password only from standard input, errors that name the operator,
/// the role check, and no password in the store's files or the output.
@Suite struct OperatorsCommandTests {
    static let password = "Correct-Horse-Battery-9"

    static func workspace() throws -> CLIWorkspace {
        let workspace = try CLIWorkspace()
        let created = workspace.run(["init"])
        #expect(created.code == .success, "\(created.errors)")
        return workspace
    }

    /// Every byte of the store's files (database, WAL, shared memory).
    static func storeBytes(_ workspace: CLIWorkspace) -> [Data] {
        ["", "-wal", "-shm", "-journal"].compactMap { FileManager.default.contents(atPath: workspace.storePath + $0) }
    }

    static func contains(_ haystack: Data, _ needle: String) -> Bool {
        haystack.range(of: Data(needle.utf8)) != nil
    }

    @Test func addListPasswdRemoveWithThePasswordFromStandardInput() throws {
        let workspace = try Self.workspace()
        let added = workspace.run(["operators", "add", "Alice", "--role", "global-admin"], stdin: Self.password + "\n")
        #expect(added.code == .success, "\(added.errors)")
        #expect(added.output == "added operator Alice (global-admin)\n")
        #expect(workspace.run(["operators", "add", "hank", "--role", "helpdesk_agent"], stdin: "Helpdesk-Hank-Password\r\n").code == .success)

        let list = workspace.run(["operators", "list"])
        #expect(list.code == .success)
        #expect(list.output.hasPrefix("NAME"))
        #expect(list.output.contains("Alice") && list.output.contains("helpdesk-agent"))
        let json = try #require(try workspace.json(["operators", "list", "--format", "json"]) as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == ["Alice", "hank"])
        #expect(json.first?["role"] as? String == "global-admin")
        #expect(json.first?["disabled"] as? Bool == false)
        #expect(json.first?["createdAt"] as? String == "2026-11-21T09:00:00Z")
        #expect(Set(json.first?.keys.map { $0 } ?? []) == ["name", "role", "disabled", "createdAt", "changedAt"])

        workspace.environment["PROVISION_NOW"] = "2026-11-22T10:00:00Z"
        let changed = workspace.run(["operators", "passwd", "alice"], stdin: "A-Whole-New-Passphrase\n")
        #expect(changed.code == .success, "\(changed.errors)")
        #expect(changed.output == "changed the password of operator Alice\n")
        let after = try #require(try workspace.json(["operators", "list", "--format", "json"]) as? [[String: Any]])
        #expect(after.first?["changedAt"] as? String == "2026-11-22T10:00:00Z")

        #expect(workspace.run(["operators", "disable", "hank"]).output == "operator hank is disabled\n")
        #expect(workspace.run(["operators", "list", "--format", "csv"]).output.contains("hank,helpdesk-agent,yes"))
        #expect(workspace.run(["operators", "enable", "hank"]).output == "operator hank is enabled\n")
        let removed = workspace.run(["operators", "remove", "HANK"])
        #expect(removed.code == .success)
        #expect(removed.output == "removed operator hank (helpdesk-agent)\n")
        let left = try #require(try workspace.json(["operators", "list", "--format", "json"]) as? [[String: Any]])
        #expect(left.map { $0["name"] as? String } == ["Alice"])
    }

    /// Passwords absent from the store: the database, its WAL and shared memory hold only the
    /// scrypt hashes, and no output or error shows a password.
    @Test func noPasswordReachesTheStoreFilesOrTheOutput() throws {
        let workspace = try Self.workspace()
        let second = "Second-Secret-Phrase-77", refused = "Sh0rt!pw"
        var texts: [String] = []
        for (arguments, input) in [(["operators", "add", "alice", "--role", "admin-agent"], Self.password),
                                   (["operators", "passwd", "alice"], second), (["operators", "passwd", "alice"], refused),
                                   (["operators", "list", "--format", "json"], ""), (["operators", "list"], "")] {
            let result = workspace.run(arguments, stdin: input + "\n")
            texts += [result.output, result.errors]
        }
        let files = Self.storeBytes(workspace)
        #expect(!files.isEmpty)
        for secret in [Self.password, second, refused] {
            for file in files { #expect(!Self.contains(file, secret), "\(secret) in a store file") }
            for text in texts { #expect(!text.contains(secret), "\(secret) in: \(text)") }
        }
        #expect(files.contains { Self.contains($0, "$scrypt$ln=15,r=8,p=1$") })
    }

    @Test func thePasswordIsNeverAnArgument() throws {
        let workspace = try Self.workspace()
        let result = workspace.run(["operators", "add", "alice", "--role", "global-admin", "--password", Self.password])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("unknown option --password"))
        #expect(!result.errors.contains(Self.password))
        let extra = workspace.run(["operators", "add", "alice", Self.password, "--role", "global-admin"])
        #expect(extra.code == .usageOrInput)
        #expect(extra.errors.contains("unexpected argument"))
        #expect(try (workspace.json(["operators", "list", "--format", "json"]) as? [Any])?.isEmpty == true)
    }

    @Test(arguments: [
        ("short-pw\n", "the password for operator 'alice' is refused: it is too short: 8 characters, at least 12"),
        ("alice\n", "the password for operator 'alice' is refused: it is too short"),
        ("", "no password for operator 'alice' on standard input"),
        ("\n", "the password for operator 'alice' is refused: it is too short: 0 characters"),
    ])
    func aRefusedPasswordNamesTheOperatorAndAddsNothing(_ input: String, _ message: String) throws {
        let workspace = try Self.workspace()
        let result = workspace.run(["operators", "add", "alice", "--role", "global-admin"], stdin: input)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.hasPrefix("provision: error: operators add: "))
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(try (workspace.json(["operators", "list", "--format", "json"]) as? [Any])?.isEmpty == true)
    }

    @Test func namesAndRolesAreCheckedAndErrorsNameTheOperator() throws {
        let workspace = try Self.workspace()
        #expect(workspace.run(["operators", "add", "alice", "--role", "global-admin"], stdin: Self.password + "\n").code == .success)
        let taken = workspace.run(["operators", "add", "ALICE", "--role", "sales-agent"], stdin: Self.password + "\n")
        #expect(taken.errors == "provision: error: operators add: operator 'alice' already exists "
                + "(change its password with 'provision operators passwd alice')\n")
        for command in [["passwd", "bob"], ["remove", "bob"], ["disable", "bob"], ["enable", "bob"]] {
            let result = workspace.run(["operators"] + command, stdin: Self.password + "\n")
            #expect(result.code == .usageOrInput)
            #expect(result.errors == "provision: error: operators \(command[0]): no operator 'bob' "
                    + "('provision operators list' shows them)\n")
        }
        let badName = workspace.run(["operators", "add", "bad name", "--role", "global-admin"], stdin: Self.password + "\n")
        #expect(badName.errors.contains("operators add: 'bad name' is not a valid operator name"))
        let badRole = workspace.run(["operators", "add", "bob", "--role", "root"])
        #expect(badRole.errors.contains("--role: unknown role 'root' (roles: admin-agent, global-admin"))
        let noRole = workspace.run(["operators", "add", "bob"])
        #expect(noRole.errors.contains("--role ROLE is required"))
    }

    /// Managing operators is the matrix's `manage portal operators`: admin agents and global
    /// admins only; a weaker --as is refused before anything is read or written.
    @Test(arguments: ["user-management-admin", "helpdesk-agent", "sales-agent"])
    func aWeakerRoleMayNotManageOperators(_ role: String) throws {
        let workspace = try Self.workspace()
        #expect(workspace.run(["operators", "add", "alice", "--role", "global-admin"], stdin: Self.password + "\n").code == .success)
        let before = Self.storeBytes(workspace)
        for command in [["add", "bob", "--role", "sales-agent"], ["passwd", "alice"], ["remove", "alice"], ["disable", "alice"]] {
            let result = workspace.run(["operators"] + command + ["--as", role], stdin: Self.password + "\n")
            #expect(result.code == .usageOrInput)
            #expect(result.errors.contains("role \(role) may not manage portal operators"), "\(result.errors)")
            #expect(result.errors.contains("admin-agent, global-admin"))
        }
        #expect(Self.storeBytes(workspace) == before)
        #expect(workspace.run(["operators", "list", "--as", role]).code == .success)
    }
}
