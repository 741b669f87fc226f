import CSV

/// Reads Microsoft's "Product names and service plan identifiers for licensing" CSV
/// (https://learn.microsoft.com/entra/identity/users/licensing-service-plan-reference) into
/// products with their service plans.
///
/// The file has one row per product × service plan, with the columns `Product_Display_Name`,
/// `String_Id` (the part number), `GUID`, `Service_Plan_Name`, `Service_Plan_Id` and
/// `Service_Plans_Included_Friendly_Names`; headers match case-, space- and
/// punctuation-insensitively, and other columns are reported as warnings.
///
/// What the real files need (both copies in `reference-data` have all of these):
/// - Values are cleaned: runs of white space (tabs and no-break spaces included) become one
///   space, and leading and trailing white space goes. `MCOCAP_FACULTY\u{A0}` is `MCOCAP_FACULTY`.
/// - GUIDs are lower-cased and must be `8-4-4-4-12` hexadecimal.
/// - A part number keeps the GUID of its first row. A later row giving it another GUID (the 2026
///   file lists `MCOPSTN5` under two), or giving an already used GUID to another part number
///   (the 2022 file's `MCOMEETADV_GOC`/`MCOMEETADV_GOV`), is skipped with a warning.
/// - A plan listed twice for one product (same plan id) is kept once, as first written.
public enum CatalogCSV {
    /// The columns the file must have, in Microsoft's order.
    public static let columns = ["Product_Display_Name", "String_Id", "GUID", "Service_Plan_Name",
                                 "Service_Plan_Id", "Service_Plans_Included_Friendly_Names"]

    /// Reads the catalog file at `path` (`-` for standard input).
    /// - Parameters:
    ///   - options: encoding and delimiter (`nil` detects them); `fileName` names the file in errors.
    /// - Throws: ``CSV/CSVError`` for unreadable CSV, ``CatalogError`` for a bad value, each with
    ///   the file, line and column.
    public static func read(path: String, options: CSVReadOptions) throws -> CatalogFile {
        var reader = try CSVReader(path: path, options: options)
        return try read(&reader, fileName: options.fileName)
    }

    /// Reads a catalog from `reader`, which must not have read its header yet.
    /// - Throws: as ``read(path:options:)``.
    public static func read(_ reader: inout CSVReader, fileName: String) throws -> CatalogFile {
        let names = try reader.readHeader()
        let header = CatalogHeader(names)
        let headerLine = 1 + (reader.dialect.hadSepLine ? 1 : 0)
        let at = try header.require(columns, fileName: fileName, line: headerLine)
        var builder = Builder(fileName: fileName)
        let unknown = header.unknown(columns)
        if !unknown.isEmpty {
            builder.warnings.append(CatalogError(fileName: fileName, line: headerLine,
                                                 message: "columns not used: \(unknown.joined(separator: ", "))"))
        }
        var records = 0
        while let record = try reader.nextRecord() {
            if record.isBlank { continue }
            records += 1
            var values: [String] = []
            for (position, column) in at.enumerated() {
                values.append(try value(record, column, name: names[column], fileName: fileName,
                                        guid: position == 2 || position == 4))
            }
            builder.add(line: record.position.line, displayName: values[0], partNumber: values[1], guid: values[2],
                        planName: values[3], planID: values[4], planFriendlyName: values[5])
        }
        return CatalogFile(products: builder.finish(), records: records, warnings: builder.warnings)
    }

    /// The cleaned value of one field, checked: required, no control characters, and a GUID
    /// where `guid` says so.
    private static func value(_ record: CSVRecord, _ column: Int, name: String, fileName: String,
                              guid: Bool) throws -> String {
        let line = record.position.line
        func problem(_ message: String) -> CatalogError {
            CatalogError(fileName: fileName, line: line, column: column + 1, field: name, message: message)
        }
        let text = column < record.count ? clean(record[column]) : ""
        if text.isEmpty { throw problem("a value is required") }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw problem("the value contains a control character")
        }
        if guid {
            let lower = text.lowercased()
            guard isGUID(lower) else { throw problem("'\(text)' is not a GUID (8-4-4-4-12 hexadecimal digits)") }
            return lower
        }
        return text
    }

    /// `text` with runs of white space collapsed to one space and the ends trimmed.
    static func clean(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Whether `text` is a lower-case `8-4-4-4-12` GUID.
    static func isGUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)) {
                return false
            }
        }
        return true
    }

    /// Groups rows into products, in order of first appearance.
    private struct Builder {
        let fileName: String
        var warnings: [CatalogError] = []
        private var order: [String] = []
        private var products: [String: Product] = [:]
        private var firstLine: [String: Int] = [:]
        private var partNumberOfGUID: [String: String] = [:]
        private var planIDs: [String: Set<String>] = [:]

        init(fileName: String) { self.fileName = fileName }

        mutating func add(line: Int, displayName: String, partNumber: String, guid: String,
                          planName: String, planID: String, planFriendlyName: String) {
            if let existing = products[partNumber] {
                if existing.guid != guid {
                    warnings.append(CatalogError(
                        fileName: fileName, line: line, column: 3, field: "GUID",
                        message: "part number \(partNumber) already has GUID \(existing.guid) (line "
                            + "\(firstLine[partNumber] ?? 0)); this row's GUID \(guid) is skipped"))
                    return
                }
            } else {
                if let owner = partNumberOfGUID[guid] {
                    warnings.append(CatalogError(
                        fileName: fileName, line: line, column: 2, field: "String_Id",
                        message: "GUID \(guid) already belongs to part number \(owner) (line "
                            + "\(firstLine[owner] ?? 0)); this row's part number \(partNumber) is skipped"))
                    return
                }
                order.append(partNumber)
                firstLine[partNumber] = line
                partNumberOfGUID[guid] = partNumber
                products[partNumber] = Product(partNumber: partNumber, guid: guid, displayName: displayName,
                                               servicePlans: [])
            }
            if planIDs[partNumber, default: []].insert(planID).inserted {
                products[partNumber]?.servicePlans.append(ServicePlan(name: planName, id: planID,
                                                                      friendlyName: planFriendlyName))
            }
        }

        func finish() -> [Product] { order.compactMap { products[$0] } }
    }
}
