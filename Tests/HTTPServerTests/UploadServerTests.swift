import Foundation
import Testing
@testable import HTTPServer

/// Bodies over real sockets: uploads streamed to disk under a route's limit, 413 with no file
/// left, chunked uploads, and small in-memory forms under their own limit.
@Suite struct UploadServerTests {
    /// What the upload handler saw.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
        var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
    }

    /// A server with `POST /upload` (multipart into `folder`, at most 4 MiB), `POST /raw`
    /// (the body streamed into one file, at most 4 MiB) and `POST /form` (urlencoded, at most 64 bytes).
    final class Fixture: @unchecked Sendable {
        let server: HTTPServer
        let folder: TemporaryFolder
        let seen = Seen()

        init() throws {
            let folder = try TemporaryFolder()
            self.folder = folder
            let seen = seen
            var router = HTTPRouter()
            router.upload("/upload", maxBodyBytes: 4 << 20) { context, body in
                seen.add("in memory: \(context.request.body.count)")
                do {
                    let form = try HTTPMultipartForm.read(contentType: context.request.headers.first("content-type"),
                                                          body: body, folder: folder.path)
                    for file in form.files {
                        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? -1
                        seen.add("file \(file.name) \(file.filename) \(size)")
                    }
                    return .text(form.fields.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
                } catch let error as HTTPFormError {
                    seen.add("refused \(error.code) \(error.status)")
                    return error.response
                }
            }
            router.upload("/raw", maxBodyBytes: 4 << 20) { _, body in
                guard var file = HTTPUploadFile.create(in: folder.path, names: { 1 }) else { return .text("no", status: 500) }
                var largest = 0
                do {
                    while let piece = try body.read() {
                        largest = max(largest, piece.count)
                        _ = file.write(piece[...])
                    }
                } catch {
                    file.remove()
                    seen.add("refused \(error)")
                    throw error
                }
                _ = file.close()
                seen.add("raw \(file.size) largest piece \(largest)")
                return .text("stored \(file.size)\n")
            }
            router.post("/form", maxBodyBytes: 64) { context in
                do {
                    let form = try HTTPURLEncodedForm(request: context.request)
                    return .text(form.fields.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
                } catch let error as HTTPFormError {
                    return error.response
                }
            }
            server = try HTTPServer(configuration: HTTPServerConfiguration(listen: [try HTTPListenAddress("127.0.0.1:0")]),
                                    router: router)
            server.start()
        }

        func connect() throws -> TestClient { try TestClient(port: server.boundAddresses[0].port) }

        func stop() {
            server.shutdown()
            server.waitUntilStopped()
            folder.remove()
        }
    }

    static func head(_ path: String, _ fields: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: a\r\n\(fields)\r\n"
    }

    @Test func aTwoMebibyteUploadIsStreamedToDiskAndTheHandlerSeesAFile() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let content = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let body = MultipartBody.make([MultipartBody.field("encoding", "utf-8"), MultipartBody.file("csv", "../../etc/passwd", content)],
                                      boundary: "----WebKitFormBoundary7MA4YWxkTrZu0gW")
        let client = try fixture.connect()
        client.send(UploadServerTests.head("/upload", "Content-Type: multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Length: \(body.count)\r\n"))
        client.send(body)
        let response = try #require(client.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.body == "encoding=utf-8")
        #expect(fixture.seen.lines == ["in memory: 0", "file csv ../../etc/passwd \(2 << 20)"])
        #expect(fixture.folder.names.count == 1 && fixture.folder.names[0].hasPrefix("upload-"))
    }

    @Test func aContentLengthOverTheRoutesLimitIs413BeforeTheHandlerAndNoFile() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send(UploadServerTests.head("/upload", "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: \((4 << 20) + 1)\r\n"))
        #expect(client.readToEnd() == "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(fixture.seen.lines.isEmpty)
        #expect(fixture.folder.names.isEmpty)
    }

    @Test func aChunkedUploadGrowingPastTheLimitIs413AndItsFileIsRemoved() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send(UploadServerTests.head("/upload", "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n"))
        let start = Array("--b\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"a.csv\"\r\n\r\n".utf8)
        client.send(Array(String(start.count, radix: 16).utf8) + [13, 10] + start + [13, 10])
        let piece = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<5 { client.send(Array("100000\r\n".utf8) + piece + [13, 10]) }
        #expect(client.readToEnd() == "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(fixture.seen.lines == ["in memory: 0", "refused bodyRefused 413"])
        #expect(fixture.folder.names.isEmpty)
    }

    @Test func aChunkedUploadIsStreamedInPiecesNoLargerThanAReadAndTheConnectionStaysOpen() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect()
        client.send(UploadServerTests.head("/raw", "Transfer-Encoding: chunked\r\n"))
        let piece = [UInt8](repeating: 0x62, count: 100_000)
        for _ in 0..<10 { client.send(Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10]) }
        client.send("0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.body == "stored 1000000\n")
        let line = try #require(fixture.seen.lines.first)
        #expect(line.hasPrefix("raw 1000000 largest piece "))
        #expect((Int(line.split(separator: " ").last ?? "") ?? .max) <= 16 * 1024)
        // Kept alive: the next request on the same connection is answered.
        client.send(UploadServerTests.head("/form", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n") + "a=1")
        #expect(client.readResponse()?.body == "a=1")
    }

    @Test func aSmallFormHasItsOwnLimitAndMalformedFieldsAre400WithAReason() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let big = String(repeating: "x", count: 63)
        var client = try fixture.connect()
        client.send(UploadServerTests.head("/form", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 65\r\n") + "a=" + big)
        #expect(client.readToEnd() == "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        client = try fixture.connect()
        client.send(UploadServerTests.head("/form", "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n") + "a=%G1&")
        let response = try #require(client.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(response.body == "400 Bad Request: a malformed percent-escape (% must be followed by two hex digits) (in item 1) at byte 2\n")
    }

    @Test func aMultipartBodyWithoutItsFinalBoundaryIs400AndLeavesNoFile() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let body = MultipartBody.make([MultipartBody.file("csv", "a.csv", Array("x,y\r\n".utf8))], boundary: "b", final: false)
        let client = try fixture.connect()
        client.send(UploadServerTests.head("/upload", "Content-Type: multipart/form-data; boundary=\"b\"\r\nContent-Length: \(body.count)\r\n"))
        client.send(body)
        let response = try #require(client.readResponse())
        #expect(response.head.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(response.body.hasPrefix("400 Bad Request: the body ends before the final boundary"))
        #expect(fixture.folder.names.isEmpty)
    }
}
