/// One record as `String`s, returned by ``CSVReader/nextRecord()``.
public struct CSVRecord: Sendable, Hashable, RandomAccessCollection {
    /// The fields in order; trailing empty fields beyond the header's width are dropped.
    public var fields: [String]
    /// Where the record starts (its first physical line, record index, byte offset).
    public var position: CSVPosition

    /// Creates a record.
    public init(fields: [String], position: CSVPosition) {
        self.fields = fields
        self.position = position
    }

    /// The number of fields.
    public var count: Int { fields.count }
    /// 0.
    public var startIndex: Int { 0 }
    /// ``count``.
    public var endIndex: Int { fields.count }

    /// Field `i`, from 0.
    public subscript(i: Int) -> String { fields[i] }

    /// Whether every field is empty (Excel writes such rows as `,,,`).
    public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
}
