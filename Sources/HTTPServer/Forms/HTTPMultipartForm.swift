/// A `multipart/form-data` body once parsed: its text fields in memory and its file parts on
/// disk (``HTTPMultipartParser``).
public struct HTTPMultipartForm: Sendable {
    /// A file part, written to a private file the server named.
    public struct File: Sendable, Equatable {
        /// The form field's name.
        public let name: String
        /// The client's filename as escaped text, for display only: control bytes, `\` and
        /// bytes that are not UTF-8 are written `\xHH`. It is never used in a path.
        public let filename: String
        /// The part's `Content-Type`, if it gave one.
        public let contentType: String?
        /// Where the content is: `upload-` and 16 hex digits in the parser's folder, mode 0600.
        public let path: String
        /// The content's size in bytes.
        public let size: Int
    }

    /// The text fields, in order (repeated names kept).
    public let fields: [HTTPFormField]
    /// The file parts, in order.
    public let files: [File]

    /// The first value of the text field `name`, or nil.
    public func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The first file part named `name`, or nil.
    public func file(_ name: String) -> File? { files.first { $0.name == name } }

    /// Removes every file of the form (once the caller is done with them).
    public func removeFiles() {
        for file in files { HTTPUploadFile.remove(file.path) }
    }

    /// Reads a streamed body into a form: the boundary from `contentType`, file parts into
    /// `folder`. A body the server refused (413 past the route's limit, a timeout) or a
    /// malformed one removes every file written and throws.
    /// - Throws: ``HTTPFormError``; for a refused body, `bodyRefused` with the server's status.
    public static func read(contentType: String?, body: HTTPBodyReader, folder: String,
                            limits: HTTPFormLimits = HTTPFormLimits(),
                            names: @escaping () -> UInt64 = { UInt64.random(in: .min ... .max) }) throws(HTTPFormError)
        -> HTTPMultipartForm {
        var parser = try HTTPMultipartParser(contentType: contentType ?? "", folder: folder, limits: limits, names: names)
        do {
            while let piece = try body.read() { try parser.feed(piece) }
        } catch let failure as HTTPBodyReader.Failure {
            parser.abandon()
            throw HTTPFormError(.bodyRefused, offset: body.bytesRead, status: failure.status)
        } catch let error as HTTPFormError {
            throw error
        } catch {
            parser.abandon()
            throw HTTPFormError(.bodyRefused, offset: body.bytesRead)
        }
        return try parser.finish()
    }

    /// `bytes` as display text: UTF-8 kept, except control characters and `\` (and every
    /// byte when the whole is not UTF-8) written `\xHH`.
    static func escaped(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        func escape(_ byte: UInt8) -> String {
            String(decoding: [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return bytes.map { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") ? escape($0) : String(UnicodeScalar($0)) }
                .joined()
        }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\\" {
                result += escape(UInt8(scalar.value))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
