import Foundation

/// The name/value pairs of a submitted form or a query string, in order, as the pages read
/// them: the server hands them over, decoded from `application/x-www-form-urlencoded` by
/// ``parse(_:limits:)`` (or from a multipart body by its own reader).
///
/// Hostile input is bounded: at most ``Limits/maxFields`` pairs are kept and each value is cut
/// at ``Limits/maxValueBytes``; what was dropped is counted in ``droppedFields``.
public struct FormData: Sendable, Hashable {
    /// The bounds of parsing.
    public struct Limits: Sendable, Hashable {
        /// Pairs kept; the rest are dropped.
        public var maxFields: Int
        /// Longest value kept, in UTF-8 bytes (longer ones are cut at a character boundary).
        public var maxValueBytes: Int

        /// Creates limits.
        public init(maxFields: Int = 2_000, maxValueBytes: Int = 4_096) {
            self.maxFields = maxFields
            self.maxValueBytes = maxValueBytes
        }
    }

    /// The pairs, in the order given.
    public private(set) var pairs: [(name: String, value: String)]
    /// Pairs beyond ``Limits/maxFields``, or that did not decode, left out.
    public private(set) var droppedFields = 0

    /// Pairs given as they are (a multipart reader's fields, tests).
    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// Decodes `name=value&…` (`+` is a space, `%XX` a byte of UTF-8).
    public static func parse(_ text: String, limits: Limits = Limits()) -> FormData {
        var form = FormData()
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard form.pairs.count < limits.maxFields else { form.droppedFields += 1; continue }
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                form.droppedFields += 1
                continue
            }
            form.pairs.append((name: name, value: cut(value, at: limits.maxValueBytes)))
        }
        return form
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func cut(_ value: String, at bytes: Int) -> String {
        guard value.utf8.count > bytes else { return value }
        var result = ""
        for character in value {
            if result.utf8.count + character.utf8.count > bytes { break }
            result.append(character)
        }
        return result
    }

    /// The first value of `name`, trimmed; `nil` when absent or blank.
    public func value(_ name: String) -> String? {
        guard let raw = pairs.first(where: { $0.name == name })?.value else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every value of `name`, in order, as given.
    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// Whether any pair is named `name`.
    public func has(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    public static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.droppedFields == rhs.droppedFields && lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs { hasher.combine(pair.name); hasher.combine(pair.value) }
        hasher.combine(droppedFields)
    }
}
