import Foundation
import Provisioning
import SQLiteDirectory

/// `provision init [--sample] [--force]`: creates the store, empty or with the sample customers.
enum InitCommand: Command {
    static let path = ["init"]
    static let summary = "Create the store (empty, or with the sample customers: --sample)"
    static let discussion = """
    Creates the store at --store, PROVISION_STORE or ./provision.sqlite. --sample loads the
    sample catalog, licensing rules, customers (contoso in TW, fabrikam in DE), subscriptions
    and users from SampleData/ (found in or above the working directory, or --sample-dir,
    or PROVISION_SAMPLE_DATA). --force replaces an existing store. The store is built under a
    temporary name and moved into place at the end, so a failure leaves nothing behind.
    """
    static let options: [OptionDeclaration] = [
        .flag("sample", help: "load the sample catalog, rules, customers, subscriptions and users"),
        sampleDirectory,
        .flag("force", help: "replace an existing store"),
    ]

    /// `--sample-dir DIR`, shared with `demo`.
    static let sampleDirectory = OptionDeclaration.value(
        "sample-dir", "DIR", help: "the SampleData folder (else found in or above the working directory, or PROVISION_SAMPLE_DATA)",
        completion: .directory)

    static func run(_ context: CommandContext) throws -> ExitCode {
        let path = StoreLocator.path(context)
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !context.arguments.flag("force") {
            throw CLIError.input("a store already exists at \(path); pass --force to replace it")
        }
        let sample = context.arguments.flag("sample")
        let directory = sample ? try SampleLoader.locate(context) : nil
        let now = try context.now()
        let building = path + ".init-\(getpid())"
        removeStore(at: building)
        var summary: SampleLoader.Summary?
        do {
            let store = try SQLiteDirectory.create(path: building)
            if let directory {
                summary = try SampleLoader(directory: directory, now: now, random: RandomSource.system()).load(into: store)
            }
        } catch {
            removeStore(at: building)
            throw error
        }
        removeStore(at: path)
        do {
            try manager.moveItem(atPath: building, toPath: path)
        } catch {
            removeStore(at: building)
            throw CLIError.input("cannot create \(path): \(error.localizedDescription)")
        }
        context.output.write("created store \(path) (schema version \(SQLiteDirectory.schemaVersion))\n")
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

    /// Removes a store file and its WAL and shared-memory files, when present.
    private static func removeStore(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
