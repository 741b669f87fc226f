import Foundation
import Provisioning

/// The report as JSON, schema version 1, documented key by key in `docs/report-json.md`.
///
/// Streams: the header is written at ``begin(_:)``, each outcome as one element of the
/// `outcomes` array as it arrives, the summary at ``finish(_:)``. Keys come in a fixed order
/// and every documented key is always present (`null` when it has no value), so that the
/// output is byte-for-byte stable and scripts need no existence checks.
public final class JSONReport: OutcomeSink {
    /// The version written as `schemaVersion`. Adding keys keeps it; renaming, removing or
    /// changing the meaning of one bumps it.
    /// Version 2: in a preview `summary.created` is 0 and `summary.toCreate` counts the users
    /// to create (version 1 counted them in `created`); `header.intake` was added.
    public static let schemaVersion = 2

    private let output: ReportOutput
    private var outcomesWritten = 0
    private var preview = false

    /// Creates a JSON report.
    /// - Parameter output: where to write; ``finish(_:)`` closes it.
    public init(output: ReportOutput) {
        self.output = output
    }

    public func begin(_ header: RunHeader) throws {
        preview = header.preview
        let members: [(String, JSONValue)] = [
            ("batchID", .string(header.batchID)),
            ("input", .string(header.input)),
            ("role", .string(header.role.rawValue)),
            ("preview", .bool(header.preview)),
            ("startedAt", .string(ReportDate.iso8601(header.startedAt))),
            ("intake", header.inputSummary.map(JSONReport.value(of:)) ?? .null),
        ]
        try output.write("{\n  \"schemaVersion\": \(JSONReport.schemaVersion),\n  \"header\": "
            + JSONValue.object(members).rendered(indent: 1) + ",\n  \"outcomes\": [")
    }

    public func add(_ outcome: UserOutcome) throws {
        try output.write((outcomesWritten == 0 ? "\n    " : ",\n    ") + JSONReport.value(of: outcome).rendered(indent: 2))
        outcomesWritten += 1
    }

    public func finish(_ summary: RunSummary) throws {
        let counts: [(String, JSONValue)] = OutcomeStatus.allCases.map { ($0.rawValue, .int(summary.count($0))) }
        let total = OutcomeStatus.allCases.reduce(0) { $0 + summary.count($1) }
        let members: [(String, JSONValue)] = [
            ("counts", .object(counts)),
            ("total", .int(total)),
            // A preview created no one: its count is `toCreate`, so that it never reads as done.
            ("created", .int(preview ? 0 : summary.created)),
            ("toCreate", .int(preview ? summary.created : 0)),
            ("products", .array(summary.products.map(JSONReport.value(of:)))),
            ("finishedAt", .string(ReportDate.iso8601(summary.finishedAt))),
            ("stopped", summary.stopped.map(JSONReport.value(of:)) ?? .null),
        ]
        try output.write((outcomesWritten == 0 ? "]" : "\n  ]") + ",\n  \"summary\": "
            + JSONValue.object(members).rendered(indent: 1) + "\n}\n")
        try output.close()
    }

    // MARK: - Values

    static func value(of stop: SafetyStop) -> JSONValue {
        .object([("removals", .int(stop.removals)), ("maxRemovals", stop.maxRemovals.map(JSONValue.int) ?? .null),
                 ("deletes", .int(stop.deletes)), ("maxDeletes", stop.maxDeletes.map(JSONValue.int) ?? .null),
                 ("message", .string(stop.description))])
    }

    static func value(of outcome: UserOutcome) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("customerID", .string(outcome.customerID)),
            ("userPrincipalName", .string(outcome.userPrincipalName)),
            ("displayName", .optional(outcome.displayName)),
            ("action", .string(outcome.action.rawValue)),
            ("status", .string(outcome.status.rawValue)),
            ("sources", .array(outcome.sources.map { .object([("file", .string($0.file)), ("line", .int($0.line))]) })),
            ("added", .array(outcome.added.map(value(of:)))),
            ("removed", .array(outcome.removed.map(value(of:)))),
            ("unchanged", .array(outcome.unchanged.map(value(of:)))),
            ("rolesAdded", .strings(outcome.rolesAdded)),
            ("rolesRemoved", .strings(outcome.rolesRemoved)),
            ("changedAttributes", .strings(outcome.changedAttributes)),
            ("passwordIssued", .bool(outcome.passwordIssued)),
            ("errors", .array(outcome.errors.map { value(of: $0, status: outcome.status) })),
        ]
        // Only when it happened, so that reports of ordinary runs keep their shape.
        if let reissue = outcome.passwordReissue {
            members.insert(("passwordReissue", .string(reissue.rawValue)), at: members.count - 1)
        }
        return .object(members)
    }

    static func value(of input: InputSummary) -> JSONValue {
        .object([
            ("format", .string(input.format.rawValue)),
            ("formatTitle", .string(input.format.title)),
            ("unusedColumns", .array(input.unusedColumns.map { column in
                .object([("column", .int(column.column)), ("header", .string(column.header)),
                         ("suggestions", .strings(column.suggestions))])
            })),
            ("warnings", .array(input.warnings.map { warning in
                .object([("code", .string(warning.code)), ("line", .int(warning.line)),
                         ("column", .optional(warning.column)), ("message", .string(warning.message))])
            })),
            ("omittedWarnings", .int(input.omittedWarnings)),
        ])
    }

    static func value(of change: LicenseChange) -> JSONValue {
        .object([
            ("partNumber", .string(change.partNumber)),
            ("displayName", .string(change.displayName)),
            ("disabledPlans", .strings(change.disabledPlans)),
        ])
    }

    static func value(of violation: Violation, status: OutcomeStatus) -> JSONValue {
        .object([
            ("code", .string(violation.code.rawValue)),
            ("severity", .string(ReportVocabulary.violationKind(status))),
            ("message", .string(violation.message)),
            ("fix", .optional(violation.fix)),
            ("field", .optional(violation.field)),
            ("line", .optional(violation.line)),
            ("column", .optional(violation.column)),
        ])
    }

    static func value(of totals: ProductTotals) -> JSONValue {
        .object([
            ("customerID", .string(totals.customerID)),
            ("partNumber", .string(totals.partNumber)),
            ("displayName", .string(totals.displayName)),
            ("purchased", .int(totals.purchased)),
            ("assignedBefore", .int(totals.assignedBefore)),
            ("assignedAfter", .int(totals.assignedAfter)),
            ("available", .int(totals.availableAfter)),
            ("shortfall", .int(totals.shortfall)),
            ("overAssigned", .int(totals.overAssigned)),
        ])
    }
}
