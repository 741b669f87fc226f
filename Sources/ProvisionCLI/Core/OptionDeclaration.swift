/// One option of a command, declared once: its name, what it takes, its help text, how its
/// value is completed and checked.
///
/// A command's usage line, its help page, the options the parser knows and the shell
/// completion scripts are all generated from its list of declarations (see ``Command``), so
/// they cannot disagree. Declare with the factories:
///
/// ```swift
/// .flag("dry-run", help: "plan only; nothing is written")
/// .value("customer", "ID", help: "the customer").required()
/// .repeatable("report", "FILE", help: "also write the report to FILE", completion: .file)
/// .value("encoding", "E", help: "the input's encoding", check: { _ = try CSVEncoding(name: $0) })
/// ```
public struct OptionDeclaration: Sendable {
    /// What an option takes.
    public enum Kind: Sendable, Equatable {
        /// Nothing: `--dry-run`.
        case flag
        /// One value: `--customer ID` or `--customer=ID`; given twice is a usage error.
        case value
        /// A value, and the option may be given several times: `--report FILE`...
        case repeatable
    }

    /// How a shell completes the option's value (or a positional argument).
    public enum Completion: Sendable, Equatable {
        /// Nothing to offer.
        case none
        /// A file name.
        case file
        /// A directory name.
        case directory
        /// One of these words.
        case choices([String])
    }

    /// The name without the leading `--`.
    public let name: String
    /// Flag, value or repeatable value.
    public let kind: Kind
    /// The value's placeholder in usage and help (`ID`, `FILE`, `N`); empty for a flag.
    public let placeholder: String
    /// One line (or a short paragraph) for the help page.
    public let help: String
    /// How a shell completes the value.
    public let completion: Completion
    /// Whether the command refuses to run without it (`--help` still works).
    public let isRequired: Bool
    /// Checks one value when the command line is parsed, before the command runs; throws a
    /// ``CLIError`` naming the option and the value.
    let check: (@Sendable (String) throws -> Void)?

    init(name: String, kind: Kind, placeholder: String, help: String, completion: Completion,
         isRequired: Bool = false, check: (@Sendable (String) throws -> Void)?) {
        self.name = name
        self.kind = kind
        self.placeholder = placeholder
        self.help = help
        self.completion = completion
        self.isRequired = isRequired
        self.check = check
    }

    /// A flag, `--name`, that takes no value.
    public static func flag(_ name: String, help: String) -> OptionDeclaration {
        OptionDeclaration(name: name, kind: .flag, placeholder: "", help: help, completion: .none, check: nil)
    }

    /// An option with one value, `--name PLACEHOLDER`.
    /// - Parameter check: run on the value at parse time; it throws the command's own error
    ///   for a bad value (usually the function the command parses the value with).
    public static func value(_ name: String, _ placeholder: String, help: String, completion: Completion = .none,
                             check: (@Sendable (String) throws -> Void)? = nil) -> OptionDeclaration {
        OptionDeclaration(name: name, kind: .value, placeholder: placeholder, help: help, completion: completion,
                          check: check)
    }

    /// An option with a value that may be given several times, `--name PLACEHOLDER`...
    public static func repeatable(_ name: String, _ placeholder: String, help: String, completion: Completion = .none,
                                  check: (@Sendable (String) throws -> Void)? = nil) -> OptionDeclaration {
        OptionDeclaration(name: name, kind: .repeatable, placeholder: placeholder, help: help, completion: completion,
                          check: check)
    }

    /// The same option, required by this command.
    public func required() -> OptionDeclaration {
        OptionDeclaration(name: name, kind: kind, placeholder: placeholder, help: help, completion: completion,
                          isRequired: true, check: check)
    }

    /// Whether the option takes a value.
    public var takesValue: Bool { kind != .flag }

    /// `--name PLACEHOLDER`, or `--name` for a flag.
    public var label: String { takesValue ? "--\(name) \(placeholder)" : "--\(name)" }

    /// How the usage line shows it: `--customer ID`, `[--dry-run]`, `[--report FILE]...`.
    public var synopsis: String {
        let shown = isRequired ? label : "[\(label)]"
        return kind == .repeatable ? shown + "..." : shown
    }
}

extension Array where Element == OptionDeclaration {
    /// These declarations with the named ones marked required (a shared set such as
    /// ``JobRunner/options`` where this command needs `--customer`).
    public func requiring(_ names: String...) -> [OptionDeclaration] {
        map { names.contains($0.name) ? $0.required() : $0 }
    }

    /// These declarations without the named ones (a shared set minus what a command refuses).
    public func excluding(_ names: String...) -> [OptionDeclaration] {
        filter { !names.contains($0.name) }
    }
}
