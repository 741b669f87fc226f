import Foundation
import Testing

/// Every command added for the partner's own customers and seats, once through the real
/// `provision` executable: its `--help` page, and a run whose `--format json` output parses
/// (the in-process suites beside this file test each in depth).
@Suite(.serialized) struct AdminCommandsBinaryTests {
    typealias Folder = UnattendedSafetyBinaryTests.Folder

    /// A command line and the JSON key its output must have (`nil`: the output is not JSON).
    struct Case: CustomStringConvertible, Sendable {
        var arguments: [String]
        var key: String?
        var description: String { arguments.prefix(3).joined(separator: " ") }
    }

    static let graph = GraphImportCommandTests.fixtures

    static let cases: [Case] = [
        Case(arguments: ["customers", "add", "acme", "--name", "Acme", "--location", "Deutschland",
                         "--domains", "acme.example", "--format", "json"], key: "added"),
        Case(arguments: ["customers", "update", "acme", "--location", "Österreich", "--format", "json"], key: "changed"),
        Case(arguments: ["customers", "domains", "add", "acme", "acme.at", "--format", "json"], key: "added"),
        Case(arguments: ["customers", "domains", "remove", "acme", "acme.at", "--format", "json"], key: "removed"),
        Case(arguments: ["customers", "import", "more-customers.csv", "--format", "json"], key: nil),
        Case(arguments: ["subscriptions", "set", "--customer", "acme", "--product", "Microsoft 365 E3", "--seats", "5",
                         "--format", "json"], key: nil),
        Case(arguments: ["subscriptions", "list", "--customer", "acme", "--format", "json"], key: nil),
        Case(arguments: ["subscriptions", "import", "more-seats.csv", "--format", "json"], key: nil),
        Case(arguments: ["subscriptions", "import", "--graph", graph + "/subscribedSkus.json", "--customer", "fabrikam",
                         "--format", "json"], key: nil),
        Case(arguments: ["users", "import", "--graph", graph + "/users.json", "--customer", "contoso", "--format", "json"],
             key: nil),
        Case(arguments: ["audit", "list", "--customer", "acme", "--format", "json"], key: nil),
    ]

    @Test func everyNewCommandRunsThroughTheBinaryWithHelpAndJSON() throws {
        let folder = try Folder()
        folder.write("more-customers.csv", "Id,Name,DefaultUsageLocation,Domains\nglobex,Globex,US,globex.example\n")
        folder.write("more-seats.csv", "Customer,Product,Seats\nglobex,SPE_E3,3\n")
        for test in Self.cases {
            let help = try folder.run(Array(test.arguments.prefix { !$0.hasPrefix("-") && $0 != "acme" }) + ["--help"])
            #expect(help.status == 0 && String(decoding: help.output, as: UTF8.self).hasPrefix("usage: provision "),
                    "\(test) --help: \(help.errors)")
            let run = try folder.run(test.arguments)
            #expect(run.exited && run.status == 0, "\(test): \(run.errors)")
            let json = try? JSONSerialization.jsonObject(with: run.output)
            #expect(json != nil, "\(test): not JSON: \(String(decoding: run.output, as: UTF8.self))")
            if let key = test.key { #expect((json as? [String: Any])?[key] != nil, "\(test)") }
        }
        // What the runs left: the customer with its location from a German name, the seats.
        let list = try folder.run(["customers", "list", "--format", "json"])
        let text = String(decoding: list.output, as: UTF8.self)
        #expect(text.contains("\"acme\"") && text.contains("\"AT\"") && text.contains("\"globex\""), "\(text)")
        let completion = try folder.run(["completion", "bash"])
        #expect(completion.status == 0 && String(decoding: completion.output, as: UTF8.self).contains("subscriptions"))
    }
}
