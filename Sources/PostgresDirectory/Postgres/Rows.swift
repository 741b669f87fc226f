import CLibPQ
import Foundation

/// The rows of one statement's result (a `PGresult`, cleared in `deinit`), read in text
/// format: every accessor parses the column's text (`t`/`f` for booleans, `\x…` hex for `bytea`).
///
/// Column accessors take the row and the column from 0. A column read with a non-optional
/// accessor that is `NULL`, or does not parse, reads as the type's zero (`""`, `0`, `false`):
/// the schema's `NOT NULL` and types make that impossible for the columns read so.
final class Rows {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    /// The `PGresult`, for the connection's error reading.
    var resultPointer: OpaquePointer { result }

    deinit {
        PQclear(result)
    }

    /// Rows returned.
    var count: Int { Int(PQntuples(result)) }

    /// Rows an `INSERT`, `UPDATE` or `DELETE` changed (`PQcmdTuples`), 0 for other statements.
    var affected: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// Whether the value is SQL `NULL`.
    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// The value's text; `""` for `NULL`.
    func text(_ row: Int, _ column: Int) -> String {
        guard let value = PQgetvalue(result, Int32(row), Int32(column)) else { return "" }
        return String(cString: value)
    }

    /// The value's text, or `nil` for `NULL`.
    func optionalText(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : text(row, column)
    }

    /// The value as an integer (`bigint`, `integer`, a count).
    func int64(_ row: Int, _ column: Int) -> Int64 {
        Int64(text(row, column)) ?? 0
    }

    /// The value as an `Int`.
    func int(_ row: Int, _ column: Int) -> Int {
        Int(int64(row, column))
    }

    /// The value as a `double precision`.
    func double(_ row: Int, _ column: Int) -> Double {
        Double(text(row, column)) ?? 0
    }

    /// The value as a `double precision`, or `nil` for `NULL`.
    func optionalDouble(_ row: Int, _ column: Int) -> Double? {
        isNull(row, column) ? nil : double(row, column)
    }

    /// The value as a `boolean`.
    func bool(_ row: Int, _ column: Int) -> Bool {
        text(row, column) == "t"
    }

    /// A `bytea` value (text format `\x0a1b…`); empty for `NULL`.
    func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        let hex = Array(text(row, column).utf8)
        guard hex.count >= 2, hex[0] == UInt8(ascii: "\\"), hex[1] == UInt8(ascii: "x") else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((hex.count - 2) / 2)
        var index = 2
        while index + 1 < hex.count {
            guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[index + 1]) else { return [] }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
