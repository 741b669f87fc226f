// swift-tools-version:6.0
// provision: bulk user-and-license provisioning. No package dependencies by design:
// only the toolchain and system C libraries (libsqlite3, libpq, libcrypto) through systemLibrary targets.
import PackageDescription

let package = Package(
    name: "provision",
    products: [
        .executable(name: "provision", targets: ["provision"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // OpenSSL's libcrypto (scrypt, SHA-256, constant-time compare) for operators' passwords and
        // the portal's sessions; one gateway file in Operators calls it (docs/portal-auth.md).
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "CSV"),
        .target(name: "Provisioning", dependencies: ["CSV"]),
        // Salted BLAKE2b-256 of temporary passwords, shared by every backend (docs/store.md, "Password hashes").
        .target(name: "PasswordHashing"),
        .target(name: "SQLiteDirectory", dependencies: ["CSQLite", "Provisioning", "PasswordHashing", "WorkQueue"]),
        // The store protocols on PostgreSQL through libpq (docs/store.md, "The PostgreSQL backend"), and the work queue's tables.
        .target(name: "PostgresDirectory", dependencies: ["CLibPQ", "Provisioning", "PasswordHashing", "WorkQueue"]),
        .target(name: "Reports", dependencies: ["CSV", "Provisioning"]),
        // The work queue's contract, its in-memory backend and the worker loop (docs/queue.md).
        .target(name: "WorkQueue", dependencies: ["Provisioning"]),
        // The rules every queue backend must pass (test support, as DirectoryConformance).
        .target(name: "WorkQueueConformance", dependencies: ["WorkQueue"]),
        // The checks every backend of the Directory seam must pass (docs/store.md): test support,
        // a library so that every backend's test target runs the same suite.
        .target(name: "DirectoryConformance", dependencies: ["Provisioning"]),
        // Portal operators: scrypt password hashes and the accounts service over the OperatorStore seam.
        .target(name: "Operators", dependencies: ["CLibCrypto", "Provisioning"]),
        // The portal's logins, sessions, CSRF tokens and login throttling; no HTTP types.
        .target(name: "PortalSessions", dependencies: ["Operators", "Provisioning"]),
        .target(name: "ProvisionCLI", dependencies: ["CSV", "Provisioning", "SQLiteDirectory", "Reports", "HTTPServer",
                                                     "PortalServer", "Operators", "PortalSessions", "PostgresDirectory", "WorkQueue"]),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI"]),
        .executableTarget(name: "Benchmarks", dependencies: ["CSV", "Provisioning", "SQLiteDirectory", "PostgresDirectory"]),
        // The fuzz target of the CSV reader and intake (Tests/harness/fuzz.sh). A plain build makes
        // the replay/mutation driver; built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING`
        // it is a libFuzzer binary.
        .executableTarget(name: "FuzzCSV", dependencies: ["CSV", "Provisioning", "FuzzSupport"]),
        // The fuzz targets' shared plain-build driver: replay, seeded mutation, crash capture.
        .target(name: "FuzzSupport"),
        // The HTTP/1.1 request parser and server of `provision serve` (docs/http.md); Foundation and Glibc only.
        .target(name: "HTTPServer"),
        // The portal over the server (docs/serve.md): its routes, sessions and the Portal pages; no SQL, the store comes through a closure.
        .target(name: "PortalServer", dependencies: ["HTTPServer", "CSV", "Provisioning", "Reports", "Portal", "PortalSessions", "Operators"]),
        // The fuzz target of the request parser, built like FuzzCSV (docs/http.md, Fuzzing).
        .executableTarget(name: "FuzzHTTP", dependencies: ["HTTPServer", "FuzzSupport", "FuzzHTTPOracles"]),
        // The multipart parser's fuzz oracle, shared by FuzzHTTP (FUZZ_HTTP_ORACLE=multipart) and the seed replay test.
        .target(name: "FuzzHTTPOracles", dependencies: ["HTTPServer"]),
        // The portal's pages and the logic behind them (docs/portal.md): HTML rendered from view
        // models, and the page actions as requests run by the same Job as the command line.
        // No HTTP or storage type: the server hands it form fields and a Directory.
        .target(name: "Portal", dependencies: ["CSV", "Provisioning", "Reports"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProvisioningTests", dependencies: ["Provisioning", "CSV", "DirectoryConformance", "WorkQueue", "WorkQueueConformance"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SQLiteDirectoryTests", dependencies: ["SQLiteDirectory", "Provisioning", "DirectoryConformance",
                                                                 "PasswordHashing", "WorkQueue", "WorkQueueConformance"]),
        .testTarget(name: "PostgresDirectoryTests", dependencies: ["PostgresDirectory", "Provisioning", "DirectoryConformance",
                                                                   "PasswordHashing", "SQLiteDirectory", "WorkQueue",
                                                                   "WorkQueueConformance"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Provisioning", "CSV"], resources: [.copy("Snapshots")]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "FuzzHTTPOracles"]),
        .testTarget(name: "PortalServerTests", dependencies: ["PortalServer", "HTTPServer", "Provisioning", "Portal", "PortalSessions",
                                                            "Operators", "SQLiteDirectory", "DirectoryConformance"]),
        .testTarget(name: "PortalTests", dependencies: ["Portal", "Provisioning", "Reports", "SQLiteDirectory"]),
        .testTarget(name: "OperatorsTests", dependencies: ["Operators", "Provisioning", "DirectoryConformance"]),
        .testTarget(name: "PortalSessionsTests", dependencies: ["PortalSessions", "Operators", "Provisioning",
                                                             "DirectoryConformance"]),
        .testTarget(name: "ProvisionCLITests", dependencies: ["ProvisionCLI", "Provisioning", "SQLiteDirectory", "Reports", "Operators", "WorkQueue"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
