import Foundation
import Provisioning
import Reports

/// A selection of users, as on the portal's user list: named (`--users a,b,c`), from a file
/// (`--users-file FILE`, one user name per line or a CSV whose first column holds them;
/// `--users-file -` reads standard input), or by
/// filter (`--filter unlicensed|licensed|deleted|product=SKU|department=X|location=XX`).
enum UserSelection {
    /// The options a selecting command accepts.
    static let options: [OptionDeclaration] = [
        .value("users", "LIST", help: "the users a,b,c by user name"),
        .value("users-file", "FILE", help: "the users in FILE: one user name per line, or a CSV whose first column holds them",
               completion: .file),
        .value("filter", "F", help: "unlicensed, licensed, deleted, product=SKU, department=X or location=XX",
               check: { _ = try filter($0) }),
    ]

    /// The names of the selection options.
    static let values = options.map(\.name)

    /// Parses `--filter` and resolves `product=…` in the store's catalog: a part number, GUID
    /// or display name, as in input files; the filter then holds the part number.
    /// - Throws: ``CLIError/usage(_:)`` listing the filters, or naming an unknown product with
    ///   the closest part numbers.
    static func filter(_ text: String, directory: Directory) throws -> UserQuery.Filter {
        let parsed = try filter(text)
        guard case .product(let name) = parsed else { return parsed }
        return .product(try ProductArgument.partNumber(name, option: "--filter product", directory: directory))
    }

    /// Parses `--filter` without looking at the store (`product=…` as given).
    /// - Throws: ``CLIError/usage(_:)`` listing the filters.
    static func filter(_ text: String) throws -> UserQuery.Filter {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        // (`--filter ""` and `--filter =` split into nothing: the default case refuses them.)
        switch ((parts.first ?? "").lowercased(), parts.count == 2 ? parts[1] : nil) {
        case ("all", nil): return .all
        case ("unlicensed", nil): return .unlicensed
        case ("licensed", nil): return .licensed
        case ("deleted", nil): return .deleted
        case ("product", let value?) where !value.isEmpty: return .product(value)
        case ("department", let value?) where !value.isEmpty: return .department(value)
        case ("location", let value?) where !value.isEmpty:
            return .location(try LocationArgument.code(value, option: "--filter location"))
        default:
            throw CLIError.usage("--filter '\(TerminalText.escaped(text))': use unlicensed, licensed, deleted, product=SKU, department=X or location=XX")
        }
    }

    /// Whether the command line selects users at all.
    static func isGiven(_ arguments: ParsedArguments) -> Bool {
        values.contains { arguments.value($0) != nil }
    }

    /// The selected user names, in the order given (filters: sorted by user name).
    /// - Throws: usage errors when none or several selection options are given, input errors
    ///   for an unreadable file (naming it).
    static func userPrincipalNames(_ context: CommandContext, directory: Directory, customerID: String) throws -> [String] {
        let arguments = context.arguments
        let given = values.filter { arguments.value($0) != nil }
        guard given.count == 1, let option = given.first else {
            throw CLIError.usage("select users with exactly one of --users a,b,c, --users-file FILE or --filter F")
        }
        switch option {
        case "users":
            return DirectJob.list(arguments.value("users"))
        case "users-file":
            let path = arguments.value("users-file") ?? ""
            if path == "-" { return try fromText(context.input.readToEnd() ?? Data(), name: "<stdin>") }
            return try fromFile(context.resolve(path))
        default:
            let filter = try filter(arguments.value("filter") ?? "", directory: directory)
            var names: [String] = []
            var page = 1
            while true {
                let result = try directory.listUsers(customerID: customerID,
                                                     query: UserQuery(filter: filter, page: page, pageSize: 1_000))
                names += result.users.map(\.userPrincipalName)
                if page >= result.pageCount { break }
                page += 1
            }
            return names
        }
    }

    /// Reads user names from a file: one per line, or the first column of a CSV with a header
    /// whose first cell names it (`UserPrincipalName`, `User name`, `Email`…). Blank lines and
    /// lines starting with `#` are skipped.
    static func fromFile(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input("\(path): cannot read the file") }
        return try fromText(data, name: path)
    }

    /// Reads user names from the bytes of a file (or standard input) named `name` in errors,
    /// as ``fromFile(_:)`` does.
    static func fromText(_ data: Data, name path: String) throws -> [String] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var names: [String] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let cut = line.firstIndex(where: { $0 == "," || $0 == ";" || $0 == "\t" }) { line = String(line[..<cut]) }
            line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            if index == 0 && !line.contains("@") { continue }   // a header
            guard line.contains("@") else {
                throw CLIError.input("\(path):\(index + 1): '\(line)' is not a user name (expected name@domain)")
            }
            names.append(line)
        }
        return names
    }
}
