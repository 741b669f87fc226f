import Foundation
import Testing
import Provisioning
import SQLiteDirectory
@testable import ProvisionCLI

/// `--store PATH|URL` (docs/cli.md): what is a path and what a URL, which backend a URL names,
/// the flag over `PROVISION_STORE`, a build without PostgreSQL, and no password from a URL in
/// any message.
@Suite struct StoreFactoryTests {
    static let classified: [(given: String, kind: StoreFactory.Kind)] = [
        ("provision.sqlite", .path("provision.sqlite")),
        ("./postgresql:foo", .path("./postgresql:foo")),
        ("postgresql:foo", .path("postgresql:foo")),
        ("C:\\x", .path("C:\\x")),
        ("C://x", .path("C://x")),
        ("./postgresql://h/db", .path("./postgresql://h/db")),
        ("/srv/postgres://x", .path("/srv/postgres://x")),
        ("1pg://h", .path("1pg://h")),
        ("", .path("")),
    ]

    static let urls: [(given: String, postgreSQL: Bool)] = [
        ("postgresql://u@h:5/db?sslmode=require", true),
        ("postgres://h/db", true),
        ("PostgreSQL://h/db", true),
        ("postgresql://", true),
        ("postgresql:///db?sslmode=disable", true),
        ("postgresql://u:secret@h/db", true),
        ("mysql://h/db", false),
        ("sqlite://x.sqlite", false),
    ]

    @Test func pathsStayPaths() {
        for (given, kind) in Self.classified { #expect(StoreFactory.classify(given) == kind, "\(given)") }
    }

    @Test func urlsAreClassifiedByScheme() throws {
        for (given, postgreSQL) in Self.urls {
            let url = try #require(StoreURL(given), "\(given)")
            #expect(url.text == given)
            #expect(StoreFactory.classify(given) == (postgreSQL ? .postgreSQL(url) : .unknownURL(url)), "\(given)")
        }
    }

    static let redacted: [(given: String, shown: String)] = [
        ("postgresql://u:secret@h:5/db?sslmode=require", "postgresql://u:***@h:5/db?sslmode=require"),
        ("postgresql://u@h:5/db?sslmode=require", "postgresql://u@h:5/db?sslmode=require"),
        ("postgresql://:secret@h/db", "postgresql://:***@h/db"),
        ("postgresql://u:se/cr@t@h/db", "postgresql://u:***@h/db"),
        ("postgresql://h/db?sslmode=require&password=secret", "postgresql://h/db?sslmode=require&password=***"),
        ("postgresql:///db?PASSWORD=secret#x", "postgresql:///db?PASSWORD=***#x"),
        ("postgresql://u:secret@[::1]:5432,h2:5433/db", "postgresql://u:***@[::1]:5432,h2:5433/db"),
        ("postgresql://", "postgresql://"),
    ]

    @Test func aURLIsShownWithItsPasswordMasked() throws {
        for (given, shown) in Self.redacted {
            let url = try #require(StoreURL(given))
            #expect(url.redacted == shown, "\(given)")
            #expect("\(url)" == shown)
            #expect(!"\(url)".contains("secret"))
        }
        #expect(StoreURL.redacting("./a:b@c") == "./a:b@c", "not a URL: as it is")
    }

    @Test func aPostgreSQLURLInABuildWithoutTheBackendIsExitTwoAndNeverShowsThePassword() throws {
        guard StoreFactory.postgreSQL == nil else { return }   // wired: the backend's own tests take over
        let workspace = try CLIWorkspace()
        let given = "postgresql://admin:s3cret@db.example:5432/provision?sslmode=require"
        let flag = workspace.run(["customers", "list", "--store", given])
        #expect(flag.code == .usageOrInput)
        #expect(flag.errors == "provision: error: --store postgresql://admin:***@db.example:5432/provision?sslmode=require: "
                + "this build has no PostgreSQL backend; use a store file (--store PATH) or a build with PostgreSQL\n")
        workspace.environment["PROVISION_STORE"] = given
        let environment = workspace.run(["users", "list", "--customer", "contoso"])
        #expect(environment.code == .usageOrInput)
        #expect(environment.errors.hasPrefix("provision: error: PROVISION_STORE postgresql://admin:***@db.example:5432/"
                                             + "provision?sslmode=require: this build has no PostgreSQL backend"))
        for result in [flag, environment, workspace.run(["init", "--sample"])] {
            #expect(!(result.output + result.errors).contains("s3cret"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.directory).isEmpty, "nothing written")
    }

    @Test func anUnknownSchemeIsExitTwoNamingIt() throws {
        let workspace = try CLIWorkspace()
        let result = workspace.run(["init", "--store", "mysql://root:hunter2@h/db"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors == "provision: error: --store mysql://root:***@h/db: 'mysql' is not a kind of store; "
                + "give a file path or a postgresql:// URL\n")
    }

    @Test func theFlagWinsOverTheEnvironmentAndAPathThatLooksLikeAURLIsAFile() throws {
        let workspace = try CLIWorkspace()
        workspace.environment["PROVISION_STORE"] = "postgresql://u:pw@h/db"
        let created = workspace.run(["init", "--store", "./postgresql:foo"])
        #expect(created.code == .success, "\(created.errors)")
        #expect(created.output.hasPrefix("created store \(workspace.directory)/./postgresql:foo (schema version "))
        #expect(FileManager.default.fileExists(atPath: workspace.directory + "/postgresql:foo"))
        #expect(workspace.run(["customers", "list", "--store", "postgresql:foo"]).code == .success)
    }
}

