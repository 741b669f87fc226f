/// The bounds of the form parsers (docs/http.md, Bodies and forms). Each is inclusive.
public struct HTTPFormLimits: Sendable, Equatable {
    /// Most fields of an urlencoded body, or parts of a multipart one (more: 400).
    public var maxFields: Int
    /// Longest field name, in bytes after decoding (longer: 400).
    public var maxNameBytes: Int
    /// Longest field value kept in memory, in bytes after decoding (longer: 400).
    public var maxValueBytes: Int
    /// Most bytes of all names and values kept in memory together (more: 400).
    public var maxTotalBytes: Int
    /// Most file parts of a multipart body (more: 400).
    public var maxFiles: Int
    /// Most bytes of one part's header section, line ends included (more: 400).
    public var maxPartHeaderBytes: Int
    /// Most header lines of one part (more: 400).
    public var maxPartHeaders: Int

    /// Creates limits; the defaults suit the portal's forms and its CSV upload.
    public init(maxFields: Int = 256, maxNameBytes: Int = 256, maxValueBytes: Int = 64 * 1024,
                maxTotalBytes: Int = 256 * 1024, maxFiles: Int = 4, maxPartHeaderBytes: Int = 4 * 1024,
                maxPartHeaders: Int = 8) {
        self.maxFields = maxFields
        self.maxNameBytes = maxNameBytes
        self.maxValueBytes = maxValueBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxFiles = maxFiles
        self.maxPartHeaderBytes = maxPartHeaderBytes
        self.maxPartHeaders = maxPartHeaders
    }
}
