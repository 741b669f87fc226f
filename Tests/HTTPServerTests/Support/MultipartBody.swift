import Foundation
@testable import HTTPServer

/// Builds multipart/form-data bodies for the tests, and a private temporary folder per test.
enum MultipartBody {
    /// A part: a text field, or a file when `filename` is given.
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var content: [UInt8]
    }

    /// The body of `parts` with `boundary`, ending with the close delimiter unless `final` is false.
    static func make(_ parts: [Part], boundary: String, final: Bool = true) -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(type)\r\n" }
            head += "\r\n"
            body += Array(head.utf8) + part.content + Array("\r\n".utf8)
        }
        if final { body += Array("--\(boundary)--\r\n".utf8) }
        return body
    }

    static func field(_ name: String, _ value: String) -> Part { Part(name: name, content: Array(value.utf8)) }

    static func file(_ name: String, _ filename: String, _ content: [UInt8]) -> Part {
        Part(name: name, filename: filename, contentType: "text/csv", content: content)
    }
}

/// A fresh folder (mode 0700) removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "provision-forms-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// The names in the folder, sorted.
    var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
