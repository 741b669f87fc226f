import Provisioning

/// `provision subscriptions import-graph --graph FILE... --customer ID`: a stand-in for
/// `subscriptions import --graph`, which another change adds; both run ``SubscribedSkusImport``.
enum SubscriptionsImportGraphCommand: Command {
    static let path = ["subscriptions", "import-graph"]
    static let summary = "Import a tenant's seats from Microsoft Graph's GET /subscribedSkus response"
    static let usage = """
    usage: provision subscriptions import-graph --graph FILE [FILE...] --customer ID [--format text|json]
                                                [--wait SECONDS]

    FILE is Microsoft Graph's response to GET /subscribedSkus (docs/graph-import.md). Each SKU
    is matched by skuId against the catalog and gets prepaidUnits.enabled seats; SKUs the
    catalog lacks are reported. consumedUnits is compared with the store's assignments. All or
    nothing, under the customer's lock, audit-logged.
    """
    static let options = OptionSpec(values: ["customer", "format", "wait"], repeatable: ["graph"], positionals: (0, nil))

    static func run(_ context: CommandContext) throws -> ExitCode {
        guard let customer = context.arguments.value("customer") else { throw CLIError.usage("--customer ID is required") }
        return try SubscribedSkusImport.run(context, customer: customer,
                                            files: context.arguments.all("graph") + context.arguments.positionals)
    }
}
