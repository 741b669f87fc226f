import Foundation
import Provisioning

/// `provision init [--sample] [--force]`: creates the store, empty or with the sample customers.
enum InitCommand: Command {
    static let path = ["init"]
    static let summary = "Create the store (empty, or with the sample customers: --sample)"
    static let discussion = """
    Creates the store at --store, PROVISION_STORE or ./provision.sqlite: a file, or the schema
    in a postgresql:// database. --sample loads the sample catalog, licensing rules, customers
    (contoso in TW, fabrikam in DE), subscriptions and users from SampleData/ (found in or
    above the working directory, or --sample-dir, or PROVISION_SAMPLE_DATA). --force replaces
    an existing store; a shared server store also needs --drop-data. The store is built under
    a temporary name and moved into place at the end, so a failure leaves nothing behind.
    """
    static let options: [OptionDeclaration] = [
        .flag("sample", help: "load the sample catalog, rules, customers, subscriptions and users"),
        sampleDirectory,
        .flag("force", help: "replace an existing store"),
        .flag("drop-data", help: "with --force on a shared server store (postgresql://): confirm that its data is dropped"),
    ]

    /// `--sample-dir DIR`, shared with `demo`.
    static let sampleDirectory = OptionDeclaration.value(
        "sample-dir", "DIR", help: "the SampleData folder (else found in or above the working directory, or PROVISION_SAMPLE_DATA)",
        completion: .directory)

    static func run(_ context: CommandContext) throws -> ExitCode {
        let location = try StoreLocator.location(context)
        let force = context.arguments.flag("force")
        if try location.exists() {
            if !force { throw CLIError.input("a store already exists at \(location.displayName); pass --force to replace it") }
            if location.isShared && !context.arguments.flag("drop-data") {
                throw CLIError.input("\(location.displayName) is a shared server store: replacing it drops every customer, "
                                     + "user, journal and audit entry in it, for every machine that uses it; "
                                     + "pass --force --drop-data to do that")
            }
        }
        let sample = context.arguments.flag("sample")
        let directory = sample ? try SampleLoader.locate(context) : nil
        let now = try context.now()
        var summary: SampleLoader.Summary?
        let version = try location.create(replacing: force) { store in
            if let directory {
                summary = try SampleLoader(directory: directory, now: now, random: RandomSource.system()).load(into: store)
            }
        }
        context.output.write("created store \(location.displayName) (schema version \(version))\n")
        if let summary {
            context.output.write("""
                loaded \(summary.products) products with \(summary.plans) service plans, \(summary.rules) licensing rules,
                customers \(summary.customers.joined(separator: ", ")), \(summary.subscriptions) subscriptions, \(summary.users) users

                """)
        } else {
            context.output.write(Self.nextSteps)
        }
        return .success
    }

    /// What an empty store's message says to run next (docs/onboarding.md walks through it).
    static let nextSteps = """
        the store is empty; onboard your first customer (docs/onboarding.md):
          1. provision catalog import FILE      Microsoft's product and service plan CSV
          2. provision customers add ID --name NAME --location XX --domains a.com
          3. provision subscriptions set --customer ID --product SKU --seats N
          4. provision plan USERS.csv --customer ID, then provision apply
        or try the sample customers: provision init --sample --force

        """
}
