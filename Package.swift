// swift-tools-version:6.0
// provision: bulk user-and-license provisioning. No package dependencies by design:
// only the toolchain and system C libraries (libsqlite3) through systemLibrary targets.
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
        .target(name: "CSV"),
        .target(name: "Provisioning", dependencies: ["CSV"]),
        .target(name: "SQLiteDirectory", dependencies: ["CSQLite", "Provisioning"]),
        .target(name: "Reports", dependencies: ["CSV", "Provisioning"]),
        // The checks every backend of the Directory seam must pass (docs/store.md): test support,
        // a library so that every backend's test target runs the same suite.
        .target(name: "DirectoryConformance", dependencies: ["Provisioning"]),
        .target(name: "ProvisionCLI", dependencies: ["CSV", "Provisioning", "SQLiteDirectory", "Reports", "HTTPServer", "PortalServer"]),
        .executableTarget(name: "provision", dependencies: ["ProvisionCLI"]),
        .executableTarget(name: "Benchmarks", dependencies: ["CSV", "Provisioning", "SQLiteDirectory"]),
        // The fuzz target of the CSV reader and intake (Tests/harness/fuzz.sh). A plain build makes
        // the replay/mutation driver; built with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING`
        // it is a libFuzzer binary.
        .executableTarget(name: "FuzzCSV", dependencies: ["CSV", "Provisioning", "FuzzSupport"]),
        // The fuzz targets' shared plain-build driver: replay, seeded mutation, crash capture.
        .target(name: "FuzzSupport"),
        // The HTTP/1.1 request parser and server of `provision serve` (docs/http.md); Foundation and Glibc only.
        .target(name: "HTTPServer"),
        // The portal over the server (docs/serve.md): its routes and the pages it serves so far; no SQL, the store comes through closures.
        .target(name: "PortalServer", dependencies: ["HTTPServer", "Provisioning", "Reports"]),
        // The fuzz target of the request parser, built like FuzzCSV (docs/http.md, Fuzzing).
        .executableTarget(name: "FuzzHTTP", dependencies: ["HTTPServer", "FuzzSupport", "FuzzHTTPOracles"]),
        // The multipart parser's fuzz oracle, shared by FuzzHTTP (FUZZ_HTTP_ORACLE=multipart) and the seed replay test.
        .target(name: "FuzzHTTPOracles", dependencies: ["HTTPServer"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProvisioningTests", dependencies: ["Provisioning", "CSV", "DirectoryConformance"], exclude: ["Fixtures"]),
        .testTarget(name: "SQLiteDirectoryTests", dependencies: ["SQLiteDirectory", "Provisioning", "DirectoryConformance"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Provisioning", "CSV"], resources: [.copy("Snapshots")]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "FuzzHTTPOracles"]),
        .testTarget(name: "PortalServerTests", dependencies: ["PortalServer", "HTTPServer", "Provisioning"]),
        .testTarget(name: "ProvisionCLITests", dependencies: ["ProvisionCLI", "Provisioning", "SQLiteDirectory", "Reports"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
