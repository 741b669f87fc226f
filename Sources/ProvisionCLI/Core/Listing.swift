import Reports
import CSV

/// A listing: named columns and rows of cells, printable as a table, CSV or JSON.
///
/// CSV listings are written for Excel and to be fed back: a UTF-8 byte-order mark, CR LF, the
/// formula guard (``csvOptions``), CamelCase column names as the input files write them
/// (``Column/csvTitle``), and lists separated by `;` as the native format reads them.
/// ``ListingWriter`` streams the same output for listings too long to hold.
struct Listing {
    /// One column: its JSON key, its table title, its CSV title, and whether numbers align right.
    struct Column {
        var key: String
        var title: String
        var numeric = false
        /// The CSV header: the input files' name for the value (`UserPrincipalName`), so an
        /// export can be edited and read back; the table title when `nil`.
        var csvTitle: String?

        init(key: String, title: String, numeric: Bool = false, csv: String? = nil) {
            self.key = key
            self.title = title
            self.numeric = numeric
            self.csvTitle = csv
        }

        /// The title in a CSV header.
        var csvHeader: String { csvTitle ?? title }
    }

    /// How every CSV listing is written: as the reports are, for Excel (`.excelSafe`: BOM, CR LF,
    /// formula guard, which also keeps a value's own leading apostrophe).
    static let csvOptions = CSVWriteOptions.excelSafe

    var columns: [Column]
    /// Rows of JSON values; the table and CSV show strings, numbers, `a, b` for arrays, and
    /// nothing for null.
    var rows: [[JSONValue]] = []

    /// The rows as a JSON array of objects.
    var json: JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0.key, $1) }) })
    }

    /// The text of a cell in a table or CSV.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .null: return ""
        case .array(let items): return items.map(text).joined(separator: ", ")
        case .object(let members): return members.map { "\($0.0)=\(text($0.1))" }.joined(separator: " ")
        }
    }

    /// The text of a cell in a CSV listing: as in a table, but lists separated by `;`, as the
    /// native format's list cells are (`SPE_E3;EMS`).
    static func csvText(_ value: JSONValue) -> String {
        if case .array(let items) = value { return items.map(csvText).joined(separator: ";") }
        return text(value)
    }

    /// CSV with a byte-order mark and a header row (see ``csvOptions``).
    var csv: String {
        var writer = CSVWriter(options: Self.csvOptions)
        writer.writeRow(columns.map(\.csvHeader))
        for row in rows { writer.writeRow(row.map(Self.csvText)) }
        return String(decoding: writer.takeBytes(), as: UTF8.self)
    }

    /// Aligned columns separated by two spaces, with the titles on top; no trailing spaces.
    var table: String { table(titles: true) }

    /// The table, with or without its title line (a streamed table's later chunks go without).
    func table(titles: Bool) -> String {
        // Cells come from the store, and so from input: no control character reaches the terminal.
        let cells = rows.map { $0.map { TerminalText.escaped(Self.text($0)) } }
        var widths = columns.map { Self.width($0.title) }
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.width(cell))
            }
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (index, cell) in row.enumerated() where index < widths.count {
                let pad = String(repeating: " ", count: widths[index] - Self.width(cell))
                let last = index == row.count - 1
                text += columns[index].numeric ? pad + cell : cell + (last ? "" : pad)
                if !last { text += "  " }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return (titles ? line(columns.map(\.title)) : "") + cells.map(line).joined()
    }

    /// Display columns of `text` in a terminal: East Asian wide and full-width characters take
    /// two, combining marks none, everything else one.
    static func width(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: break
            }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0x303E).contains(value)
                || (0x3041...0x33FF).contains(value) || (0x3400...0x4DBF).contains(value)
                || (0x4E00...0x9FFF).contains(value) || (0xA000...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
                || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value)
            columns += wide ? 2 : 1
        }
        return columns
    }

    /// The listing in `format`.
    func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .table: return table
        case .csv: return csv
        case .json: return json.document
        }
    }
}
