import Foundation
import Testing
@testable import HTTPServer

/// The streaming multipart/form-data parser: boundaries, parts, files on disk, refusals that
/// leave no file, and client filenames that never reach a path. Every case runs in each feed.
@Suite struct MultipartParserTests {
    static let type = "multipart/form-data; boundary=XyZ"

    /// Parses `body` fed as `feed` into `folder`.
    static func parse(_ body: [UInt8], type: String = MultipartParserTests.type, folder: TemporaryFolder,
                      feed: Feed = .whole, limits: HTTPFormLimits = HTTPFormLimits()) throws(HTTPFormError) -> HTTPMultipartForm {
        var counter: UInt64 = 0
        var parser = try HTTPMultipartParser(contentType: type, folder: folder.path, limits: limits) {
            counter += 1
            return counter
        }
        let next = feed.sizes()
        var at = 0
        while at < body.count {
            let end = min(body.count, at + max(1, min(next(), body.count - at)))
            try parser.feed(Array(body[at..<end]))
            at = end
        }
        return try parser.finish()
    }

    @Test(arguments: Feed.allCases) func fieldsInMemoryAndFilesOnDisk(_ feed: Feed) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let csv = Array("UserPrincipalName,DisplayName\r\n--XyQ is not the boundary,\r\n-XyZ\r\n".utf8)
        let body = MultipartBody.make([MultipartBody.field("encoding", "cp1252"), MultipartBody.field("user", "a"),
                                       MultipartBody.file("csv", "users.csv", csv), MultipartBody.field("user", "b")],
                                      boundary: "XyZ")
        let form = try MultipartParserTests.parse(body, folder: folder, feed: feed)
        #expect(form.fields == [HTTPFormField(name: "encoding", value: "cp1252"), HTTPFormField(name: "user", value: "a"),
                                HTTPFormField(name: "user", value: "b")])
        let file = try #require(form.file("csv"))
        #expect(file.filename == "users.csv")
        #expect(file.contentType == "text/csv")
        #expect(file.size == csv.count)
        #expect(file.path == folder.path + "/upload-0000000000000001")
        #expect(FileManager.default.contents(atPath: file.path).map(Array.init) == csv)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        form.removeFiles()
        #expect(folder.names.isEmpty)
    }

    @Test func quotedBoundaryWithBcharsThatAreNoTokenChars() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let boundary = "a b:c=d?(e)/f,g"
        let body = MultipartBody.make([MultipartBody.field("x", "1")], boundary: boundary)
        let form = try MultipartParserTests.parse(body, type: "Multipart/Form-Data; charset=utf-8; boundary=\"\(boundary)\"", folder: folder)
        #expect(form.value("x") == "1")
    }

    @Test func boundariesRFC2046DoesNotAllowAreRefused() {
        let cases: [(String, HTTPFormError.Code)] = [
            ("multipart/form-data", .missingBoundary),
            ("multipart/form-data; boundary=", .invalidBoundary),
            ("multipart/form-data; boundary=\"\"", .invalidBoundary),
            ("multipart/form-data; boundary=\"ends with space \"", .invalidBoundary),
            ("multipart/form-data; boundary=\"semi;colon\"", .invalidBoundary),
            ("multipart/form-data; boundary=" + String(repeating: "a", count: 71), .invalidBoundary),
            ("multipart/form-data; boundary=a; boundary=b", .invalidBoundary),
            ("multipart/form-data; boundary=\"unclosed", .invalidBoundary),
            ("multipart/mixed; boundary=a", .wrongContentType),
            ("text/plain", .wrongContentType),
        ]
        for (type, code) in cases {
            #expect(throws: HTTPFormError(code)) { _ = try HTTPMultipartBoundary.parse(type) }
        }
        #expect(throws: Never.self) { _ = try HTTPMultipartBoundary.parse("multipart/form-data; boundary=" + String(repeating: "a", count: 70)) }
    }

    /// Malformed bodies: a 400 with the rule, and no file left in the folder.
    @Test(arguments: Feed.allCases) func malformedBodiesAreRefusedAndLeaveNoFile(_ feed: Feed) throws {
        let file = MultipartBody.file("csv", "a.csv", Array(repeating: 0x61, count: 5_000))
        let cases: [([UInt8], HTTPFormError.Code)] = [
            (MultipartBody.make([file], boundary: "XyZ", final: false), .missingFinalBoundary),
            (Array(MultipartBody.make([file], boundary: "XyZ").dropLast(4)), .missingFinalBoundary),
            (Array("preamble\r\n".utf8) + MultipartBody.make([file], boundary: "XyZ"), .missingFirstBoundary),
            (MultipartBody.make([file], boundary: "XyZ").replacing("--XyZ--", "--XyZ-x"), .invalidBoundaryLine),
            (Array("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".utf8), .missingContentDisposition),
            (Array("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--".utf8), .missingContentDisposition),
            (Array("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--XyZ--".utf8), .missingContentDisposition),
            (Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--XyZ--".utf8), .invalidContentDisposition),
            (Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--XyZ--".utf8), .invalidContentDisposition),
            (Array("--XyZ\r\nContent-Disposition form-data\r\n\r\nx\r\n--XyZ--".utf8), .invalidPartHeader),
            (Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\nx\r\n--XyZ--".utf8), .invalidPartHeader),
            (Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8) + [0xFF] + Array("\r\n--XyZ--".utf8), .invalidUTF8),
            (MultipartBody.make([file], boundary: "Other"), .missingFirstBoundary),
        ]
        for (body, code) in cases {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            do {
                _ = try MultipartParserTests.parse(body, folder: folder, feed: feed)
                Issue.record("accepted, expected \(code)")
            } catch {
                #expect(error.code == code)
                #expect(error.status == 400)
            }
            #expect(folder.names.isEmpty)
        }
    }

    @Test func partsFilesHeadersAndValuesAreBounded() throws {
        let limits = HTTPFormLimits(maxFields: 3, maxValueBytes: 10, maxFiles: 1, maxPartHeaderBytes: 120, maxPartHeaders: 2)
        let cases: [([MultipartBody.Part], HTTPFormError.Code)] = [
            ((0..<4).map { MultipartBody.field("f\($0)", "v") }, .tooManyParts),
            ([MultipartBody.file("a", "a", [1]), MultipartBody.file("b", "b", [2])], .tooManyFiles),
            ([MultipartBody.field("a", String(repeating: "v", count: 11))], .valueTooLong),
            ([MultipartBody.file("a", String(repeating: "n", count: 100), [1])], .partHeadersTooLarge),
        ]
        for (parts, code) in cases {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            do {
                _ = try MultipartParserTests.parse(MultipartBody.make(parts, boundary: "XyZ"), folder: folder, limits: limits)
                Issue.record("accepted, expected \(code)")
            } catch {
                #expect(error.code == code)
            }
            #expect(folder.names.isEmpty)
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let atLimits = [MultipartBody.field("a", String(repeating: "v", count: 10)), MultipartBody.file("b", "b", [2]),
                        MultipartBody.field("c", "")]
        let form = try MultipartParserTests.parse(MultipartBody.make(atLimits, boundary: "XyZ"), folder: folder, limits: limits)
        #expect(form.fields.count == 2 && form.files.count == 1)
    }

    /// A client filename is text only: the file is always the server's name in the folder.
    @Test func hostileFilenamesNeverReachAPath() throws {
        let names = ["../../etc/passwd", "/etc/passwd", "..", "<script>alert(1)</script>.csv", "a\\..\\b", "é.csv"]
        for name in names {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let form = try MultipartParserTests.parse(MultipartBody.make([MultipartBody.file("csv", name, [0x41])], boundary: "XyZ"),
                                                      folder: folder)
            let file = try #require(form.files.first)
            #expect(file.path == folder.path + "/upload-0000000000000001")
            #expect(folder.names == ["upload-0000000000000001"])
            #expect(file.filename == name.replacingOccurrences(of: "\\", with: "\\x5C"))
        }
        // NUL and other control bytes cannot be in a header line: 400, no file.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: HTTPFormError(.invalidPartHeader, item: 1, offset: 7)) {
            _ = try MultipartParserTests.parse(MultipartBody.make([MultipartBody.file("csv", "a\0.csv", [0x41])], boundary: "XyZ"),
                                               folder: folder)
        }
        #expect(folder.names.isEmpty)
        #expect(HTTPMultipartForm.escaped([0x61, 0x1B, 0x5C]) == "a\\x1B\\x5C")
        #expect(HTTPMultipartForm.escaped([0x61, 0xFF]) == "a\\xFF")
    }

    @Test func anEmptyFileAndTransportPaddingAndAnEpilogue() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let body = Array("--XyZ  \r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--XyZ--\r\nepilogue".utf8)
        let form = try MultipartParserTests.parse(body, folder: folder)
        #expect(form.files.first?.size == 0)
        #expect(form.files.first?.filename == "")
    }
}

extension Array where Element == UInt8 {
    /// A copy with the first `old` replaced by `new` (UTF-8).
    func replacing(_ old: String, _ new: String) -> [UInt8] {
        let needle = Array(old.utf8)
        guard let at = TestClient.find(needle, in: self) else { return self }
        return Array(self[..<at]) + Array(new.utf8) + Array(self[(at + needle.count)...])
    }
}
