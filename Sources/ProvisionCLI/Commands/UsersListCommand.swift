import Foundation
import Reports
import Provisioning

/// `provision users list`: a customer's users, filtered and sorted; a table shows one page,
/// CSV and JSON every user unless a page is asked for, and `--all` streams every page in any
/// format. The CSV uses the native input format's columns, so an export can be edited and fed
/// back to `plan`.
enum UsersListCommand: Command {
    static let path = ["users", "list"]
    static let summary = "List a customer's users (filters, sorting, pages)"
    static let discussion = """
    The filters: unlicensed, licensed, deleted, product=SKU, department=X, location=XX (default:
    every active user).
    """
    static let options = [StoreLocator.customerOption.required()] + [
        .value("filter", "F", help: "unlicensed, licensed, deleted, product=SKU, department=X or location=XX",
               check: { _ = try UserSelection.filter($0) }),
        .value("sort", "KEY", help: "upn (default), name, created or department",
               completion: .choices(UserQuery.Sort.allCases.map(\.rawValue))),
        .value("page", "N", help: "the page, from 1 (default 1)",
               check: { _ = try number($0, option: "page", default: 1, range: 1...Int.max) }),
        .value("page-size", "M", help: "users per page (default 50, at most 10000)",
               check: { _ = try number($0, option: "page-size", default: 50, range: 1...10_000) }),
        .flag("all", help: "every user, read in one pass, in any format (CSV and JSON list every user unless --page or --page-size is given)"),
        OutputFormat.option,
    ]

    static func run(_ context: CommandContext) throws -> ExitCode {
        let arguments = context.arguments
        let format = try OutputFormat.parse(context)
        _ = try arguments.value("filter").map(UserSelection.filter)
        let sortText = arguments.value("sort") ?? "upn"
        guard let sort = UserQuery.Sort(rawValue: sortText.lowercased()) else {
            let keys = UserQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIError.usage("--sort '\(sortText)': use one of \(keys)")
        }
        let page = try number(arguments.value("page"), option: "page", default: 1, range: 1...Int.max)
        let pageSize = try number(arguments.value("page-size"), option: "page-size", default: 50, range: 1...10_000)
        let paged = arguments.value("page") != nil || arguments.value("page-size") != nil
        if arguments.flag("all") && paged {
            throw CLIError.usage("--all lists every user: leave out --page and --page-size, or leave out --all")
        }
        let everyUser = arguments.flag("all") || (format != .table && !paged)
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let filter = try arguments.value("filter").map { try UserSelection.filter($0, directory: store) } ?? .all
        let deleted = filter == .deleted
        let columns = format == .csv ? csvColumns(deleted: deleted) : tableColumns(deleted: deleted)
        func members(page: Int, pageSize: Int, pageCount: Int, total: Int) -> [(String, JSONValue)] {
            [("customer", .string(customer.id)), ("filter", .string(describe(filter))), ("sort", .string(sort.rawValue)),
             ("page", .int(page)), ("pageSize", .int(pageSize)), ("pageCount", .int(pageCount)), ("total", .int(total))]
        }
        func add(_ user: User, to writer: ListingWriter) {
            switch format {
            case .table: writer.add(tableRow(user, deleted: deleted))
            case .csv: writer.add(csvRow(user, deleted: deleted))
            case .json: writer.add(json: json(user))
            }
        }
        if everyUser {
            // One statement over every matching user: memory stays flat, and no page-size cap.
            var writer: ListingWriter?
            var total = 0
            try store.forEachUser(customerID: customer.id, query: UserQuery(filter: filter, sort: sort),
                                  total: { count in
                total = count
                writer = ListingWriter(columns: columns, format: format, output: context.output,
                                       jsonMembers: members(page: 1, pageSize: count, pageCount: 1, total: count),
                                       jsonArrayKey: "users")
            }) { user in
                if let writer { add(user, to: writer) }
            }
            writer?.finish()
            if format == .table {
                let all = "\(total) user\(total == 1 ? "" : "s") in all"
                context.output.write("\(customer.id): \(describe(filter)), every page, \(all), \(writer?.count ?? 0) shown\n")
            }
            return .success
        }
        let result = try store.listUsers(customerID: customer.id,
                                         query: UserQuery(filter: filter, sort: sort, page: page, pageSize: pageSize))
        let writer = ListingWriter(columns: columns, format: format, output: context.output,
                                   jsonMembers: members(page: result.page, pageSize: result.pageSize,
                                                        pageCount: result.pageCount, total: result.total),
                                   jsonArrayKey: "users")
        for user in result.users { add(user, to: writer) }
        writer.finish()
        if format == .table { context.output.write(footer(result, customer: customer.id, filter: filter)) }
        return .success
    }

