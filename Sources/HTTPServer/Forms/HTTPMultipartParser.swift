// Design note: a state machine fed the body in pieces as the server reads them (RFC 7578,
// RFC 2046 §5.1.1), so a file part goes to disk as it arrives and memory stays bounded: what
// is carried between pieces is at most one piece plus a delimiter's length. The body must start
// with the first boundary (no preamble: browsers send none) and end with the close delimiter
// (`--boundary--`); what follows it (the epilogue) is dropped. Any failure removes every file
// written so far, so a refused body leaves nothing behind.

/// A strict, streaming `multipart/form-data` parser (docs/http.md, Bodies and forms).
///
/// File parts (those with a `filename` parameter) are written to a new private file in the
/// caller's folder under a name the server picks; the client's filename is kept only as
/// escaped text (``HTTPMultipartForm/File/filename``) and never touches a path. Other parts
/// are kept in memory, bounded by ``HTTPFormLimits``.
///
/// ```swift
/// var parser = try HTTPMultipartParser(contentType: type, folder: "/var/lib/provision/uploads")
/// while let piece = try body.read() { try parser.feed(piece) }
/// let form = try parser.finish()
/// ```
public struct HTTPMultipartParser {
    enum State { case start, boundaryLine, headers, content, epilogue, finished }

    /// The folder file parts are written to.
    public let folder: String
    /// The limits in force.
    public let limits: HTTPFormLimits
    private let delimiter: [UInt8]
    private let names: () -> UInt64
    private var state = State.start
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var failure: HTTPFormError?
    private var fields: [HTTPFormField] = []
    private var files: [HTTPMultipartForm.File] = []
    private var memoryBytes = 0
    // The part being read.
    private var part = 0
    private var headerBytes = 0, headerLines = 0
    private var disposition: [UInt8]?, contentType: String?
    private var name = "", filename: String?
    private var value: [UInt8] = []
    private var file: HTTPUploadFile?

    /// Creates a parser for a body of `contentType` (its boundary is read from it).
    /// - Parameters:
    ///   - folder: an existing folder only the server can read; files are created in it.
    ///   - names: the random source of file names (injected in tests).
    /// - Throws: ``HTTPFormError``: 415 if the type is not `multipart/form-data`, 400 for a
    ///   missing or invalid boundary.
    public init(contentType: String, folder: String, limits: HTTPFormLimits = HTTPFormLimits(),
                names: @escaping () -> UInt64 = { UInt64.random(in: .min ... .max) }) throws(HTTPFormError) {
        delimiter = Array("\r\n--".utf8) + (try HTTPMultipartBoundary.parse(contentType))
        self.folder = folder
        self.limits = limits
        self.names = names
    }

    /// Parses the next piece of the body.
    /// - Throws: ``HTTPFormError``; every file written is removed first, and later calls throw it again.
    public mutating func feed(_ bytes: [UInt8]) throws(HTTPFormError) {
        if let failure { throw failure }
        buffer.append(contentsOf: bytes)
        do {
            while try step() {}
        } catch {
            fail(error)
            throw error
        }
    }

    /// Says the body ended and hands over the form.
    /// - Throws: `missingFinalBoundary` when the close delimiter did not come (files removed).
    public mutating func finish() throws(HTTPFormError) -> HTTPMultipartForm {
        if let failure { throw failure }
        guard state == .epilogue else {
            let error = HTTPFormError(.missingFinalBoundary, item: part, offset: consumed + buffer.count)
            fail(error)
            throw error
        }
        state = .finished
        return HTTPMultipartForm(fields: fields, files: files)
    }

    /// Gives up (the body could not be read): removes every file written.
    public mutating func abandon() {
        fail(failure ?? HTTPFormError(.bodyRefused, offset: consumed))
    }

    /// The paths of the files written so far (all removed after a failure).
    public var writtenPaths: [String] { files.map(\.path) + (file.map { [$0.path] } ?? []) }

    private mutating func fail(_ error: HTTPFormError) {
        failure = error
        file?.remove()
        file = nil
        for done in files { HTTPUploadFile.remove(done.path) }
        files = []
        fields = []
        buffer = []
        state = .finished
    }

