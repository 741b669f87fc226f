import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// Runs docs/onboarding.md: exactly the commands of its fenced blocks, in order, so that the
/// page and the tool cannot drift apart.
///
/// The page's conventions: a ```` ```sh ```` block holds `provision …` lines (run, each must
/// exit 0); a ```` ```sh alternative ```` block right after one runs instead of it when one of
/// its commands fails (and then must pass); a ```` ```csv file=NAME ```` block is written to NAME.
@Suite struct OnboardingWalkthroughTests {
    static let page = CLIWorkspace.root + "/docs/onboarding.md"
    static let referenceData = CLIWorkspace.root + "/../shared/reference-data"

    /// One fenced block of the page.
    struct Block {
        var info: [String]
        var lines: [String]
    }

    static func blocks() throws -> [Block] {
        var blocks: [Block] = [], current: Block?
        for line in try String(contentsOfFile: page, encoding: .utf8).components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else {
                    current = Block(info: line.dropFirst(3).split(separator: " ").map(String.init), lines: [])
                }
            } else {
                current?.lines.append(line)
            }
        }
        return blocks
    }

    /// Splits a command line as a POSIX shell would for plain words, "double" and 'single' quotes.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], word = "", quote: Character?, inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// A folder laid out as the page expects: the project (holding `SampleData`), with
    /// `../shared/reference-data` beside it when `withReferenceData`.
    static func layout(withReferenceData: Bool) throws -> (root: String, project: String) {
        let root = NSTemporaryDirectory() + "provision-onboarding-" + UUID().uuidString
        let project = root + "/project"
        let manager = FileManager.default
        try manager.createDirectory(atPath: project, withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: project + "/SampleData", withDestinationPath: CLIWorkspace.sampleData)
        if withReferenceData {
            try manager.createDirectory(atPath: root + "/shared", withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: root + "/shared/reference-data", withDestinationPath: referenceData)
        }
        return (root, project)
    }

    /// Runs the page in `project`; returns the commands run.
    static func walk(in project: String) throws -> [String] {
        let environment = ["PROVISION_NOW": "2026-11-21T09:00:00Z", "USER": "tester"]
        func run(_ line: String) -> (ExitCode, String) {
            let out = OutputSink(), err = OutputSink()
            let code = ProvisionTool.main(arguments: Array(words(line).dropFirst()), environment: environment,
                                          output: out, errors: err, currentDirectory: project)
            return (code, err.text)
        }
        let blocks = try blocks()
        var ran: [String] = []
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            index += 1
            if block.info.first == "csv", let name = block.info.first(where: { $0.hasPrefix("file=") })?.dropFirst(5) {
                _ = FileManager.default.createFile(atPath: project + "/" + name, contents: Data(block.lines.joined(separator: "\n").utf8 + [0x0A]))
                continue
            }
            guard block.info.first == "sh" else { continue }
            let commands = block.lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            let alternative = index < blocks.count && blocks[index].info == ["sh", "alternative"] ? blocks[index] : nil
            if alternative != nil { index += 1 }
            var failed = false
            for command in commands {
                #expect(command.hasPrefix("provision "), "\(command)")
                let (code, errors) = run(command)
                ran.append(command)
                if code != .success {
                    #expect(alternative != nil, "\(command): \(code) \(errors)")
                    failed = true
                    break
                }
            }
            if failed, let alternative {
                for command in alternative.lines where !command.isEmpty {
                    let (code, errors) = run(command)
                    ran.append(command)
                    #expect(code == .success, "\(command): \(errors)")
                }
            }
        }
        return ran
    }

    /// What the walk-through ends with: contoso with its two users holding E3 of the 10 seats.
    static func checkOutcome(_ project: String) throws {
        let store = try SQLiteDirectory(path: project + "/provision.sqlite")
        #expect(try store.customers().map(\.id) == ["contoso"])
        #expect(try store.userCounts(customerID: "contoso").active == 2)
        let e3 = try store.seatUsage(customerID: "contoso").first { $0.partNumber == "SPE_E3" }
        #expect(e3?.purchased == 10 && e3?.assigned == 2)
        #expect(FileManager.default.fileExists(atPath: project + "/first-passwords.csv"))
        let actions = Set(try store.auditLog(customerID: "contoso").map(\.action))
        #expect(actions.isSuperset(of: ["customer-add", "seats-set", "create"]))
    }

    @Test func thePageRunsFromAnEmptyStoreToAppliedUsers() throws {
        let hasReference = FileManager.default.fileExists(atPath: Self.referenceData + "/product-service-plans-2026.csv")
        let folder = try Self.layout(withReferenceData: hasReference)
        defer { try? FileManager.default.removeItem(atPath: folder.root) }
        let ran = try Self.walk(in: folder.project)
        #expect(ran.first == "provision init")
        #expect(ran.contains { $0.hasPrefix("provision customers add") })
        #expect(ran.last == "provision licenses show --customer contoso")
        #expect(ran.contains("provision catalog import SampleData/catalog.csv") == !hasReference)
        try Self.checkOutcome(folder.project)
    }

    @Test func withoutTheReferenceDataTheSampleCatalogStandsIn() throws {
        let folder = try Self.layout(withReferenceData: false)
        defer { try? FileManager.default.removeItem(atPath: folder.root) }
        let ran = try Self.walk(in: folder.project)
        #expect(ran.contains("provision catalog import SampleData/catalog.csv"))
        try Self.checkOutcome(folder.project)
    }
}
