/// What a command accepts: options that take a value, flags, and how many positionals.
///
/// Options are written `--name value` or `--name=value`; a value option listed as
/// repeatable may appear several times. `-` alone is a positional (standard input).
public struct OptionSpec: Sendable {
    /// Options that take a value, without the leading `--`.
    public var valueOptions: Set<String>
    /// Value options that may be given more than once.
    public var repeatable: Set<String>
    /// Options that take no value, without the leading `--`.
    public var flags: Set<String>
    /// The least and most positional arguments; `nil` as maximum means any number.
    public var positionals: (min: Int, max: Int?)

    /// Creates a spec. The global options (`--store`, `--now`, `--as`, `--quiet`, `--help`)
    /// are added by ``CommandLine`` to every command and need not be listed.
    public init(values: Set<String> = [], repeatable: Set<String> = [], flags: Set<String> = [],
                positionals: (min: Int, max: Int?) = (0, 0)) {
        self.valueOptions = values.union(repeatable)
        self.repeatable = repeatable
        self.flags = flags
        self.positionals = positionals
    }

    /// Global options every command understands.
    static let globalValues: Set<String> = ["store", "now", "as"]
    /// Global flags every command understands.
    static let globalFlags: Set<String> = ["quiet", "help"]
}

/// The parsed words of one command line.
public struct ParsedArguments: Sendable, Equatable {
    /// Positional arguments in order.
    public var positionals: [String] = []
    /// Every value given per option name (without `--`), in order.
    public var values: [String: [String]] = [:]
    /// The flags that were given.
    public var flags: Set<String> = []

    /// The last value of an option, or `nil` when absent.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// All values of a repeatable option, in order.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Parses `words` (without the program and command names) against `spec`.
    /// - Throws: ``CLIError/usage(_:)`` naming the offending word.
    public static func parse(_ words: [String], spec: OptionSpec, command: String) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        let values = spec.valueOptions.union(OptionSpec.globalValues)
        let flags = spec.flags.union(OptionSpec.globalFlags)
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" { onlyPositionals = true; continue }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if flags.contains(name) {
                if inlineValue != nil { throw CLIError.usage("\(command): --\(name) takes no value") }
                parsed.flags.insert(name)
            } else if values.contains(name) {
                let value: String
                if let inlineValue { value = inlineValue } else {
                    guard index < words.count else { throw CLIError.usage("\(command): --\(name) needs a value") }
                    value = words[index]
                    index += 1
                }
                if parsed.values[name] != nil && !spec.repeatable.contains(name) {
                    throw CLIError.usage("\(command): --\(name) given more than once")
                }
                parsed.values[name, default: []].append(value)
            } else {
                let known = (values.union(flags)).sorted().map { "--\($0)" }.joined(separator: " ")
                throw CLIError.usage("\(command): unknown option --\(name) (known: \(known))")
            }
        }
        if parsed.flag("help") { return parsed }
        if parsed.positionals.count < spec.positionals.min {
            throw CLIError.usage("\(command): expected at least \(spec.positionals.min) argument(s), got \(parsed.positionals.count)")
        }
        if let max = spec.positionals.max, parsed.positionals.count > max {
            throw CLIError.usage("\(command): unexpected argument '\(parsed.positionals[max])'")
        }
        return parsed
    }
}
