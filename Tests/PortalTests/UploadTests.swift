import CSV
import Foundation
import Testing
import Provisioning
@testable import Portal

@Suite struct UploadTests {
    static func write(_ text: String, _ fixture: PortalFixture, name: String = "users.csv", encoding: String.Encoding = .utf8) throws -> String {
        let path = fixture.folder + "/" + name
        try #require(text.data(using: encoding)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func previewShowsWhatWasRecognisedAndWritesNothingButThePlan() throws {
        let fixture = try PortalFixture()
        let path = try Self.write("UserPrincipalName;DisplayName;Licenses;Shoe size\r\nann@contoso.com;Ann;SPE_E3;38\r\n"
                                  + "bob@contoso.com;Bob <b>;SPE_E3;44\r\n", fixture)
        let plan = fixture.folder + "/plan.jsonl"
        let model = try PortalUpload.preview(path: path, fileName: "users.csv", encoding: nil, uploadID: "u1", customerID: "contoso",
                                             planPath: plan, directory: fixture.store, settings: fixture.settings())
        #expect(model.input.format == .native)
        #expect(model.delimiter == ";")
        #expect(model.encoding == "UTF-8 (detected)")
        #expect(model.input.unusedColumns.map(\.header) == ["Shoe size"])
        #expect(model.changes == 2)
        #expect(model.reportHTML.contains("will add"))
        #expect(FileManager.default.fileExists(atPath: plan))
        #expect(try fixture.store.users(customerID: "contoso", principalNames: ["ann@contoso.com"]).isEmpty)
        let page = UploadPage.preview(model, frame: try fixture.frame(.upload), context: fixture.context())
        #expect(page.contains("<dt>Template</dt><dd>native</dd>"))
        #expect(page.contains("Shoe size"))
        #expect(page.contains("Bob &lt;b&gt;"))
        #expect(HTMLChecker.problems(page).isEmpty, "\(HTMLChecker.problems(page))")
        // Commit applies exactly that plan.
        let result = try PortalUpload.commit(planPath: plan, directory: fixture.store, settings: fixture.settings())
        #expect(result.summary.count(.succeeded) == 2)
        #expect(result.credentials.count == 2)
        #expect(try fixture.user("bob@contoso.com").license("SPE_E3") != nil)
    }

    @Test func aPreviewWithSeatShortfallsSaysWhatToBuy() throws {
        let fixture = try PortalFixture()
        let rows = (1...5).map { "u\($0)@contoso.com,U\($0),POWER_BI_PRO" }.joined(separator: "\n")
        let path = try Self.write("UserPrincipalName,DisplayName,Licenses\n" + rows + "\n", fixture)
        let model = try PortalUpload.preview(path: path, fileName: "users.csv", encoding: "", uploadID: "u2", customerID: "contoso",
                                             planPath: fixture.folder + "/p2.jsonl", directory: fixture.store, settings: fixture.settings())
        #expect(model.shortfalls.map(\.partNumber) == ["POWER_BI_PRO"])
        #expect(model.shortfalls.first?.shortfall == 4)
        let page = UploadPage.preview(model, frame: try fixture.frame(.upload), context: fixture.context())
        #expect(page.contains("Power BI Pro: buy 4 more"))
    }

    @Test func commitOfAStalePlanIsRefusedWithRerunThePreview() throws {
        let fixture = try PortalFixture()
        let path = try Self.write("UserPrincipalName,DisplayName\nann@contoso.com,Ann\n", fixture)
        let plan = fixture.folder + "/p3.jsonl"
        _ = try PortalUpload.preview(path: path, fileName: "users.csv", encoding: nil, uploadID: "u3", customerID: "contoso",
                                     planPath: plan, directory: fixture.store, settings: fixture.settings())
        try fixture.addUsers(1)
        do {
            _ = try PortalUpload.commit(planPath: plan, directory: fixture.store, settings: fixture.settings())
            Issue.record("a stale plan was applied")
        } catch let error as JobError {
            guard case .stalePlan = error else { Issue.record("\(error)"); return }
            #expect(PortalMessages.describe(error).contains("Re-run the preview"))
        }
        #expect(try fixture.store.users(customerID: "contoso", principalNames: ["ann@contoso.com"]).isEmpty)
    }

    @Test func aLegacyFileReadsWithTheChosenEncoding() throws {
        let fixture = try PortalFixture()
        let path = try Self.write("UserPrincipalName,DisplayName\nrene@contoso.com,René Müller\n", fixture, encoding: .windowsCP1252)
        let model = try PortalUpload.preview(path: path, fileName: "legacy.csv", encoding: "cp1252", uploadID: "u4",
                                             customerID: "contoso", planPath: fixture.folder + "/p4.jsonl", directory: fixture.store,
                                             settings: fixture.settings())
        #expect(model.encoding == "CP1252 (chosen)")
        #expect(model.reportHTML.contains("René Müller"))
        #expect(throws: CSVError.self) {
            try PortalUpload.preview(path: path, fileName: "legacy.csv", encoding: "no-such-encoding", uploadID: "u5",
                                     customerID: "contoso", planPath: fixture.folder + "/p5.jsonl", directory: fixture.store,
                                     settings: fixture.settings())
        }
        do {
            _ = try CSVEncoding(name: "no-such-encoding")
        } catch {
            #expect(PortalUpload.problem(error).field == PortalUpload.encodingField)
        }
    }

    @Test func creatingUsersFromAFileAsksForTheBulkCreatePermission() throws {
        let fixture = try PortalFixture()
        let path = try Self.write("UserPrincipalName,DisplayName\nann@contoso.com,Ann\n", fixture)
        let model = try PortalUpload.preview(path: path, fileName: "users.csv", encoding: nil, uploadID: "u6", customerID: "contoso",
                                             planPath: fixture.folder + "/p6.jsonl", directory: fixture.store,
                                             settings: fixture.settings(.userManagementAdmin))
        #expect(model.changes == 0)
        #expect(model.reportHTML.contains("PermissionDenied"))
        #expect(UploadPage.preview(model, frame: try fixture.frame(.upload), context: fixture.context(.userManagementAdmin))
            .contains("Nothing to commit"))
    }
}