    /// The line under a table: where the page is, and how to see more.
    private static func footer(_ result: UserPage, customer: String, filter: UserQuery.Filter) -> String {
        let all = "\(result.total) user\(result.total == 1 ? "" : "s") in all"
        let count = result.users.isEmpty ? "no users" : "\(result.users.count) shown"
        let more = result.page < result.pageCount
            ? "; --page \(result.page + 1) for the next, --all for every user" : ""
        return "\(customer): \(describe(filter)), page \(result.page) of \(result.pageCount), \(all), \(count)\(more)\n"
    }

    /// The table's columns.
    private static func tableColumns(deleted: Bool) -> [Listing.Column] {
        [.init(key: "userPrincipalName", title: "USER NAME"), .init(key: "displayName", title: "DISPLAY NAME"),
         .init(key: "department", title: "DEPARTMENT"), .init(key: "usageLocation", title: "LOCATION"),
         .init(key: "licenses", title: "LICENSES"),
         .init(key: deleted ? "deletedAt" : "createdAt", title: deleted ? "DELETED" : "CREATED")]
    }

    private static func tableRow(_ user: User, deleted: Bool) -> [JSONValue] {
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        let date = deleted ? user.deletedAt ?? user.createdAt : user.createdAt
        return [.string(user.userPrincipalName), .string(user.attributes.displayName),
                .optional(user.attributes.department), .optional(user.attributes.usageLocation),
                .array(user.licenses.map { .string($0.partNumber) }), .string(day.string(from: date))]
    }

    /// The CSV's columns: the native input format's (docs/csv-format.md), so that the file can
    /// be edited and given to `plan`; deleted users add when they were deleted.
    private static func csvColumns(deleted: Bool) -> [Listing.Column] {
        let names = ["UserPrincipalName", "DisplayName", "FirstName", "LastName", "JobTitle", "Department",
                     "UsageLocation", "Licenses", "DisabledPlans", "Roles", "AccountEnabled", "ObjectId"]
            + (deleted ? ["DeletedAt"] : [])
        return names.map { Listing.Column(key: $0, title: $0) }
    }

    private static func csvRow(_ user: User, deleted: Bool) -> [JSONValue] {
        let attributes = user.attributes
        let disabled = user.licenses.flatMap { license in license.disabledPlans.map { "\(license.partNumber):\($0)" } }
        let row: [JSONValue] = [
            .string(user.userPrincipalName), .string(attributes.displayName), .optional(attributes.firstName),
            .optional(attributes.lastName), .optional(attributes.jobTitle), .optional(attributes.department),
            .optional(attributes.usageLocation), .strings(user.licenses.map(\.partNumber)), .strings(disabled),
            .strings(user.roles), .string(attributes.accountEnabled ? "Yes" : "No"), .string(user.objectID),
        ]
        return row + (deleted ? [.optional(user.deletedAt.map(ISO8601DateFormatter().string(from:)))] : [])
    }

    /// One user in the JSON document, with all its fields.
    private static func json(_ user: User) -> JSONValue {
        let stamp = ISO8601DateFormatter()
        let attributes = user.attributes
        return .object([
            ("userPrincipalName", .string(user.userPrincipalName)), ("objectId", .string(user.objectID)),
            ("displayName", .string(attributes.displayName)), ("firstName", .optional(attributes.firstName)),
            ("lastName", .optional(attributes.lastName)), ("jobTitle", .optional(attributes.jobTitle)),
            ("department", .optional(attributes.department)), ("usageLocation", .optional(attributes.usageLocation)),
            ("accountEnabled", .bool(attributes.accountEnabled)), ("roles", .array(user.roles.map(JSONValue.string))),
            ("licenses", .array(user.licenses.map { license in
                .object([("partNumber", .string(license.partNumber)),
                         ("disabledPlans", .array(license.disabledPlans.map(JSONValue.string)))])
            })),
            ("createdAt", .string(stamp.string(from: user.createdAt))),
            ("deletedAt", .optional(user.deletedAt.map(stamp.string(from:)))),
        ])
    }

    /// The filter as the command line writes it.
    static func describe(_ filter: UserQuery.Filter) -> String {
        switch filter {
        case .all: return "all active users"
        case .unlicensed: return "unlicensed"
        case .licensed: return "licensed"
        case .deleted: return "deleted"
        case .product(let sku): return "product=\(sku)"
        case .department(let name): return "department=\(name)"
        case .location(let code): return "location=\(code)"
        }
    }

    /// A whole-number option.
    static func number(_ text: String?, option: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            let bound = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound) to \(range.upperBound)"
            throw CLIError.usage("--\(option) '\(text)': expected a whole number, \(bound)")
        }
        return number
    }
}
