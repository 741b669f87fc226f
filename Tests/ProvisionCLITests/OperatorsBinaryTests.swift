import Foundation
import Testing

/// The `operators` commands through the built binary: the password piped on standard input,
/// the listing, the process's exit status, and no password in the store's files.
@Suite struct OperatorsBinaryTests {
    @Test func theBinaryAddsListsAndRemovesOperatorsWithThePasswordOnStandardInput() throws {
        let workspace = try CLIWorkspace()
        let environment = ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "PATH": "/usr/bin:/bin"]
        let directory = workspace.directory
        #expect(try BuiltBinary.run(["init"], in: directory, environment: environment).status == 0)
        let added = try BuiltBinary.run(["operators", "add", "alice", "--role", "global-admin"], in: directory,
                                        environment: environment, input: Data("Binary-Piped-Secret-1\n".utf8))
        #expect(added.status == 0, "\(added.errors)")
        #expect(String(decoding: added.output, as: UTF8.self) == "added operator alice (global-admin)\n")
        let refused = try BuiltBinary.run(["operators", "add", "bob", "--role", "sales-agent"], in: directory,
                                          environment: environment, input: Data("short\n".utf8))
        #expect(refused.status == 2)
        #expect(refused.errors.contains("operators add: the password for operator 'bob' is refused"))
        let noInput = try BuiltBinary.run(["operators", "passwd", "alice"], in: directory, environment: environment)
        #expect(noInput.status == 2)
        #expect(noInput.errors.contains("no password for operator 'alice' on standard input"))
        let listed = try BuiltBinary.run(["operators", "list", "--format", "json"], in: directory, environment: environment)
        let json = try #require(try JSONSerialization.jsonObject(with: listed.output) as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == ["alice"])
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: workspace.storePath + suffix) else { continue }
            #expect(bytes.range(of: Data("Binary-Piped-Secret".utf8)) == nil, "password in provision.sqlite\(suffix)")
        }
        let help = try BuiltBinary.run(["operators", "add", "--help"], in: directory, environment: environment)
        #expect(help.status == 0)
        #expect(String(decoding: help.output, as: UTF8.self).contains("never\nan argument"))
        #expect(try BuiltBinary.run(["operators", "remove", "alice"], in: directory, environment: environment).status == 0)
    }
}
