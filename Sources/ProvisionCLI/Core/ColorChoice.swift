/// Whether output gets ANSI colours: the one place that reads `NO_COLOR`.
///
/// no-color.org: "when present and not an empty string" `NO_COLOR` turns colour off, whatever
/// its value; `NO_COLOR=` (empty) is as if it were unset.
enum ColorChoice {
    /// Whether the environment asks for no colour (`NO_COLOR` set and non-empty).
    static func noColorRequested(_ environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }

    /// Whether to colour output written to `output`: a terminal, and no colour not requested.
    static func colors(_ output: OutputSink, environment: [String: String]) -> Bool {
        output.isTerminal && !noColorRequested(environment)
    }
}
