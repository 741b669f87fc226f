/// ANSI SGR colours for the text report, or nothing at all.
///
/// Whether to colour is the caller's decision (a terminal, and `NO_COLOR` unset or empty, see
/// https://no-color.org); with `enabled` false every function returns its text unchanged.
struct TerminalStyle {
    /// A colour or weight.
    enum Tone: String {
        case plain = ""
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        /// Bold reverse video: the preview banner.
        case banner = "1;7"
    }

    /// Whether escape sequences are written.
    let enabled: Bool

    /// `text` in `tone`.
    func paint(_ text: String, _ tone: Tone) -> String {
        enabled && !text.isEmpty && tone != .plain ? "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m" : text
    }
}
