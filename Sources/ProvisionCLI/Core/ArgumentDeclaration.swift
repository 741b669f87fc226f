/// A positional argument of a command, declared once: its name in usage (`FILE`, `UPN`),
/// whether it may be left out or repeated, its help text and its completion.
public struct ArgumentDeclaration: Sendable {
    /// The name shown in usage and help.
    public let name: String
    /// One line for the help page.
    public let help: String
    /// Whether the command runs without it.
    public let isOptional: Bool
    /// Whether it may be given several times (`UPN...`); it is then the last one.
    public let repeats: Bool
    /// How a shell completes it.
    public let completion: OptionDeclaration.Completion

    /// Declares a positional argument.
    public init(_ name: String, help: String, optional: Bool = false, repeats: Bool = false,
                completion: OptionDeclaration.Completion = .none) {
        self.name = name
        self.help = help
        self.isOptional = optional
        self.repeats = repeats
        self.completion = completion
    }

    /// How the usage line shows it: `FILE`, `[WORDS]...`, `UPN...`.
    public var synopsis: String {
        let shown = isOptional ? "[\(name)]" : name
        return repeats ? shown + "..." : shown
    }
}
