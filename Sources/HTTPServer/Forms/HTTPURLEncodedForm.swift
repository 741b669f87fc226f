/// A strict `application/x-www-form-urlencoded` parser (the WHATWG URL standard's form
/// encoding: `&`-separated `name=value`, `+` a space, `%XX` a byte), bounded by
/// ``HTTPFormLimits``.
///
/// Stricter than the standard, which decodes anything: a `%` not followed by two hex digits,
/// a raw control byte, and a name or value that is not UTF-8 once decoded are refused (400)
/// with the field's number and the byte offset. Empty pieces (`a=1&&b=2`) are skipped as the
/// standard does; a piece without `=` is a name with an empty value. Repeated names are kept,
/// in order (checkboxes: `user=a&user=b`).
public struct HTTPURLEncodedForm: Sendable, Equatable {
    /// The fields, decoded, in the order sent.
    public let fields: [HTTPFormField]

    /// Parses `body`.
    /// - Throws: ``HTTPFormError`` (400) naming the rule, the field and the offset.
    /// - Complexity: O(n) in the body's bytes.
    public init(_ body: [UInt8], limits: HTTPFormLimits = HTTPFormLimits()) throws(HTTPFormError) {
        var fields: [HTTPFormField] = []
        var total = 0
        var start = 0
        while start <= body.count {
            var end = start
            while end < body.count, body[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                guard fields.count < limits.maxFields else { throw HTTPFormError(.tooManyFields, item: fields.count + 1, offset: start) }
                let item = fields.count + 1
                var equals = start
                while equals < end, body[equals] != UInt8(ascii: "=") { equals += 1 }
                let name = try HTTPURLEncodedForm.decode(body, start..<equals, limit: limits.maxNameBytes,
                                                         tooLong: .nameTooLong, item: item)
                let value = try HTTPURLEncodedForm.decode(body, min(equals + 1, end)..<end, limit: limits.maxValueBytes,
                                                          tooLong: .valueTooLong, item: item)
                total += name.utf8.count + value.utf8.count
                guard total <= limits.maxTotalBytes else { throw HTTPFormError(.fieldsTooLarge, item: item, offset: end) }
                fields.append(HTTPFormField(name: name, value: value))
            }
            start = end + 1
        }
        self.fields = fields
    }

    /// Reads a request's whole body (at most `maxBodyBytes`) and parses it, after checking its
    /// `Content-Type` is `application/x-www-form-urlencoded` (parameters such as a charset are
    /// allowed; 415 otherwise).
    public init(request: HTTPRequest, limits: HTTPFormLimits = HTTPFormLimits()) throws(HTTPFormError) {
        let type = request.headers.first("content-type").map(HTTPMultipartBoundary.mediaType) ?? ""
        guard type == "application/x-www-form-urlencoded" else { throw HTTPFormError(.wrongContentType) }
        try self.init(request.body, limits: limits)
    }

    /// The first value of `name`, or nil.
    public func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The bytes of `range` decoded (`+` as space, `%XX`), checked and bounded.
    static func decode(_ body: [UInt8], _ range: Range<Int>, limit: Int, tooLong: HTTPFormError.Code,
                       item: Int) throws(HTTPFormError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(range.count, limit))
        var at = range.lowerBound
        while at < range.upperBound {
            let byte = body[at]
            switch byte {
            case UInt8(ascii: "%"):
                guard at + 2 < range.upperBound,
                      let high = HTTPRequestParser.hexValue(body[at + 1]),
                      let low = HTTPRequestParser.hexValue(body[at + 2]) else {
                    throw HTTPFormError(.badPercentEscape, item: item, offset: at)
                }
                guard high + low > 0 else { throw HTTPFormError(.controlByte, item: item, offset: at) }   // %00
                bytes.append(UInt8(high * 16 + low))
                at += 3
            case UInt8(ascii: "+"):
                bytes.append(HTTPBytes.sp)
                at += 1
            case 0..<0x20, 0x7F:
                throw HTTPFormError(.controlByte, item: item, offset: at)
            default:
                bytes.append(byte)
                at += 1
            }
            guard bytes.count <= limit else { throw HTTPFormError(tooLong, item: item, offset: at - 1) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HTTPFormError(.invalidUTF8, item: item, offset: range.lowerBound)
        }
        return text
    }
}

/// One field of a form: its name and its value, decoded.
public struct HTTPFormField: Sendable, Equatable {
    /// The field's name.
    public let name: String
    /// The field's value.
    public let value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