    private func error(_ code: HTTPFormError.Code, at index: Int = 0) -> HTTPFormError {
        HTTPFormError(code, item: part, offset: consumed + index)
    }

    private mutating func drop(_ count: Int) {
        buffer.removeFirst(count)
        consumed += count
    }

    /// One step of the machine over `buffer`. - Returns: whether to step again.
    private mutating func step() throws(HTTPFormError) -> Bool {
        switch state {
        case .start:
            let first = delimiter[2...]
            let have = min(buffer.count, first.count)
            guard buffer[..<have].elementsEqual(first.prefix(have)) else { throw error(.missingFirstBoundary) }
            guard have == first.count else { return false }
            drop(have)
            state = .boundaryLine
            return true
        case .boundaryLine:
            return try boundaryLine()
        case .headers:
            return try headerLine()
        case .content:
            return try content()
        case .epilogue, .finished:
            consumed += buffer.count
            buffer.removeAll(keepingCapacity: true)
            return false
        }
    }

    /// After a delimiter: `--` (the end), or transport padding and CRLF (a part follows).
    private mutating func boundaryLine() throws(HTTPFormError) -> Bool {
        if buffer.first == UInt8(ascii: "-") {
            guard buffer.count >= 2 else { return false }
            guard buffer[1] == UInt8(ascii: "-") else { throw error(.invalidBoundaryLine) }
            drop(2)
            state = .epilogue
            return true
        }
        var at = 0
        while at < buffer.count, buffer[at] == HTTPBytes.sp || buffer[at] == HTTPBytes.htab {
            at += 1
            guard at <= 64 else { throw error(.invalidBoundaryLine, at: at) }
        }
        guard at + 1 < buffer.count else { return false }
        guard buffer[at] == HTTPBytes.cr, buffer[at + 1] == HTTPBytes.lf else { throw error(.invalidBoundaryLine, at: at) }
        drop(at + 2)
        part += 1
        guard part <= limits.maxFields else { throw error(.tooManyParts) }
        headerBytes = 0
        headerLines = 0
        disposition = nil
        contentType = nil
        state = .headers
        return true
    }

    /// One line of a part's header section (RFC 2046 §5.1: field lines, then an empty line).
    private mutating func headerLine() throws(HTTPFormError) -> Bool {
        var end = 0
        while end + 1 < buffer.count, !(buffer[end] == HTTPBytes.cr && buffer[end + 1] == HTTPBytes.lf) { end += 1 }
        guard end + 1 < buffer.count else {
            guard headerBytes + buffer.count <= limits.maxPartHeaderBytes else { throw error(.partHeadersTooLarge) }
            return false
        }
        headerBytes += end + 2
        guard headerBytes <= limits.maxPartHeaderBytes else { throw error(.partHeadersTooLarge) }
        if end == 0 {
            drop(2)
            try startContent()
            return true
        }
        headerLines += 1
        guard headerLines <= limits.maxPartHeaders else { throw error(.partHeadersTooLarge) }
        let line = Array(buffer[..<end])
        guard let colon = line.firstIndex(of: HTTPBytes.colon), colon > 0,
              line[..<colon].allSatisfy(HTTPBytes.isTchar),
              line[(colon + 1)...].allSatisfy(HTTPBytes.isFieldValueByte) else { throw error(.invalidPartHeader) }
        let fieldName = String(decoding: line[..<colon].map(HTTPBytes.lower), as: UTF8.self)
        let fieldValue = Array(HTTPBytes.trimmed(line[(colon + 1)...]))
        switch fieldName {
        case "content-disposition":
            guard disposition == nil else { throw error(.invalidContentDisposition) }
            disposition = fieldValue
        case "content-type":
            guard contentType == nil, let text = String(validating: fieldValue, as: UTF8.self) else {
                throw error(.invalidPartHeader)
            }
            contentType = text
        default:
            break   // RFC 7578 §4.8: other fields are ignored
        }
        drop(end + 2)
        return true
    }

