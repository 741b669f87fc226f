import Foundation
@testable import Provisioning

/// A small catalog modelled on Microsoft's (real part numbers and plan names), with the rules
/// the planner tests exercise.
enum Fixture {
    static let now = ISO8601DateFormatter().date(from: "2026-11-21T09:00:00Z") ?? Date(timeIntervalSince1970: 0)

    static func plan(_ name: String) -> ServicePlan { ServicePlan(name: name, id: UUID().uuidString, friendlyName: name) }

    static let products: [Product] = [
        Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3",
                servicePlans: ["EXCHANGE_S_ENTERPRISE", "TEAMS1", "MCOSTANDARD", "OFFICESUBSCRIPTION"].map(plan)),
        Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                displayName: "Exchange Online (Plan 1)", servicePlans: ["EXCHANGE_S_STANDARD"].map(plan)),
        Product(partNumber: "EXCHANGEENTERPRISE", guid: "19ec0d23-8335-4cbd-94ac-6050e30712fa",
                displayName: "Exchange Online (Plan 2)", servicePlans: ["EXCHANGE_S_ENTERPRISE"].map(plan)),
        Product(partNumber: "MCOMEETADV", guid: "0c266dff-15dd-4b49-8397-2bb16070ed52",
                displayName: "Microsoft 365 Audio Conferencing", servicePlans: ["MCOMEETADV"].map(plan)),
        Product(partNumber: "MCOPSTN1", guid: "0dab259f-bf13-4952-b7f8-7db8f131b28d",
                displayName: "Microsoft 365 Domestic Calling Plan", servicePlans: ["MCOPSTN1"].map(plan)),
        Product(partNumber: "POWER_BI_PRO", guid: "f8a1db68-be16-40ed-86d5-cb42ce701560", displayName: "Power BI Pro",
                servicePlans: ["BI_AZURE_P2"].map(plan)),
    ]

    static let rules = LicensingRules(rules: [
        .requires(.plan("MCOMEETADV"), anyOf: [.plan("MCOSTANDARD"), .plan("TEAMS1")], note: "Audio Conferencing needs Teams"),
        .excludes(.plan("EXCHANGE_S_STANDARD"), .plan("EXCHANGE_S_ENTERPRISE"), note: "one Exchange Online plan"),
        .notSoldIn(product: "MCOPSTN1", locations: ["US"], note: ""),
    ])

    static let contoso = Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW")
    static let fabrikam = Customer(id: "fabrikam", name: "Fabrikam", domains: ["fabrikam.de"], defaultUsageLocation: "DE")

    static func directory(seats: [String: Int] = ["SPE_E3": 3, "EXCHANGESTANDARD": 5, "EXCHANGEENTERPRISE": 5,
                                                  "MCOMEETADV": 5, "MCOPSTN1": 5, "POWER_BI_PRO": 5]) -> InMemoryDirectory {
        InMemoryDirectory(catalog: products, rules: rules, customers: [contoso, fabrikam],
                          seats: ["contoso": seats, "fabrikam": seats])
    }

    static func request(_ action: RequestAction = .upsert, _ upn: String, line: Int, licenses: [String] = [],
                        remove: [String] = [], location: String? = nil, customer: String? = nil,
                        disabled: [String: [String]] = [:]) -> UserRequest {
        UserRequest(customerID: customer, action: action, userPrincipalName: upn,
                    attributes: AttributePatch(displayName: upn.split(separator: "@").first.map(String.init),
                                               usageLocation: location),
                    addLicenses: licenses.map { LicenseRequest(product: $0, disabledPlans: disabled[$0] ?? []) },
                    removeLicenses: remove, sources: [SourceLocation(file: "users.csv", line: line)])
    }

    static func options(_ role: OperatorRole = .adminAgent, preview: Bool = false, exact: Bool = false,
                        allOrNothing: Bool = false, now: Date = now) -> JobOptions {
        JobOptions(role: role, operatorName: "test", now: now, exact: exact, allOrNothing: allOrNothing, preview: preview,
                   batchSize: 2, chunkSize: 3)
    }

    /// Runs requests as a job and returns the collected outcomes.
    /// - Parameters:
    ///   - killAfter: the job dies (``SimulatedKill``, caught here) once this many outcomes
    ///     were reported, as a job killed after committing a group.
    ///   - killAtDelivery: the job dies instead of writing this group's passwords (1-based),
    ///     as a job killed between a group's commit and its credentials sheet's write.
    ///   - overlapped: each group is applied on a thread of its own while the next is planned,
    ///     as the command line does (`Job`'s `lookups`); else in turn.
    @discardableResult
    static func run(_ directory: InMemoryDirectory, _ requests: [UserRequest], options: JobOptions = options(),
                    customer: String? = "contoso", batch: String = "batch-1", seed: UInt64 = 1,
                    killAfter: Int? = nil, killAtDelivery: Int? = nil, overlapped: Bool = true) throws -> CollectingSink {
        let sink = CollectingSink()
        sink.killAfter = killAfter
        sink.killAtDelivery = killAtDelivery
        do {
            try runJob(directory, requests, options: options, customer: customer, batch: batch, seed: seed, sink: sink,
                       overlapped: overlapped)
        } catch is SimulatedKill {
            return sink
        }
        return sink
    }

    private static func runJob(_ directory: InMemoryDirectory, _ requests: [UserRequest], options: JobOptions,
                               customer: String?, batch: String, seed: UInt64, sink: CollectingSink,
                               overlapped: Bool) throws {
        let job = Job(directory: directory, options: options, random: RandomSource(SeededGenerator(seed: seed)),
                      lookups: overlapped ? directory : nil)
        _ = try job.run(.requests(defaultCustomerID: customer, input: "users.csv", batchID: batch, open: { ArrayRequestSource(requests) }),
                        outputs: PreparedOutputs(outcomes: sink, credentials: sink))
    }
}
