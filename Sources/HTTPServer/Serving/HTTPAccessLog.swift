import Foundation

/// The access log: one line per response, without personal data.
///
/// `2026-12-04T21:30:00.125Z GET /customers 200 1534 3ms`: the time the response was written
/// (UTC), the method, the path **without** its query string (queries can carry names or
/// tokens), the status, the body bytes sent and the duration from the request's first byte.
/// No client address, no header (so no cookie, no authorization), no body, no password. A
/// refused request logs `-` for what was not read and its rule: `- - 431 0 0ms tooManyHeaders`.
/// Control characters, spaces, `\` and bytes past ASCII in the method or path are written as
/// `\xHH`, so a line is one line and shows what was sent.
public struct HTTPAccessLog: Sendable {
    /// One response, as logged.
    public struct Entry: Sendable, Equatable {
        /// The method, or nil when the request was refused before it was read.
        public var method: String?
        /// The target, query included (the log drops the query).
        public var target: String?
        /// The status sent.
        public var status: Int
        /// Body bytes sent.
        public var bytes: Int
        /// From the request's first byte to the response's last, in nanoseconds.
        public var nanoseconds: UInt64
        /// The parser's rule for a refused request.
        public var rejection: String?
    }

    private let sink: @Sendable (String) -> Void

    /// A log that hands each line (with its line feed) to `sink`, which may be called from any thread.
    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    /// A log that writes nothing.
    public static let none = HTTPAccessLog { _ in }

    /// Writes `entry`, stamped `time`.
    func record(_ entry: Entry, at time: Date) { sink(HTTPAccessLog.line(entry, at: time)) }

    /// The line for `entry`, stamped `time`.
    public static func line(_ entry: Entry, at time: Date) -> String {
        let path = entry.target.map { target in target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target }
        var line = timestamp(time) + " " + (entry.method.map(escaped) ?? "-") + " " + (path.map(escaped) ?? "-")
        line += " \(entry.status) \(entry.bytes) \(entry.nanoseconds / 1_000_000)ms"
        if let rejection = entry.rejection { line += " " + escaped(rejection) }
        return line + "\n"
    }

    /// `text` with control characters, spaces, `\` and non-ASCII bytes as `\xHH`.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\\") {
                result += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// ISO 8601 in UTC with milliseconds: `2026-12-04T21:30:00.125Z`.
    static func timestamp(_ time: Date) -> String {
        var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        style.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return time.formatted(style)
    }
}
