import Reports

/// Small pieces of markup every page uses. Every value goes through ``HTMLText/escape(_:)``
/// (the reports' one escaper); markup passed in as `String` is trusted, built by these helpers.
enum HTML {
    /// `value` escaped for element content and quoted attribute values.
    static func e(_ value: String) -> String { HTMLText.escape(value) }

    /// A real link: keyboard-reachable, works without JavaScript.
    static func link(_ text: String, href: String, current: Bool = false, className: String? = nil) -> String {
        "<a href=\"\(e(href))\"" + (className.map { " class=\"\(e($0))\"" } ?? "")
            + (current ? " aria-current=\"page\"" : "") + ">\(e(text))</a>"
    }

    /// An id for a form control from its field name (letters, digits and `-` only), so that
    /// a `<label for>` and its control always agree.
    static func id(_ name: String) -> String {
        "f-" + String(name.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            let keep = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return keep ? Character(scalar) : "-"
        })
    }

    /// A count with thousands separators (the reports' style).
    static func count(_ number: Int) -> String { ReportVocabulary.count(number) }
}
