/// The parsed words of one command line, read against the command's declarations
/// (``OptionDeclaration``, ``ArgumentDeclaration``) and the global options.
///
/// Rules (docs/cli.md, "Parsing"):
/// - options are `--name value` or `--name=value`; `-h` is `--help`;
/// - a value is never a word that looks like an option (`--location --quiet` is "--location
///   needs a value"); `-` alone (standard input) and negative numbers are values, and
///   `--name=--odd` gives a value that starts with dashes;
/// - after `--` every word is a positional;
/// - an unknown option or a second value of a non-repeatable option is a usage error, the
///   first with the closest known names.
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

    /// Whether `word` is read as an option name rather than a value: it starts with `-`, is
    /// longer than `-`, and is not a negative number.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        let second = word[word.index(after: word.startIndex)]
        return !(second.isNumber || second == ".")
    }

    /// Parses `words` (without the program and command names) for a command.
    /// - Parameters:
    ///   - options: the command's declarations; the global ones are added.
    ///   - arguments: its positional arguments, which decide how many it takes.
    ///   - command: its words, for messages.
    /// - Throws: ``CLIError/usage(_:)`` naming the offending word.
    public static func parse(_ words: [String], options: [OptionDeclaration], arguments: [ArgumentDeclaration],
                             command: String) throws -> ParsedArguments {
        var parser = Parser(known: options + GlobalOptions.declarations, command: command)
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !looksLikeOption(word) {
                parser.parsed.positionals.append(word)
            } else if word == "--" {
                onlyPositionals = true
            } else {
                try parser.take(word, words: words, index: &index)
            }
        }
        let parsed = parser.parsed
        if parsed.flag("help") { return parsed }
        for option in options where option.isRequired && parsed.values[option.name] == nil && !parsed.flag(option.name) {
            throw CLIError.usage("\(option.label) is required")
        }
        let least = arguments.filter { !$0.isOptional }.count
        let most = arguments.contains(where: \.repeats) ? nil : arguments.count
        if parsed.positionals.count < least {
            let names = arguments.filter { !$0.isOptional }.map(\.synopsis).joined(separator: " ")
            throw CLIError.usage("\(command): expected \(names), got \(parsed.positionals.count) argument(s)")
        }
        if let most, parsed.positionals.count > most {
            throw CLIError.usage("\(command): unexpected argument '\(parsed.positionals[most])'")
        }
        return parsed
    }

    /// Parses the options before the command words (`provision --store x.sqlite users list`):
    /// only global options and `--version`, up to the first word that is not an option.
    /// - Returns: the options and the index of the first command word.
    static func parseLeading(_ words: [String]) throws -> (parsed: ParsedArguments, rest: Int) {
        var parser = Parser(known: GlobalOptions.declarations + [GlobalOptions.version], command: "provision")
        var index = 0
        while index < words.count, looksLikeOption(words[index]), words[index] != "--" {
            let word = words[index]
            index += 1
            try parser.take(word, words: words, index: &index)
        }
        if index < words.count, words[index] == "--" { index += 1 }
        return (parser.parsed, index)
    }

    /// Adds the options given before the command words to the command's own.
    /// - Throws: ``CLIError/usage(_:)`` when a non-repeatable option is given on both sides.
    mutating func merge(leading: ParsedArguments) throws {
        flags.formUnion(leading.flags)
        for (name, given) in leading.values {
            if values[name] != nil { throw CLIError.usage("--\(name) given more than once") }
            values[name] = given
        }
    }
}

/// The state of one parse: the declarations known and what was read so far.
private struct Parser {
    let known: [String: OptionDeclaration]
    let command: String
    var parsed = ParsedArguments()

    init(known declarations: [OptionDeclaration], command: String) {
        var known: [String: OptionDeclaration] = [:]
        for declaration in declarations where known[declaration.name] == nil { known[declaration.name] = declaration }
        self.known = known
        self.command = command
    }

    /// Reads the option `word` (and its value from the next word, moving `index` past it).
    mutating func take(_ word: String, words: [String], index: inout Int) throws {
        if word == "-h" { parsed.flags.insert("help"); return }
        guard word.hasPrefix("--") else { throw unknown(word) }
        var name = String(word.dropFirst(2))
        var inlineValue: String?
        if let eq = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: eq)...])
            name = String(name[..<eq])
        }
        guard let option = known[name] else { throw unknown("--" + name) }
        if option.kind == .flag {
            if inlineValue != nil { throw CLIError.usage("\(command): --\(name) takes no value") }
            parsed.flags.insert(name)
            return
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            guard index < words.count, !ParsedArguments.looksLikeOption(words[index]) else {
                throw CLIError.usage("\(command): --\(name) needs a value (\(option.label))")
            }
            value = words[index]
            index += 1
        }
        if parsed.values[name] != nil && option.kind != .repeatable {
            throw CLIError.usage("\(command): --\(name) given more than once")
        }
        try option.check?(value)
        parsed.values[name, default: []].append(value)
    }

    /// The error for an option no declaration names, with the closest names.
    private func unknown(_ word: String) -> CLIError {
        let names = known.keys.sorted()
        let closest = Suggestions.closest(to: word.drop { $0 == "-" }.lowercased(), among: names).map { "--" + $0 }
        let hint = Suggestions.didYouMean(closest)
        let help = command == "provision" ? "provision --help" : "provision \(command) --help"
        return CLIError.usage("\(command): unknown option \(word)\(hint) (see '\(help)')")
    }
}
