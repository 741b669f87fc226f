import Foundation
import Testing

/// The portal through the real binary and a real HTTP client: `operators add`, then `serve`,
/// then curl signs in (cookie jar, the login form's CSRF token) and sees the customers page.
@Suite(.serialized) struct PortalBinaryTests {
    static let password = "Binary-Portal-Secret-7"

    /// Runs curl with the cookie jar; its standard output.
    static func curl(_ arguments: [String], jar: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["--silent", "--show-error", "--max-time", "20", "--cookie", jar, "--cookie-jar", jar] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func operatorsAddThenServeThenSignInWithCurlAndSeeTheCustomers() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let added = try BuiltBinary.run(["operators", "add", "alice", "--role", "admin-agent"], in: folder.path,
                                        environment: folder.environment, input: Data((Self.password + "\n").utf8))
        #expect(added.status == 0, "\(added.errors)")
        let serve = try ServeProcess(["serve", "--listen", "127.0.0.1:0"], folder: folder)
        let port = try #require(serve.port, "no address printed: \(serve.stop().errors)")
        let base = "http://127.0.0.1:\(port)"
        let jar = folder.path + "/cookies.txt"
        let login = try Self.curl([base + "/login"], jar: jar)
        let range = try #require(login.range(of: #"name="csrf-token" value="[A-Za-z0-9_-]+""#, options: .regularExpression))
        let token = String(login[range].dropFirst(#"name="csrf-token" value=""#.count).dropLast())
        let signIn = try Self.curl(["--output", "/dev/null", "--write-out", "%{http_code} %{redirect_url}",
                                    "--data-urlencode", "name=alice", "--data-urlencode", "password=\(Self.password)",
                                    "--data-urlencode", "csrf-token=\(token)", base + "/login"], jar: jar)
        #expect(signIn == "303 \(base)/customers", "\(signIn)")
        let jarText = (try? String(contentsOfFile: jar, encoding: .utf8)) ?? ""
        #expect(jarText.contains("#HttpOnly_127.0.0.1"), "an HttpOnly cookie: \(jarText)")
        let customers = try Self.curl(["--location", base + "/"], jar: jar)
        #expect(customers.contains("<h1>Customers</h1>") || customers.contains("Customers</h1>"), "\(customers.prefix(800))")
        #expect(customers.contains("Contoso") && customers.contains("Sign out"))
        let run = serve.stop()
        #expect(run.exited && run.status == 0, "\(run.errors)")
        #expect(run.errors.contains(" POST /login 303 ") && run.errors.contains(" GET /customers 200 "), "\(run.errors)")
        #expect(run.errors.contains("portal: sign-in: operator alice"))
        #expect(!run.errors.contains(Self.password) && !run.errors.contains(token))
    }
}
