import Foundation

/// A `multipart/form-data` body held in memory (RFC 7578): its text fields and at most one file.
///
/// A stop-gap until the server streams request bodies (the `forms` branch): the body is already
/// bounded by the server's body limit, and this reader bounds the parts (``maximumParts``), each
/// part's head (``maximumHeadBytes``) and each text field. A body it cannot read is `nil`
/// (answered 400).
struct MultipartBody {
    /// The text fields, in order.
    var fields: [(String, String)] = []
    /// The file part: the name the browser gave (its last path component) and the bytes.
    var file: (fileName: String, bytes: ArraySlice<UInt8>)?

    static let maximumParts = 16
    static let maximumHeadBytes = 4_096
    static let maximumFieldBytes = 4_096

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` value.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Reads `body` split by `boundary`; `nil` when it is not well formed.
    /// - Parameter fileField: the name of the file input.
    init?(_ body: [UInt8], boundary: String, fileField: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let lineEnd: [UInt8] = [0x0D, 0x0A]
        guard var at = Self.find(delimiter, in: body, from: 0) else { return nil }
        var parts = 0
        while true {
            at += delimiter.count
            if body.count >= at + 2, body[at] == 0x2D, body[at + 1] == 0x2D { return }   // the closing "--"
            guard body.count >= at + 2, body[at] == 0x0D, body[at + 1] == 0x0A else { return nil }
            at += 2
            parts += 1
            guard parts <= Self.maximumParts,
                  let headEnd = Self.find(lineEnd + lineEnd, in: body, from: at),
                  headEnd - at <= Self.maximumHeadBytes,
                  let next = Self.find(lineEnd + delimiter, in: body, from: headEnd + 4) else { return nil }
            let head = String(decoding: body[at..<headEnd], as: UTF8.self)
            let content = body[(headEnd + 4)..<next]
            guard let disposition = head.split(separator: "\r\n").first(where: {
                $0.lowercased().hasPrefix("content-disposition:")
            }), let name = Self.parameter("name", in: disposition) else { return nil }
            if name == fileField, let fileName = Self.parameter("filename", in: disposition) {
                guard file == nil else { return nil }
                let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                file = (last.isEmpty ? "upload.csv" : String(last.prefix(200)), content)
            } else {
                guard content.count <= Self.maximumFieldBytes else { return nil }
                fields.append((name, String(decoding: content, as: UTF8.self)))
            }
            at = next + 2
        }
    }

    /// `name="value"` in a `Content-Disposition` line.
    static func parameter(_ name: String, in line: Substring) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(name + "=") else { continue }
            var value = trimmed.dropFirst(name.count + 1)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
