import Provisioning

/// A submitted "Manage licenses" form, turned into the same ``UserRequest``s the command
/// line's `licenses assign|revoke` makes, so that Save runs the planner, the rules, the seat
/// checks, the lock and the journal of every other surface.
///
/// Per product, the field `product.SKU` says `all` (every selected user holds it), `keep`
/// (leave each as it is) or `none` (nobody holds it). The service plans are checkboxes
/// `plan.SKU` holding the enabled plans' names, present only when the form also carries the
/// marker `plans.SKU`. One request per selected user: holders keep their own disabled plans
/// unless the plans were changed on the form, which then apply to every selected user.
public struct ManageLicensesSubmission: Sendable, Hashable {
    /// What the form asks for one product.
    public enum Choice: String, Sendable, Hashable, CaseIterable {
        /// Every selected user holds it.
        case all
        /// Each keeps what it has.
        case keep
        /// Nobody holds it.
        case none
    }

    /// The requests, one per selected user, sorted by user name.
    public var requests: [UserRequest]
    /// Problems with the submitted values (a product the form never offered is ignored, not a problem).
    public var problems: [FieldProblem]

    /// The field of a product's choice.
    static func choiceField(_ partNumber: String) -> String { "product." + partNumber }
    /// The field of a product's enabled plans.
    static func planField(_ partNumber: String) -> String { "plan." + partNumber }
    /// The marker that the product's plans were on the form.
    static func plansMarker(_ partNumber: String) -> String { "plans." + partNumber }

    /// The source location of the requests, in reports and the journal.
    public static let source = SourceLocation(file: "portal: manage licenses", line: 0)

    /// Reads the form against `model` (built from the directory at submission time, so the
    /// holders and plans are as they are now, not as the form saw them).
    public init(_ form: FormData, model: ManageLicensesModel) {
        problems = []
        var adds: [String: (plans: [String], changed: Bool)] = [:]
        var removes: [String] = []
        for row in model.rows {
            let partNumber = row.product.partNumber
            let text = form.value(Self.choiceField(partNumber)) ?? Choice.keep.rawValue
            guard let choice = Choice(rawValue: text) else {
                problems.append(FieldProblem(field: Self.choiceField(partNumber),
                                             "Choose all, keep or none for \(row.product.displayName)."))
                continue
            }
            switch choice {
            case .keep: continue
            case .none: removes.append(partNumber)
            case .all:
                var disabled = row.commonDisabledPlans
                var changed = false
                if form.has(Self.plansMarker(partNumber)) {
                    let enabled = Set(form.all(Self.planField(partNumber)).map { $0.lowercased() })
                    disabled = row.product.servicePlans.map(\.name).filter { !enabled.contains($0.lowercased()) }.sorted()
                    changed = disabled != row.commonDisabledPlans
                }
                adds[partNumber] = (disabled, changed)
            }
        }
        requests = model.users.map { user in
            var licenses: [LicenseRequest] = []
            for (partNumber, add) in adds.sorted(by: { $0.key < $1.key }) {
                // A holder keeps its own disabled plans unless the form changed them.
                let plans = !add.changed ? (user.license(partNumber)?.disabledPlans ?? add.plans) : add.plans
                licenses.append(LicenseRequest(product: partNumber, disabledPlans: plans))
            }
            return UserRequest(action: .update, userPrincipalName: user.userPrincipalName, addLicenses: licenses,
                               removeLicenses: removes, sources: [Self.source])
        }
        if model.users.isEmpty { problems.append(FieldProblem(field: nil, "Select at least one user.")) }
    }
}
