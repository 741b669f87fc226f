import Foundation
import Testing
@testable import ProvisionCLI

/// `provision inspect`: text and JSON output, standard input, problems and exit codes.
@Suite struct InspectCommandTests {
    /// Runs `provision inspect` with `arguments` on a temporary file holding `bytes`.
    static func inspect(_ bytes: [UInt8], _ arguments: [String] = [], stdin: Bool = false)
        -> (code: ExitCode, output: String, errors: String) {
        let directory = NSTemporaryDirectory() + "inspect-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/in.csv", contents: Data(bytes))
        let out = OutputSink(), err = OutputSink()
        let pipe = Pipe()
        if stdin {
            pipe.fileHandleForWriting.write(Data(bytes))
            try? pipe.fileHandleForWriting.close()
        }
        let code = ProvisionTool.main(arguments: ["inspect", stdin ? "-" : "in.csv"] + arguments, environment: [:],
                                      output: out, errors: err, input: pipe.fileHandleForReading,
                                      currentDirectory: directory)
        return (code, out.text, err.text)
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static let sample: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Name,City\r\n陳怡君,\"臺北, 信義\"\r\nAnna,\"Lund\r\nSkåne\"\r\n".utf8)

    @Test func textShowsDialectHeaderCountRowsAndNoProblems() {
        let result = Self.inspect(Self.sample)
        #expect(result.code == .success)
        #expect(result.output.contains("encoding:   UTF-8 (byte-order mark)"))
        #expect(result.output.contains("delimiter:  ',' (sniffed from the header line)"))
        #expect(result.output.contains("line ends:  CRLF"))
        #expect(result.output.contains("  1. Name\n  2. City\n"))
        #expect(result.output.contains("records:    2\n"))
        #expect(result.output.contains("  line 2: 陳怡君 | 臺北, 信義\n  line 3: Anna | Lund\\r\\nSkåne\n"))
        #expect(result.output.contains("problems:   none"))
    }

    @Test func rowsLimitsTheRowsShown() {
        let result = Self.inspect(Self.sample, ["--rows", "1"])
        #expect(result.output.contains("first 1 row:\n  line 2: "))
        #expect(!result.output.contains("line 3:"))
    }

    @Test func jsonHasEveryRecord() throws {
        let result = Self.inspect(Self.sample, ["--format", "json"])
        #expect(result.code == .success)
        let object = try Self.json(result.output)
        #expect(object["encoding"] as? String == "UTF-8")
        #expect(object["delimiter"] as? String == ",")
        #expect(object["header"] as? [String] == ["Name", "City"])
        #expect(object["records"] as? [[String]] == [["陳怡君", "臺北, 信義"], ["Anna", "Lund\r\nSkåne"]])
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        #expect(object["lineEnding"] as? String == "crlf")
    }

    @Test func standardInputIsRead() throws {
        let result = Self.inspect(Array("a;b\n1;2\n".utf8), ["--format=json"], stdin: true)
        let object = try Self.json(result.output)
        #expect(object["records"] as? [[String]] == [["1", "2"]])
        #expect(object["delimiter"] as? String == ";")
        #expect(object["file"] as? String == "-")
    }

    @Test func fatalErrorGoesInProblemsAndExitsTwo() throws {
        let result = Self.inspect(Array("a,b\n1,2\n3,".utf8) + [0x96], ["--format", "json"])
        #expect(result.code == .usageOrInput)
        let object = try Self.json(result.output)
        #expect(object["records"] as? [[String]] == [["1", "2"]])
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["code"] as? String == "invalidUTF8")
        #expect(problems.first?["line"] as? Int == 3)
        #expect(problems.first?["column"] as? Int == 2)
        #expect(problems.first?["byteOffset"] as? Int == 10)
        #expect(result.errors.contains("in.csv:3:2: byte 0x96 is not valid UTF-8"))
    }

    @Test func encodingOptionReadsLegacyFiles() {
        let result = Self.inspect(Array("Name;City\r\nJos".utf8) + [0xE9] + Array(";Lyon\r\n".utf8), ["--encoding", "cp1252"])
        #expect(result.code == .success)
        #expect(result.output.contains("encoding:   CP1252\n"))
        #expect(result.output.contains("line 2: José | Lyon"))
    }

    @Test func fieldCountProblemsAreListedAndReadingGoesOn() {
        let result = Self.inspect(Array("a,b\n1\n2,3\nx\"y,4\n".utf8))
        #expect(result.code == .usageOrInput)
        #expect(result.output.contains("records:    2\n"))
        #expect(result.output.contains("error: in.csv:2: record has 1 field, the header has 2"))
        #expect(result.output.contains("warning: in.csv:4:1: quote inside an unquoted field"))
    }

    @Test func noHeaderListsEveryRecord() throws {
        let result = Self.inspect(Array("version:v1.0\nName,Email\nA,a@x\n".utf8), ["--no-header", "--format", "json"])
        let object = try Self.json(result.output)
        #expect(object["records"] as? [[String]] == [["version:v1.0"], ["Name", "Email"], ["A", "a@x"]])
        #expect(object["header"] is NSNull)
    }

    @Test func missingFileInJSONIsAProblem() throws {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: ["inspect", "/nonexistent/x.csv", "--format", "json"], environment: [:],
                                      output: out, errors: err)
        #expect(code == .usageOrInput)
        let problems = try #require(try Self.json(out.text)["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "io")
    }

    @Test func usageErrorsExitTwo() {
        #expect(Self.inspect([], ["--format", "xml"]).code == .usageOrInput)
        #expect(Self.inspect([], ["--encoding", "klingon"]).errors.contains("unknown encoding 'klingon'"))
        #expect(Self.inspect([], ["--rows", "-1"]).code == .usageOrInput)
    }

    @Test func emptyFileHasNoHeader() {
        let result = Self.inspect([])
        #expect(result.code == .usageOrInput)
        #expect(result.output.contains("no header line"))
    }
}

