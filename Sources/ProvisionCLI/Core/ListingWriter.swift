import CSV
import Reports

/// Writes a listing to an output as its rows come, so that a listing of every user of a
/// large customer keeps memory flat: CSV row by row (the same bytes as ``Listing/csv``: BOM,
/// CamelCase header, formula guard), JSON item by item, and a table in chunks of
/// ``chunkRows`` rows, the titles above the first (each chunk is aligned on its own).
final class ListingWriter {
    /// Table rows aligned together.
    static let chunkRows = 1_000

    private let columns: [Listing.Column]
    private let format: OutputFormat
    private let output: OutputSink
    private var csv: CSVWriter?
    private var tableRows: [[JSONValue]] = []
    private var tableTitlesWritten = false
    private var jsonItems = 0
    private let jsonIndent: Int
    /// Rows (or JSON items) written so far.
    private(set) var count = 0

    /// Starts a listing; CSV writes its byte-order mark and header, JSON its opening.
    /// - Parameters:
    ///   - columns: the table's or the CSV's columns (JSON items are given whole).
    ///   - jsonMembers: for JSON, members written before the items, which then go in an array
    ///     under `jsonArrayKey`; without a key, the document is the array of items.
    init(columns: [Listing.Column], format: OutputFormat, output: OutputSink,
         jsonMembers: [(String, JSONValue)] = [], jsonArrayKey: String? = nil) {
        self.columns = columns
        self.format = format
        self.output = output
        jsonIndent = jsonArrayKey == nil ? 1 : 2
        switch format {
        case .csv:
            var writer = CSVWriter(options: Listing.csvOptions)
            writer.writeRow(columns.map(\.csvHeader))
            csv = writer
        case .json:
            if let jsonArrayKey {
                var text = "{\n"
                for (key, value) in jsonMembers {
                    text += "  " + JSONText.quote(key) + ": " + value.rendered(indent: 1) + ",\n"
                }
                output.write(text + "  " + JSONText.quote(jsonArrayKey) + ": [")
            } else {
                output.write("[")
            }
        case .table:
            break
        }
    }

    /// Adds one row of a table or CSV (ignored for JSON: use ``add(json:)``).
    func add(_ row: [JSONValue]) {
        switch format {
        case .csv:
            csv?.writeRow(row.map(Listing.csvText))
            if (csv?.bytes.count ?? 0) >= 1 << 16 { flushCSV() }
            count += 1
        case .table:
            tableRows.append(row)
            if tableRows.count >= Self.chunkRows { flushTable() }
            count += 1
        case .json:
            break
        }
    }

    /// Adds one item of a JSON listing (ignored for tables and CSV).
    func add(json item: JSONValue) {
        guard format == .json else { return }
        let pad = String(repeating: "  ", count: jsonIndent)
        output.write((jsonItems == 0 ? "\n" : ",\n") + pad + item.rendered(indent: jsonIndent))
        jsonItems += 1
        count += 1
    }

    /// Writes what is left and closes the JSON document.
    func finish() {
        switch format {
        case .csv: flushCSV()
        case .table: flushTable()
        case .json:
            let close = jsonItems == 0 ? "]" : "\n" + String(repeating: "  ", count: jsonIndent - 1) + "]"
            output.write(close + (jsonIndent == 2 ? "\n}\n" : "\n"))
        }
    }

    private func flushCSV() {
        if let bytes = csv?.takeBytes(), !bytes.isEmpty { output.write(bytes: bytes) }
    }

    private func flushTable() {
        guard !tableRows.isEmpty || !tableTitlesWritten else { return }
        var listing = Listing(columns: columns)
        listing.rows = tableRows
        output.write(listing.table(titles: !tableTitlesWritten))
        tableTitlesWritten = true
        tableRows.removeAll(keepingCapacity: true)
    }
}
