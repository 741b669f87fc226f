/// The four text fields a licensing rule is written as, in `licensing-rules.csv` and in the
/// store: `Kind`, `Subject`, `Object`, `Note` (see `docs/rules.md`).
extension LicensingRule {
    /// The columns of a rule's row, for error positions.
    public enum RowColumn: Int, Sendable, Hashable, CaseIterable {
        /// `Kind`: `requires`, `excludes` or `not-sold-in`.
        case kind = 1
        /// `Subject`: `product:PART` or `plan:NAME`.
        case subject = 2
        /// `Object`: what the kind says about the subject.
        case object = 3
        /// `Note`: free text.
        case note = 4

        /// The header name.
        public var name: String {
            switch self {
            case .kind: return "Kind"
            case .subject: return "Subject"
            case .object: return "Object"
            case .note: return "Note"
            }
        }
    }

    /// A rule field that does not parse: which column, and why.
    public struct RowProblem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The column at fault.
        public var column: RowColumn
        /// What is wrong, naming the value and the rule.
        public var message: String

        /// Creates a problem.
        public init(column: RowColumn, message: String) {
            self.column = column
            self.message = message
        }

        public var description: String { "\(message) (column \(column.name))" }
    }

    /// The kinds, as written in the `Kind` column.
    public static let kinds = ["requires", "excludes", "not-sold-in"]

    /// Parses a rule from its row. Values are trimmed; `Kind` and the `product:`/`plan:`
    /// prefixes are case-insensitive; countries are upper-cased.
    /// - Throws: ``RowProblem`` naming the column and the rule it breaks.
    public init(kind: String, subject: String, object: String, note: String) throws {
        let kindText = kind.trimmingCharacters(in: .whitespaces).lowercased()
        let note = note.trimmingCharacters(in: .whitespaces)
        func subjectOf(_ text: String, _ column: RowColumn) throws -> RuleSubject {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let parsed = RuleSubject(text: trimmed) else {
                throw RowProblem(column: column,
                                 message: "'\(trimmed)' is not product:PART_NUMBER or plan:SERVICE_PLAN_NAME")
            }
            return parsed
        }
        func list(_ text: String) throws -> [String] {
            let items = text.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if items.contains(where: \.isEmpty) {
                throw RowProblem(column: .object, message: "'\(text)' has an empty item; separate items with '|'")
            }
            return items
        }
        switch kindText {
        case "requires":
            let needer = try subjectOf(subject, .subject)
            let options = try list(object).map { try subjectOf($0, .object) }
            if options.contains(needer) {
                throw RowProblem(column: .object, message: "\(needer) cannot require itself")
            }
            self = .requires(needer, anyOf: options, note: note)
        case "excludes":
            let first = try subjectOf(subject, .subject)
            let second = try subjectOf(object, .object)
            if first == second { throw RowProblem(column: .object, message: "\(first) cannot exclude itself") }
            self = .excludes(first, second, note: note)
        case "not-sold-in":
            guard case .product(let partNumber) = try subjectOf(subject, .subject) else {
                throw RowProblem(column: .subject, message: "not-sold-in applies to a product:PART_NUMBER, not a plan")
            }
            let countries = try list(object).map { code -> String in
                guard let normal = CountryCode.normalized(code) else {
                    throw RowProblem(column: .object,
                                     message: "'\(code)' is not an ISO 3166-1 alpha-2 country code")
                }
                return normal
            }
            self = .notSoldIn(product: partNumber, locations: countries, note: note)
        default:
            throw RowProblem(column: .kind,
                             message: "'\(kind)' is not a rule kind (use \(Self.kinds.joined(separator: ", ")))")
        }
    }

    /// The rule as its four row fields, the inverse of ``init(kind:subject:object:note:)``.
    public var row: (kind: String, subject: String, object: String, note: String) {
        switch self {
        case let .requires(subject, anyOf, note):
            return ("requires", subject.description, anyOf.map(\.description).joined(separator: "|"), note)
        case let .excludes(first, second, note):
            return ("excludes", first.description, second.description, note)
        case let .notSoldIn(product, locations, note):
            return ("not-sold-in", RuleSubject.product(product).description, locations.joined(separator: "|"), note)
        }
    }

    /// Every product and plan the rule names.
    public var subjects: [RuleSubject] {
        switch self {
        case let .requires(subject, anyOf, _): return [subject] + anyOf
        case let .excludes(first, second, _): return [first, second]
        case let .notSoldIn(product, _, _): return [.product(product)]
        }
    }
}
