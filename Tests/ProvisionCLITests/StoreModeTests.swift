import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// The store holds personal data and password hashes: its files are owner-only, and a store
/// others may read is named in a warning.
@Suite struct StoreModeTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func initAndJobsLeaveTheStoreAndItsWALAndSharedMemoryOwnerOnly() throws {
        let workspace = try CLIWorkspace.sample()
        #expect(Self.mode(workspace.storePath) == 0o600)
        // A connection held open keeps -wal and -shm in place while a job writes.
        let held = try SQLiteDirectory(path: workspace.storePath)
        _ = try held.customers()
        let input = workspace.write("resets.csv", "UserPrincipalName,Action\nyijun.chen@contoso.com,reset-password\n")
        let job = workspace.run(["apply", input, "--customer", "contoso", "--credentials", "sheet.csv"])
        #expect(job.code == .success, "\(job.errors)")
        for suffix in ["", "-wal", "-shm"] {
            #expect(FileManager.default.fileExists(atPath: workspace.storePath + suffix), "\(suffix)")
            #expect(Self.mode(workspace.storePath + suffix) == 0o600, "store\(suffix)")
        }
        #expect(!job.errors.contains("warning"))
        let forced = workspace.run(["init", "--force"])
        #expect(forced.code == .success)
        #expect(Self.mode(workspace.storePath) == 0o600)
    }

    @Test func aStoreOthersMayReadIsWarnedAboutOnceNamingPathModeAndFix() throws {
        let workspace = try CLIWorkspace.sample()
        #expect(chmod(workspace.storePath, 0o644) == 0)
        let listed = workspace.run(["customers", "list"])
        #expect(listed.code == .success)
        #expect(listed.errors == "warning: \(workspace.storePath) is mode 0644: the store holds personal data and password "
                + "hashes and should be readable by you only; fix it with: chmod 600 \(workspace.storePath)\n")
        // A command that opens the store more than once still warns once.
        let assigned = workspace.run(["licenses", "assign", "--customer", "contoso", "--product", "POWER_BI_PRO",
                                      "--users", "store01@contoso.com", "--dry-run"])
        #expect(assigned.code == .success, "\(assigned.errors)")
        #expect(assigned.errors.components(separatedBy: "warning: ").count == 2, "\(assigned.errors)")
        #expect(chmod(workspace.storePath, 0o600) == 0)
        #expect(workspace.run(["customers", "list"]).errors.isEmpty)
    }
}
