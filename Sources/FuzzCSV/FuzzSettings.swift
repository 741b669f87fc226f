import CSV

/// How one fuzz input is read: its first byte picks the reader's options, the rest is the file.
///
/// | bits | option |
/// |---|---|
/// | 0-2 | encoding: none (detect) ×4, UTF-16LE, UTF-16BE, windows-1252, Shift_JIS |
/// | 3-4 | delimiter: sniffed, `,`, `;`, tab |
/// | 5 | tiny limits (64-byte fields, 8 fields, 200-byte records, 3 stored problems) |
/// | 6 | the CSV reader's `hasHeader` |
/// | 7 | the bytes are also read as a `--map` file |
struct FuzzSettings {
    let options: CSVReadOptions
    let readsMap: Bool

    init(_ byte: UInt8) {
        let encodings: [String?] = [nil, nil, nil, nil, "utf-16le", "utf-16be", "windows-1252", "shift_jis"]
        let delimiters: [UInt8?] = [nil, 0x2C, 0x3B, 0x09]
        let small = byte & 0x20 != 0
        options = CSVReadOptions(encoding: encodings[Int(byte & 7)].flatMap { try? CSVEncoding(name: $0) },
                                 delimiter: delimiters[Int((byte >> 3) & 3)], fileName: "fuzz.csv",
                                 maxFieldBytes: small ? 64 : 1 << 20, maxFields: small ? 8 : 10_000,
                                 maxRecordBytes: small ? 200 : 1 << 24, hasHeader: byte & 0x40 != 0,
                                 maxStoredProblems: small ? 3 : 1_000)
        readsMap = byte & 0x80 != 0
    }
}
