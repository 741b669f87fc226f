import CSV
import Foundation
import Provisioning

/// A small sample file read whole, with its columns found by name (case- and
/// punctuation-insensitively) and each row's line kept for errors.
struct SampleTable {
    /// One record's values, in the order of the requested columns.
    struct Row {
        let fileName: String
        let line: Int
        let values: [String]
        let columns: [String]
        let positions: [Int]

        subscript(index: Int) -> String { values[index] }

        /// An error at this row, naming the requested column `column` when given.
        func problem(_ message: String, column: Int? = nil) -> CatalogError {
            CatalogError(fileName: fileName, line: line, column: column.map { positions[$0] + 1 },
                         field: column.map { columns[$0] }, message: message)
        }
    }

    let rows: [Row]

    /// Reads `path`, whose header must have every one of `columns`.
    /// - Throws: ``CSV/CSVError`` or ``CatalogError`` naming a missing column.
    init(path: String, columns: [String]) throws {
        var reader = try CSVReader(path: path, options: CSVReadOptions(fileName: path))
        try self.init(reading: &reader, fileName: path, columns: columns)
    }

    /// Reads the rest of `reader` (a header row, then records), naming `fileName` in errors.
    /// - Throws: ``CSV/CSVError`` or ``CatalogError`` naming a missing column.
    init(reading reader: inout CSVReader, fileName path: String, columns: [String]) throws {
        let header = try reader.readHeader()
        func key(_ name: String) -> String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let keys = header.map(key)
        var positions: [Int] = []
        for column in columns {
            guard let position = keys.firstIndex(of: key(column)) else {
                throw CatalogError(fileName: path, line: 1, message: "missing column \(column); the header has: "
                                   + header.joined(separator: ", "))
            }
            positions.append(position)
        }
        var rows: [Row] = []
        while let record = try reader.nextRecord() {
            if record.isBlank { continue }
            let values = positions.map { $0 < record.count ? record[$0].trimmingCharacters(in: .whitespaces) : "" }
            rows.append(Row(fileName: path, line: record.position.line, values: values, columns: columns,
                            positions: positions))
        }
        self.rows = rows
    }
}