/// `inspect` on inputs that must not be read as they look: NUL characters, UTF-32, passwords.
@Suite struct InspectHostileInputTests {
    @Test func aNULCharacterIsAProblemAtItsLineAndColumn() throws {
        let result = InspectCommandTests.inspect(Array("Name,City\nAnna,Lu\0nd\n".utf8))
        #expect(result.output.contains("warning: in.csv:2:2: field contains a NUL character (U+0000)"), "\(result.output)")
        #expect(result.output.contains("line 2: Anna | Lu\\x00nd"))
        let json = try InspectCommandTests.json(InspectCommandTests.inspect(Array("Name,City\nAnna,Lu\0nd\n".utf8),
                                                                           ["--format", "json"]).output)
        let problem = try #require((json["problems"] as? [[String: Any]])?.first)
        #expect(problem["code"] as? String == "nulCharacter")
        #expect(problem["line"] as? Int == 2 && problem["column"] as? Int == 2)
    }

    @Test(arguments: [([UInt8]([0xFF, 0xFE, 0, 0]) + [0x41, 0, 0, 0], "UTF-32LE"),
                      ([UInt8]([0, 0, 0xFE, 0xFF]) + [0, 0, 0, 0x41], "UTF-32BE")])
    func aUTF32ByteOrderMarkIsRefusedByName(bytes: [UInt8], name: String) throws {
        let result = InspectCommandTests.inspect(bytes)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("UTF-32 is not supported: the input starts with a \(name) byte-order mark"),
                "\(result.errors)")
        let json = try InspectCommandTests.json(InspectCommandTests.inspect(bytes, ["--format", "json"]).output)
        #expect((json["problems"] as? [[String: Any]])?.first?["code"] as? String == "unsupportedEncoding")
    }

    /// Entra's template (after its version line) and the native column: values shown as ••••.
    @Test(arguments: [
        "version:v1.0,,\nName [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required\n"
            + "Chris Green,chris@contoso.com,Secret-Pa55word!\n",
        "UserPrincipalName,DisplayName,InitialPassword\nchris@contoso.com,Chris Green,Secret-Pa55word!\n",
    ])
    func passwordColumnsAreMasked(text: String) throws {
        let result = InspectCommandTests.inspect(Array(text.utf8))
        #expect(!result.output.contains("Secret-Pa55word!"), "\(result.output)")
        #expect(result.output.contains("••••"), "\(result.output)")
        #expect(result.output.contains("chris@contoso.com"))
        let json = InspectCommandTests.inspect(Array(text.utf8), ["--format", "json"]).output
        #expect(!json.contains("Secret-Pa55word!") && json.contains("••••"), "\(json)")
    }
}
