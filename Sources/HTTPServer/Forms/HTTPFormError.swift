/// Why a form body was refused, with the status to answer and a reason safe to show
/// (docs/http.md, Bodies and forms). No input bytes are kept in it.
public struct HTTPFormError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule a form broke.
    public enum Code: String, Sendable, CaseIterable {
        // Both encodings.
        case wrongContentType, tooManyFields, nameTooLong, valueTooLong, fieldsTooLarge
        case badPercentEscape, invalidUTF8, controlByte
        // multipart/form-data.
        case missingBoundary, invalidBoundary, missingFirstBoundary, invalidBoundaryLine
        case tooManyParts, tooManyFiles, partHeadersTooLarge, invalidPartHeader
        case missingContentDisposition, invalidContentDisposition, missingFinalBoundary
        case fileNotWritable
        // The body itself (the server's reading of it).
        case bodyRefused

        /// The status: 413 for a size limit of the body, 415 for a body that is no form, 500
        /// when the server could not write, else 400.
        public var status: Int {
            switch self {
            case .wrongContentType: return 415
            case .fileNotWritable: return 500
            default: return 400
            }
        }
    }

    /// The rule broken.
    public let code: Code
    /// The status to answer (``Code/status``, or the server's for ``Code/bodyRefused``).
    public let status: Int
    /// Where: the field's or part's number from 1 (0 when it is about the whole body).
    public let item: Int
    /// The body byte offset at which the parser knew, from 0.
    public let offset: Int

    /// Creates an error.
    public init(_ code: Code, item: Int = 0, offset: Int = 0, status: Int? = nil) {
        self.code = code
        self.item = item
        self.offset = offset
        self.status = status ?? code.status
    }

    /// The reason in words, for the response and the log (no input bytes).
    public var reason: String {
        let what: String
        switch code {
        case .wrongContentType: what = "the body is not of the form's content type"
        case .tooManyFields: what = "too many fields"
        case .nameTooLong: what = "a field name is too long"
        case .valueTooLong: what = "a field value is too long"
        case .fieldsTooLarge: what = "the fields are too large together"
        case .badPercentEscape: what = "a malformed percent-escape (% must be followed by two hex digits)"
        case .invalidUTF8: what = "text that is not UTF-8"
        case .controlByte: what = "a control byte"
        case .missingBoundary: what = "no boundary in the Content-Type"
        case .invalidBoundary: what = "a boundary that RFC 2046 does not allow (1-70 characters of its set)"
        case .missingFirstBoundary: what = "the body does not start with the boundary"
        case .invalidBoundaryLine: what = "a boundary line not followed by CRLF or --"
        case .tooManyParts: what = "too many parts"
        case .tooManyFiles: what = "too many files"
        case .partHeadersTooLarge: what = "a part's header section is too large"
        case .invalidPartHeader: what = "a malformed part header"
        case .missingContentDisposition: what = "a part without Content-Disposition: form-data and a name"
        case .invalidContentDisposition: what = "a malformed Content-Disposition"
        case .missingFinalBoundary: what = "the body ends before the final boundary"
        case .fileNotWritable: what = "the upload could not be stored"
        case .bodyRefused: what = "the body could not be read"
        }
        var text = what
        if item > 0 { text += " (\(code.rawValue.hasPrefix("too") ? "at" : "in") item \(item))" }
        return text + " at byte \(offset)"
    }

    /// `"400 badPercentEscape: … at byte 7"`.
    public var description: String { "\(status) \(code.rawValue): \(reason)" }

    /// The plain-text response a route can return for it.
    public var response: HTTPResponse {
        .text("\(status) \(HTTPResponse.reason(status)): \(reason)\n", status: status)
    }
}
