import Foundation
import Testing
@testable import ProvisionCLI

/// The account lifecycle through the real commands and a temporary SQLite store, with the
/// clock set by `--now`.
@Suite final class LifecycleCommandTests {
    let directory: String

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifecycle-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (code, _, errors) = run(["init", "--sample"], now: "2026-11-01T09:00:00Z")
        #expect(code == .success, "\(errors)")
    }

    @discardableResult
    func run(_ arguments: [String], now: String = "2026-11-21T09:00:00Z") -> (ExitCode, String, String) {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: arguments + ["--now", now, "--quiet"],
                                      environment: ["PROVISION_SAMPLE_DATA": DemoJobTests.sampleData, "NO_COLOR": "1"],
                                      output: out, errors: err, currentDirectory: directory,
                                      clock: { Date(timeIntervalSince1970: 0) })
        return (code, out.text, err.text)
    }

    func seats(_ product: String) throws -> (assigned: Int, purchased: Int) {
        let (_, json, _) = run(["licenses", "show", "--customer", "contoso", "--format", "json"])
        let root = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let products = ((root as? [String: Any])?["products"] as? [[String: Any]]) ?? []
        let entry = products.first { ($0["partNumber"] as? String) == product }
        return ((entry?["assigned"] as? Int) ?? -1, (entry?["purchased"] as? Int) ?? -1)
    }

    @Test func createShowsThePasswordOnceAndTakesASeat() throws {
        let before = try seats("SPE_E3")
        let (code, text, _) = run(["users", "create", "new.person@contoso.com", "--customer", "contoso",
                                   "--display-name", "新同事", "--licenses", "SPE_E3", "--disable-plan", "SPE_E3:SWAY"])
        #expect(code == .success)
        #expect(text.contains("Temporary password for new.person@contoso.com: "))
        #expect(try seats("SPE_E3").assigned == before.assigned + 1)
        let (again, _, _) = run(["users", "create", "new.person@contoso.com", "--customer", "contoso", "--display-name", "Other"])
        #expect(again == .someFailed)
    }

    @Test func restoreWorksAt29DaysAndExpiresAt31() throws {
        let before = try seats("SPE_E3")
        #expect(run(["users", "delete", "zhiwei.lin@contoso.com.tw", "yating.wu@contoso.com", "--customer", "contoso"],
                    now: "2026-11-01T09:00:00Z").0 == .success)
        #expect(try seats("SPE_E3").assigned == before.assigned - 2, "a delete releases the seats")
        let (early, text, _) = run(["users", "restore", "zhiwei.lin@contoso.com.tw", "--customer", "contoso"],
                                   now: "2026-11-30T09:00:00Z")
        #expect(early == .success, "\(text)")
        #expect(try seats("SPE_E3").assigned == before.assigned - 1)
        let (late, lateText, _) = run(["users", "restore", "yating.wu@contoso.com", "--customer", "contoso"],
                                      now: "2026-12-02T09:00:00Z")
        #expect(late == .someFailed)
        #expect(lateText.contains("RestoreWindowExpired"))
    }

    @Test func restoreWithoutAFreeSeatReportsTheShortfall() throws {
        #expect(run(["users", "delete", "david.wang@contoso.com", "--customer", "contoso"]).0 == .success)
        #expect(run(["users", "create", "e5.new@contoso.com", "--customer", "contoso", "--display-name", "E5",
                     "--licenses", "SPE_E5"]).0 == .success)
        let (code, text, _) = run(["users", "restore", "david.wang@contoso.com", "--customer", "contoso"])
        #expect(code == .success)
        #expect(text.contains("buy 1 more seat of Microsoft 365 E5"))
        let usage = try seats("SPE_E5")
        #expect(usage.assigned == usage.purchased, "never oversubscribed")
    }

    @Test func theRoleDecidesAndARefusalWritesNothing() throws {
        let (code, text, _) = run(["users", "delete", "jiahao.chang@contoso.com", "--customer", "contoso", "--as", "sales-agent"])
        #expect(code == .someFailed)
        #expect(text.contains("PermissionDenied"))
        let (list, listed, _) = run(["users", "list", "--customer", "contoso", "--filter", "deleted"])
        #expect(list == .success)
        #expect(!listed.contains("jiahao.chang"))
        #expect(run(["users", "reset-password", "jiahao.chang@contoso.com", "--customer", "contoso",
                     "--as", "helpdesk-agent"]).0 == .success)
        #expect(run(["licenses", "assign", "--customer", "contoso", "--product", "POWER_BI_PRO",
                     "--users", "jiahao.chang@contoso.com", "--as", "sales-agent"]).0 == .success)
        #expect(run(["users", "create", "x@contoso.com", "--customer", "contoso", "--display-name", "X",
                     "--as", "bogus"]).0 == .usageOrInput)
    }

    @Test func unknownCustomerAndMissingStoreAreInputErrors() throws {
        let (code, _, errors) = run(["users", "delete", "a@contoso.com", "--customer", "nope"])
        #expect(code == .usageOrInput)
        #expect(errors.contains("unknown customer 'nope'"))
        let (missing, _, missingErrors) = run(["users", "delete", "a@contoso.com", "--customer", "contoso",
                                               "--store", "elsewhere.sqlite"])
        #expect(missing == .usageOrInput)
        #expect(missingErrors.contains("provision init"))
    }

    @Test func formatJSONPrintsTheReportDocumentAndNeedsASheetForPasswords() throws {
        let (code, json, _) = run(["users", "delete", "jiayi.lai@contoso.com", "--customer", "contoso", "--format", "json"])
        #expect(code == .success)
        let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(root?["schemaVersion"] as? Int == 2)
        let (refused, _, errors) = run(["users", "create", "fmt@contoso.com", "--customer", "contoso", "--display-name", "F",
                                        "--format", "csv"])
        #expect(refused == .usageOrInput)
        #expect(errors.contains("needs --credentials"))
    }
}
