import Foundation
import Testing
@testable import ProvisionCLI

/// Issue 13's command-line points through the real executable: the exit status the shell sees.
@Suite(.serialized) struct CommandLineBinaryTests {
    @Test func noArgumentsPrintTheHelpAndExitTwo() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let run = try folder.run([])
        #expect(run.exited && run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.errors.hasPrefix("usage: provision [GLOBAL OPTIONS] COMMAND [OPTIONS]\n"))
    }

    @Test func versionPrintsTheConstant() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let run = try folder.run(["--version"])
        #expect(run.exited && run.status == 0)
        #expect(String(decoding: run.output, as: UTF8.self) == "provision \(ProvisionVersion.string)\n")
    }

    @Test func aMisspeltCommandAndOptionGetADidYouMean() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let command = try folder.run(["aply", "x.csv"])
        #expect(command.exited && command.status == 2)
        #expect(command.errors == "provision: error: unknown command 'aply'; did you mean 'apply'? (see 'provision help')\n")
        let option = try folder.run(["--store", "provision.sqlite", "users", "list", "--costumer", "contoso"])
        #expect(option.exited && option.status == 2)
        #expect(option.errors.contains("unknown option --costumer; did you mean --customer?"))
    }

    @Test func anInternalFailureExitsSeventy() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        try CommandLineTests.breakStore(folder.path + "/provision.sqlite")
        let run = try folder.run(["customers", "list"])
        #expect(run.exited && run.status == 70)
        #expect(run.errors.contains("internal failure (exit 70)"))
    }
}
