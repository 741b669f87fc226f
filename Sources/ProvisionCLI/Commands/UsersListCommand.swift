import Foundation
import Reports
import Provisioning
import SQLiteDirectory

/// `provision users list`: one page of a customer's users, filtered and sorted.
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
        let store = try StoreLocator.open(context)
        let customer = try StoreLocator.customer(context, in: store)
        let filter = try arguments.value("filter").map { try UserSelection.filter($0, directory: store) } ?? .all
        let result = try store.listUsers(customerID: customer.id,
                                         query: UserQuery(filter: filter, sort: sort, page: page, pageSize: pageSize))
        let deleted = filter == .deleted
        var listing = Listing(columns: [
            .init(key: "userPrincipalName", title: "USER NAME"), .init(key: "displayName", title: "DISPLAY NAME"),
            .init(key: "department", title: "DEPARTMENT"), .init(key: "usageLocation", title: "LOCATION"),
            .init(key: "licenses", title: "LICENSES"),
            .init(key: deleted ? "deletedAt" : "createdAt", title: deleted ? "DELETED" : "CREATED"),
        ])
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        for user in result.users {
            let date = deleted ? user.deletedAt ?? user.createdAt : user.createdAt
            listing.rows.append([.string(user.userPrincipalName), .string(user.attributes.displayName),
                                 .optional(user.attributes.department), .optional(user.attributes.usageLocation),
                                 .array(user.licenses.map { .string($0.partNumber) }), .string(day.string(from: date))])
        }
        switch format {
        case .table:
            context.output.write(listing.table)
            let shown = result.users.isEmpty ? "no users" : "\(result.users.count) shown"
            context.output.write("\(customer.id): \(describe(filter)), page \(result.page) of \(result.pageCount), "
                                 + "\(result.total) user\(result.total == 1 ? "" : "s") in all, \(shown)\n")
        case .csv:
            context.output.write(listing.csv)
        case .json:
            context.output.write(document(result, customer: customer.id, filter: filter, sort: sort).document)
        }
        return .success
    }

    /// The JSON document: the page's numbers and every user with all its fields.
    private static func document(_ page: UserPage, customer: String, filter: UserQuery.Filter,
                                 sort: UserQuery.Sort) -> JSONValue {
        let stamp = ISO8601DateFormatter()
        let users: [JSONValue] = page.users.map { user in
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
        return .object([("customer", .string(customer)), ("filter", .string(describe(filter))),
                         ("sort", .string(sort.rawValue)), ("page", .int(page.page)), ("pageSize", .int(page.pageSize)),
                         ("pageCount", .int(page.pageCount)), ("total", .int(page.total)), ("users", .array(users))])
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
