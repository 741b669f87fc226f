/// A text encoding the reader can decode: UTF-8, UTF-16 LE/BE, or any code page the system's
/// iconv knows (`cp1252`, `windows-1252`, `cp950`, `big5`, `shift_jis`, …).
public struct CSVEncoding: Sendable, Hashable, CustomStringConvertible {
    /// UTF-8, the default.
    public static let utf8 = CSVEncoding(canonical: "UTF-8")
    /// UTF-16 little-endian (Excel's "Unicode text" on Windows).
    public static let utf16LE = CSVEncoding(canonical: "UTF-16LE")
    /// UTF-16 big-endian.
    public static let utf16BE = CSVEncoding(canonical: "UTF-16BE")

    /// The encoding's name in upper case, as iconv knows it (`UTF-8`, `CP1252`, `BIG5`).
    public let name: String

    private init(canonical: String) { name = canonical }

    /// Looks an encoding up by name, case-insensitively.
    ///
    /// `utf-8`/`utf8`, `utf-16le` and `utf-16be` are built in; any other name must be known to
    /// the system's iconv. Byte-order-dependent names (`utf-16`, `utf-32`, `ucs-2`, `unicode`)
    /// are refused: a file with a byte-order mark is detected without `--encoding`.
    /// - Throws: ``CSVError`` of kind ``CSVError/Kind/unknownEncoding(_:)``.
    public init(name: String) throws {
        let upper = name.uppercased()
        let squeezed = upper.filter { $0 != "-" && $0 != "_" }
        switch squeezed {
        case "UTF8": self = .utf8; return
        case "UTF16LE": self = .utf16LE; return
        case "UTF16BE": self = .utf16BE; return
        case "UTF16", "UTF32", "UCS2", "UCS4", "UNICODE":
            throw CSVError(kind: .unknownEncoding(name), fileName: "", position: CSVPosition())
        default: break
        }
        guard !upper.isEmpty, IconvConverter(from: upper, to: "UTF-8") != nil else {
            throw CSVError(kind: .unknownEncoding(name), fileName: "", position: CSVPosition())
        }
        self.name = upper
    }

    /// The name, e.g. `UTF-8`.
    public var description: String { name }

    /// Whether bytes pass through without transcoding.
    var isUTF8: Bool { name == "UTF-8" }
}
