import Foundation
import Provisioning
import Reports

/// `provision audit list --customer ID`: who changed what, when, in which batch; filtered and
/// paged, newest first.
enum AuditListCommand: Command {
    static let path = ["audit", "list"]
    static let summary = "List a customer's audit log: who changed what, when, in which batch"
    static let discussion = """
    One row per change: when (UTC), batch, operator, role, action, user and the details as JSON.
    Newest first (--oldest-first for the order they happened in). --since takes a date
    (2026-11-21) or a date-time with its zone (2026-11-21T09:00:00Z, +01:00). A table shows one
    page (--page from 1, --page-size default 50, at most 10000); CSV and JSON write every entry
    unless --page is given. Passwords are never in the log.
    """
    static let options: [OptionDeclaration] = [StoreLocator.customerOption.required()] + [
        .value("batch", "B", help: "only this batch's entries"),
        .value("operator", "NAME", help: "only this operator's entries"),
        .value("since", "ISO8601", help: "only entries at or after this date (2026-11-21) or date-time with its zone"),
        .flag("oldest-first", help: "in the order they happened (default: newest first)"),
        .value("page", "N", help: "the page, from 1 (a table shows page 1 by default)"),
        .value("page-size", "M", help: "entries per page (default 50, at most 10000)"),
        OutputFormat.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let format = try OutputFormat.parse(context)
        let paged = format == .table || arguments.value("page") != nil
        let page = try UsersListCommand.number(arguments.value("page"), option: "page", default: 1, range: 1...Int.max)
        let pageSize = try UsersListCommand.number(arguments.value("page-size"), option: "page-size", default: 50,
                                                   range: 1...10_000)
        let since = try arguments.value("since").map(Self.since)
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let query = AuditQuery(customerID: customer.id, batchID: arguments.value("batch"),
                               operatorName: arguments.value("operator"), since: since,
                               newestFirst: !arguments.flag("oldest-first"),
                               page: paged ? page : 1, pageSize: paged ? pageSize : Int(Int32.max))
        let result = try store.auditEntries(query)
        var listing = Listing(columns: [
            .init(key: "at", title: "AT", csv: "At"), .init(key: "batchId", title: "BATCH", csv: "Batch"),
            .init(key: "operator", title: "OPERATOR", csv: "Operator"), .init(key: "role", title: "ROLE", csv: "Role"),
            .init(key: "action", title: "ACTION", csv: "Action"),
            .init(key: "userPrincipalName", title: "USER", csv: "UserPrincipalName"),
            .init(key: "objectId", title: "OBJECT ID", csv: "ObjectId"), .init(key: "detail", title: "DETAIL", csv: "Detail"),
        ])
        for entry in result.entries {
            listing.rows.append([.string(entry.at), .string(entry.batchID), .string(entry.operatorName), .string(entry.role),
                                 .string(entry.action), .optional(entry.userPrincipalName), .optional(entry.objectID),
                                 .string(entry.detail)])
        }
        switch format {
        case .table:
            context.output.write(listing.table)
            let order = query.newestFirst ? "newest first" : "oldest first"
            context.output.write("\(customer.id): page \(result.page) of \(result.pageCount), \(result.total) "
                                 + "entr\(result.total == 1 ? "y" : "ies") in all, \(order)\n")
        case .csv:
            context.output.write(listing.csv)
        case .json:
            context.output.write(JSONValue.object([
                ("customer", .string(customer.id)), ("order", .string(query.newestFirst ? "newest-first" : "oldest-first")),
                ("page", .int(result.page)), ("pageSize", .int(paged ? result.pageSize : result.total)),
                ("pageCount", .int(paged ? result.pageCount : 1)), ("total", .int(result.total)),
                ("entries", listing.json),
            ]).document)
        }
        return .success
    }

    /// `--since`: a date (midnight UTC) or an ISO 8601 date-time with its zone, as the
    /// store's `at` text (UTC with milliseconds) so that it compares as text.
    static func since(_ text: String) throws -> String {
        let parser = ISO8601DateFormatter()
        var date = parser.date(from: text)
        if date == nil {
            parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = parser.date(from: text)
        }
        if date == nil {
            parser.formatOptions = [.withFullDate]
            date = parser.date(from: text)
        }
        guard let date else {
            throw CLIError.usage("--since '\(text)': expected an ISO 8601 date (2026-11-21) or date-time with zone "
                                 + "(2026-11-21T09:00:00Z)")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