/// A stand-in for a server backend: a SQLite file behind a URL, shared and with no folder on
/// this machine, as a PostgreSQL location is.
struct SharedStandIn: StoreLocation {
    let url: StoreURL
    let file: SQLiteStoreLocation

    var displayName: String { url.redacted }
    var isShared: Bool { true }
    var localFiles: [String] { [] }
    var credentialFolder: String? { nil }
    func exists() throws -> Bool { try file.exists() }
    func accessWarnings() -> [String] { [] }
    func open() throws -> any ProvisionStore {
        do {
            return try file.open()
        } catch StoreError.missing {
            throw StoreError.missing(store: displayName)
        }
    }
    func create(replacing: Bool, fill: (any ProvisionStore) throws -> Void) throws -> Int {
        try file.create(replacing: replacing, fill: fill)
    }
}

/// `init` and a job on a shared server store, through the factory's PostgreSQL place with a
/// stand-in backend: `--force` needs `--drop-data`, the sample loads through the protocols, a
/// job needs a named credentials sheet, and the URL's password is never shown.
@Suite struct SharedStoreCommandTests {
    static let url = "postgresql://admin:s3cret@db.example/provision?sslmode=require"
    static let shown = "postgresql://admin:***@db.example/provision?sslmode=require"

    static func run(_ workspace: CLIWorkspace, _ arguments: [String]) -> (code: ExitCode, output: String, errors: String) {
        let file = SQLiteStoreLocation(path: workspace.directory + "/server.sqlite")
        let result = StoreFactory.$postgreSQL.withValue({ SharedStandIn(url: $0, file: file) }) {
            workspace.run(arguments + ["--store", url])
        }
        #expect(!(result.output + result.errors).contains("s3cret"), "\(arguments)")
        return result
    }

    @Test func initOnAURLCreatesTheSchemaAndForceNeedsDropData() throws {
        let workspace = try CLIWorkspace()
        let missing = Self.run(workspace, ["customers", "list"])
        #expect(missing.code == .usageOrInput)
        #expect(missing.errors.hasPrefix("provision: error: no store at \(Self.shown); create one with 'provision init'"))
        let created = Self.run(workspace, ["init", "--sample", "--sample-dir", CLIWorkspace.sampleData])
        #expect(created.code == .success, "\(created.errors)")
        #expect(created.output.hasPrefix("created store \(Self.shown) (schema version \(SQLiteDirectory.schemaVersion))\n"))
        #expect(created.output.contains("customers contoso, fabrikam"))
        let again = Self.run(workspace, ["init"])
        #expect(again.errors == "provision: error: a store already exists at \(Self.shown); pass --force to replace it\n")
        let forced = Self.run(workspace, ["init", "--force"])
        #expect(forced.code == .usageOrInput)
        #expect(forced.errors == "provision: error: \(Self.shown) is a shared server store: replacing it drops every "
                + "customer, user, journal and audit entry in it, for every machine that uses it; pass --force --drop-data to do that\n")
        #expect(Self.run(workspace, ["customers", "list"]).output.contains("contoso"), "refused: the store as it was")
        let dropped = Self.run(workspace, ["init", "--force", "--drop-data"])
        #expect(dropped.code == .success, "\(dropped.errors)")
        #expect(!Self.run(workspace, ["customers", "list"]).output.contains("contoso"))
    }

    @Test func aFileJobOnAServerStoreNeedsANamedSheetAndNeverWritesOverNothingLocal() throws {
        let workspace = try CLIWorkspace()
        #expect(Self.run(workspace, ["init", "--sample", "--sample-dir", CLIWorkspace.sampleData]).code == .success)
        let users = workspace.write("new.csv", "User Name,Display Name,Usage Location,Licenses\namy@contoso.com,Amy,TW,SPE_E3\n")
        let unnamed = Self.run(workspace, ["apply", users, "--customer", "contoso", "--quiet"])
        #expect(unnamed.code == .usageOrInput)
        #expect(unnamed.errors == "provision: error: the store \(Self.shown) is a server database with no folder on this "
                + "machine for credentials sheets; name the sheet with --credentials FILE\n")
        let named = Self.run(workspace, ["apply", users, "--customer", "contoso", "--quiet", "--credentials", "sheet.csv"])
        #expect(named.code == .success, "\(named.errors)")
        #expect(FileManager.default.fileExists(atPath: workspace.directory + "/sheet.csv"))
    }
}
