/// A minimal RFC 4180 reader for checking what the reports wrote (BOM skipped).
enum SimpleCSV {
    static func parse(_ bytes: [UInt8]) -> [[String]] {
        var data = bytes
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        while index < data.count {
            let byte = data[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < data.count, data[index + 1] == 0x22 { field.append(0x22); index += 1 } else { quoted = false }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x22 {
                quoted = true
            } else if byte == 0x2C {
                row.append(String(decoding: field, as: UTF8.self)); field = []
            } else if byte == 0x0D, index + 1 < data.count, data[index + 1] == 0x0A {
                row.append(String(decoding: field, as: UTF8.self)); field = []
                rows.append(row); row = []
                index += 1
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }
}
