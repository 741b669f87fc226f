import Foundation
import Testing

/// Issue 12's command-line points once more through the real `provision` executable (the
/// in-process tests beside this file go into each in depth): exit codes, what reaches standard
/// output and error, and the files a run leaves.
@Suite(.serialized) struct UnattendedSafetyBinaryTests {
    /// A sample store in a fresh folder, run through the built binary.
    final class Folder {
        let path: String
        let environment: [String: String]

        init() throws {
            path = NSTemporaryDirectory() + "provision-binary-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            environment = ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester", "HOME": path,
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            let made = try run(["init", "--sample", "--sample-dir", CLIWorkspace.sampleData])
            #expect(made.status == 0, "\(made.errors)")
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func run(_ arguments: [String]) throws -> BuiltBinary.Run {
            try BuiltBinary.run(arguments, in: path, environment: environment)
        }

        func write(_ name: String, _ text: String) {
            FileManager.default.createFile(atPath: path + "/" + name, contents: Data(text.utf8))
        }

        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }
    }

    @Test func exactWithoutALicensesColumnExitsTwoAndWritesNoReport() throws {
        let folder = try Folder()
        folder.write("d.csv", "UserPrincipalName,Department\namy.lin@contoso.com,Board\n")
        let run = try folder.run(["plan", "d.csv", "--customer", "contoso", "--exact", "--quiet", "--report", "r.json"])
        #expect(run.exited && run.status == 2)
        #expect(run.errors.contains("has no Licenses column"))
        #expect(!folder.exists("r.json"))
    }

    @Test func anAppliedPlanThenARevokeThenTheFileAddsTheLicenseBackForReal() throws {
        let folder = try Folder()
        folder.write("hr.csv", "UserPrincipalName,Department,Licenses\namy.lin@contoso.com,Board,SPE_E5\n")
        #expect(try folder.run(["plan", "hr.csv", "--customer", "contoso", "--out", "plan.json", "--quiet"]).status == 0)
        #expect(try folder.run(["apply", "plan.json", "--quiet"]).status == 0)
        let again = try folder.run(["apply", "plan.json", "--quiet"])
        #expect(again.status == 3 && again.errors.contains("this plan was already applied"))
        #expect(try folder.run(["licenses", "revoke", "--customer", "contoso", "--product", "SPE_E5",
                                "--users", "amy.lin@contoso.com", "--quiet"]).status == 0)
        let file = try folder.run(["apply", "hr.csv", "--customer", "contoso", "--quiet", "--format", "csv"])
        #expect(file.status == 0, "\(file.errors)")
        let csv = String(decoding: file.output, as: UTF8.self)
        #expect(csv.contains("amy.lin@contoso.com,林艾美,update,succeeded,added,Microsoft 365 E5,SPE_E5"), "\(csv)")
        let shown = try folder.run(["licenses", "show", "--customer", "contoso", "--users", "amy.lin@contoso.com",
                                    "--format", "json"])
        #expect(String(decoding: shown.output, as: UTF8.self).contains("\"SPE_E5\""))
    }

    @Test func aRunOverASafetyLimitExitsFourAndChangesNothing() throws {
        let folder = try Folder()
        folder.write("leavers.csv", "UserPrincipalName,Action\ndavid.wang@contoso.com,delete\ngrace.chen@contoso.com,delete\n")
        let run = try folder.run(["apply", "leavers.csv", "--customer", "contoso", "--quiet", "--max-deletes", "1",
                                  "--report", "r.csv"])
        #expect(run.exited && run.status == 4)
        #expect(run.errors.contains("delete 2 users (limit 1)"))
        #expect(try String(contentsOfFile: folder.path + "/r.csv", encoding: .utf8).contains(",stopped,"))
        let listed = try folder.run(["users", "list", "--customer", "contoso", "--filter", "deleted", "--format", "json"])
        #expect(!String(decoding: listed.output, as: UTF8.self).contains("david.wang"))
    }

    @Test func aMisspelledRoleAndAnUnknownProductAreUsageErrorsWithASuggestion() throws {
        let folder = try Folder()
        let role = try folder.run(["users", "create", "new.one@contoso.com", "--customer", "contoso",
                                   "--display-name", "New One", "--role", "Glbal Admin"])
        #expect(role.status == 2 && role.errors.contains("Global Administrator"), "\(role.errors)")
        let product = try folder.run(["licenses", "assign", "--customer", "contoso", "--product", "SPE_E55",
                                      "--users", "amy.lin@contoso.com", "--report", "r.json"])
        #expect(product.status == 2 && product.errors.contains("did you mean"), "\(product.errors)")
        #expect(!folder.exists("r.json"))
        let purge = try folder.run(["users", "purge"])
        #expect(purge.status == 2 && purge.errors.contains("--all-customers"))
    }

    @Test func controlCharactersFromTheInputNeverReachTheTerminalRaw() throws {
        let folder = try Folder()
        folder.write("evil.csv", "UserPrincipalName,DisplayName\nevil@contoso.com,\u{1B}]0;pwned\u{07}Evil\u{1B}[2J\n")
        for arguments in [["plan", "evil.csv", "--customer", "contoso"], ["inspect", "evil.csv"],
                          ["apply", "evil.csv", "--customer", "nobody\u{1B}[31m"]] {
            let run = try folder.run(arguments)
            let bytes = Array(run.output) + Array(run.errors.utf8)
            #expect(!bytes.contains(0x1B) && !bytes.contains(0x07), "\(arguments[0]): \(run.errors)")
        }
        folder.write("utf32.csv", "")
        FileManager.default.createFile(atPath: folder.path + "/utf32.csv",
                                       contents: Data([0xFF, 0xFE, 0x00, 0x00, 0x55, 0x00, 0x00, 0x00]))
        let utf32 = try folder.run(["inspect", "utf32.csv"])
        #expect(utf32.status == 2 && utf32.errors.contains("UTF-32"), "\(utf32.errors)")
    }

    @Test func theStoreIsPrivateAndPasswordsNeverLandInTheWorkingDirectory() throws {
        let folder = try Folder()
        var info = stat()
        #expect(stat(folder.path + "/provision.sqlite", &info) == 0 && info.st_mode & 0o077 == 0)
        folder.write("new.csv", "UserPrincipalName,DisplayName\nnew.hire@contoso.com,New Hire\n")
        let run = try folder.run(["apply", "new.csv", "--customer", "contoso", "--quiet"])
        #expect(run.status == 0, "\(run.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasPrefix("credentials") }, "\(names)")
        let sheets = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/provision.sqlite.credentials")
        #expect(sheets.count == 1)
        #expect(String(decoding: run.output, as: UTF8.self).contains("provision.sqlite.credentials/"))
    }
}
