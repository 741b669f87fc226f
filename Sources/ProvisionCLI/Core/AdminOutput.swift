import Foundation
import Provisioning
import Reports

/// What the commands that change customers, domains and seats share: who acts (for the audit
/// log), `--format text|json`, country names for `--location`, and how a refused change is
/// said on the command line (the core names fields, this names the options).
struct AdminOutput {
    let context: CommandContext
    /// `--format json`.
    let json: Bool

    /// Reads `--format text|json` (text by default).
    /// - Throws: ``CLIError/usage(_:)`` naming the value.
    init(_ context: CommandContext) throws {
        self.context = context
        json = try TextOrJSON.isJSON(context)
    }

    /// Who acts: `PROVISION_OPERATOR` or the OS user, `--as` (admin agent by default), a new
    /// batch id for this run's audit entries, and "now" (`--now`, `PROVISION_NOW`).
    /// - Throws: ``CLIError/input(_:)`` when the role may not do `operation` (docs/permissions.md),
    ///   before anything is read or written.
    func actor(_ operation: Provisioning.Operation) throws -> AdminActor {
        let runner = JobRunner(context: context)
        let role = try runner.role()
        if let denied = PermissionMatrix.check(role, operation) {
            throw CLIError.input(denied.message + (denied.fix.map { "; \($0)" } ?? ""))
        }
        return AdminActor(operatorName: runner.operatorName, role: role,
                          batchID: "admin-" + UUID().uuidString.lowercased(), now: try context.now())
    }

    /// Writes `document` with `--format json`, else the lines `text` (escaped for the terminal).
    func write(text: @autoclosure () -> String, json document: @autoclosure () -> JSONValue) {
        if json {
            context.output.write(document().document)
        } else {
            context.output.write(TerminalText.escaped(text(), keepingLineBreaks: true))
        }
    }

    /// The ISO code of a `--location` value: a code or a country name.
    /// - Throws: ``CLIError/usage(_:)`` naming the value and the rule.
    static func location(_ text: String, option: String = "--location") throws -> String {
        if let code = CountryNames.code(forNameOrCode: text) { return code }
        let problem = CustomerRules.checkLocation(text)
        throw CLIError.usage("\(option): " + (problem.map(CustomerFiles.text) ?? "'\(text)' is not a country"))
    }

    /// A refusal of the core as a command-line error: the option that gave the field, the
    /// message naming the value and the rule, and the fix.
    /// - Parameter options: the option (or argument) per ``CustomerRules/Field``.
    static func refusal(_ violation: Violation, command: String, options: [String: String]) -> CLIError {
        let option = violation.field.flatMap { options[$0] }.map { "\($0): " } ?? ""
        return CLIError.input("\(command): \(option)\(CustomerFiles.text(violation))")
    }

    /// A customer as JSON.
    static func json(_ customer: Customer) -> JSONValue {
        .object([("id", .string(customer.id)), ("name", .string(customer.name)),
                 ("defaultUsageLocation", .string(customer.defaultUsageLocation)), ("domains", .strings(customer.domains))])
    }
}
