import Provisioning

/// What the user list was asked to show, read from its GET form: the filter (`filter` and
/// `value`), the sort (`sort`, or a column heading's `sortBy`), the page (a pager button's
/// `page`, else the hidden `at` of the page the form was on) and its size (`size`). Anything unknown
/// falls back to the default with a ``FieldProblem`` saying so.
public struct UserListQuery: Sendable, Hashable {
    /// Page sizes offered.
    public static let pageSizes = [25, 50, 100]

    /// The filter's form value: `all`, `unlicensed`, `licensed`, `product:SKU`, `department`, `location`.
    public var filterChoice: String
    /// The department or location typed in `value`.
    public var filterValue: String
    /// The query the directory runs.
    public var query: UserQuery
    /// Problems with the submitted values.
    public var problems: [FieldProblem]

    /// Reads the list's form; `deleted` lists the deleted users (the "Deleted users" tab).
    public init(_ form: FormData, products: [Product], deleted: Bool) {
        problems = []
        filterChoice = form.value("filter") ?? "all"
        filterValue = form.value("value") ?? ""
        // A column heading's button (`sortBy`) wins over the sort select.
        let sortText = form.value("sortBy") ?? form.value("sort") ?? UserQuery.Sort.userPrincipalName.rawValue
        let sort = UserQuery.Sort(rawValue: sortText) ?? .userPrincipalName
        if UserQuery.Sort(rawValue: sortText) == nil { problems.append(FieldProblem(field: "sort", "Unknown sort order: sorted by user name.")) }
        var size = Int(form.value("size") ?? "") ?? 50
        if !Self.pageSizes.contains(size) { size = 50 }
        var filter: UserQuery.Filter = .all
        if deleted {
            filter = .deleted
            filterChoice = "all"
        } else {
            switch filterChoice {
            case "all": filter = .all
            case "unlicensed": filter = .unlicensed
            case "licensed": filter = .licensed
            case "department":
                if filterValue.isEmpty {
                    problems.append(FieldProblem(field: "value", "Enter the department to show."))
                } else {
                    filter = .department(filterValue)
                }
            case "location":
                if let code = CountryCode.normalized(filterValue) {
                    filter = .location(code)
                    filterValue = code
                } else {
                    problems.append(FieldProblem(field: "value", "Enter a location as a two-letter country code, such as TW or DE."))
                }
            default:
                let part = filterChoice.hasPrefix("product:") ? String(filterChoice.dropFirst("product:".count)) : ""
                if let product = products.first(where: { $0.partNumber == part }) {
                    filter = .product(product.partNumber)
                } else {
                    problems.append(FieldProblem(field: "filter", "Unknown filter: showing all users."))
                    filterChoice = "all"
                }
            }
        }
        if problems.contains(where: { $0.field == "value" }) { filterChoice = "all" }
        // `page` is a pager button's; `at` the page the form was on (kept by its other buttons).
        query = UserQuery(filter: filter, sort: sort, page: Paging.requestedPage(form.value("page") ?? form.value("at")),
                          pageSize: size)
    }

    /// The form fields that reproduce this query (for links and hidden fields), without the page.
    var fields: [(String, String)] {
        [("filter", filterChoice == "all" ? "" : filterChoice),
         ("value", filterChoice == "department" || filterChoice == "location" ? filterValue : ""),
         ("sort", query.sort == .userPrincipalName ? "" : query.sort.rawValue),
         ("size", query.pageSize == 50 ? "" : String(query.pageSize))]
    }
}