    /// Reads `Content-Disposition: form-data; name="…"[; filename="…"]` and opens the part.
    private mutating func startContent() throws(HTTPFormError) {
        guard let disposition else { throw error(.missingContentDisposition) }
        let kind = HTTPMultipartBoundary.mediaType(String(decoding: disposition, as: UTF8.self))
        guard kind == "form-data" else { throw error(.missingContentDisposition) }
        var partName: [UInt8]?, partFilename: [UInt8]?
        for (key, text) in try HTTPMultipartBoundary.parameters(disposition, error: .invalidContentDisposition,
                                                                  backslashEscapes: false) {
            switch key {
            case "name":
                guard partName == nil else { throw error(.invalidContentDisposition) }
                partName = text
            case "filename":
                guard partFilename == nil else { throw error(.invalidContentDisposition) }
                partFilename = text
            default:
                break   // filename* and others: RFC 7578 §4.2 says not to use them; ignored
            }
        }
        guard let partName else { throw error(.missingContentDisposition) }
        guard partName.count <= limits.maxNameBytes else { throw error(.nameTooLong) }
        guard let decodedName = String(validating: partName, as: UTF8.self) else { throw error(.invalidUTF8) }
        name = decodedName
        memoryBytes += partName.count
        guard memoryBytes <= limits.maxTotalBytes else { throw error(.fieldsTooLarge) }
        value = []
        filename = partFilename.map(HTTPMultipartForm.escaped)
        if filename != nil {
            guard files.count < limits.maxFiles else { throw error(.tooManyFiles) }
            guard let created = HTTPUploadFile.create(in: folder, names: names) else { throw error(.fileNotWritable) }
            file = created
        }
        state = .content
    }

    /// A part's content up to the next delimiter, written or kept as it comes.
    private mutating func content() throws(HTTPFormError) -> Bool {
        if let found = find(delimiter) {
            try emit(found)
            drop(delimiter.count)
            try endPart()
            state = .boundaryLine
            return true
        }
        let safe = buffer.count - (delimiter.count - 1)
        if safe > 0 { try emit(safe) }
        return false
    }

    /// Passes the first `count` bytes of the buffer to the part and drops them.
    private mutating func emit(_ count: Int) throws(HTTPFormError) {
        guard count > 0 else { return }
        if file != nil {
            guard file?.write(buffer[..<count]) == true else { throw error(.fileNotWritable) }
        } else {
            // Refused at the first byte past a limit, whichever comes first, however the body was cut.
            let valueRoom = limits.maxValueBytes - value.count, totalRoom = limits.maxTotalBytes - memoryBytes
            if count > min(valueRoom, totalRoom) {
                throw valueRoom <= totalRoom ? error(.valueTooLong, at: valueRoom) : error(.fieldsTooLarge, at: totalRoom)
            }
            memoryBytes += count
            value.append(contentsOf: buffer[..<count])
        }
        drop(count)
    }

    /// Closes the part: a file is closed and listed, a value checked as UTF-8 and kept.
    private mutating func endPart() throws(HTTPFormError) {
        if var done = file {
            file = nil
            guard done.close() else {
                done.remove()
                throw error(.fileNotWritable)
            }
            files.append(HTTPMultipartForm.File(name: name, filename: filename ?? "", contentType: contentType,
                                                path: done.path, size: done.size))
        } else {
            guard let text = String(validating: value, as: UTF8.self) else { throw error(.invalidUTF8) }
            fields.append(HTTPFormField(name: name, value: text))
            value = []
        }
    }

    /// The index of `needle` in the buffer, or nil.
    private func find(_ needle: [UInt8]) -> Int? {
        let count = buffer.count, length = needle.count
        guard count >= length else { return nil }
        return buffer.withUnsafeBufferPointer { haystack -> Int? in
            var at = 0
            let first = needle[0]
            while at <= count - length {
                if haystack[at] == first {
                    var same = true
                    for offset in 1..<length where haystack[at + offset] != needle[offset] { same = false; break }
                    if same { return at }
                }
                at += 1
            }
            return nil
        }
    }
}
