import Dispatch
import Foundation
import HTTPServer
import Operators
import PortalServer
import PortalSessions
import Provisioning

/// `provision serve`: the portal over HTTP on loopback, until SIGTERM or Ctrl-C (docs/serve.md).
enum ServeCommand: Command {
    static let path = ["serve"]
    static let summary = "Serve the portal over HTTP on loopback (TLS comes from nginx in front)"
    static let discussion = """
    Serves the portal on --listen (default 127.0.0.1:8080; port 0 takes a free port; give it
    twice for IPv4 and IPv6, e.g. --listen 127.0.0.1:8080 --listen [::1]:8080) and prints the
    address. Only loopback addresses are served unless --allow-remote is given, which prints a
    warning: the server speaks plain HTTP, so TLS comes from a reverse proxy in front (nginx,
    docs/serve.md). X-Forwarded-For and X-Forwarded-Proto are believed only from a
    --trusted-proxy address. One access-log line per request goes to standard error (method,
    path without query, status, bytes, duration; no client address, cookie or query).
    SIGTERM or Ctrl-C stops accepting, lets requests in flight finish (up to 10 s) and exits 0.
    """
    static let options: [OptionDeclaration] = [
        .repeatable("listen", "HOST:PORT", help: "the address to listen on (default 127.0.0.1:8080)",
                    check: { _ = try listenAddress($0) }),
        .flag("allow-remote", help: "allow a --listen address that is not loopback (prints a warning)"),
        .repeatable("trusted-proxy", "ADDR", help: "the reverse proxy's address, whose X-Forwarded-For/-Proto are believed",
                    check: { _ = try proxyAddress($0) }),
    ]

    static let defaultListen = "127.0.0.1:8080"

    static func run(_ context: CommandContext) throws -> ExitCode {
        let given = context.arguments.all("listen")
        let addresses = try (given.isEmpty ? [defaultListen] : given).map(listenAddress)
        let remote = addresses.filter { !$0.isLoopback }
        if !remote.isEmpty && !context.arguments.flag("allow-remote") {
            throw CLIError.usage("--listen \(remote[0]) is not a loopback address: other machines could reach it; "
                                 + "pass --allow-remote to serve there anyway (with TLS from nginx in front: docs/serve.md)")
        }
        let proxies = Set(try context.arguments.all("trusted-proxy").map(proxyAddress))
        _ = try StoreLocator.open(context)   // a missing or unusable store stops here, before listening
        let location = try StoreLocator.location(context)
        let errors = context.errors
        var policy = SessionPolicy()
        policy.behindTLS = !proxies.isEmpty
        let sessions = SessionManager(accounts: OperatorAccounts(store: try OperatorCommands.store(context), clock: { Date() }),
                                      policy: policy, clock: { Date() }, log: { errors.write(PortalSite.logLine($0)) })
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let portal = PortalSite.Configuration(open: { try location.open() }, sessions: sessions, clock: { Date() },
                                              random: .system(), workFolder: work)
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: HTTPServerConfiguration(listen: addresses, trustedProxies: proxies),
                                    router: PortalSite.router(portal),
                                    log: HTTPAccessLog { errors.write($0) })
        } catch {
            throw CLIError.input("cannot listen: \(error)")
        }
        for address in server.boundAddresses where !address.isLoopback {
            context.errors.write("warning: serving on \(address), which other machines can reach, over plain HTTP: "
                                 + "put a TLS reverse proxy in front (docs/serve.md) and firewall the port\n")
        }
        let signals = ShutdownSignals { server.shutdown() }
        for address in server.boundAddresses {
            context.output.write("provision: serving http://\(address)/ (SIGTERM or Ctrl-C stops)\n")
        }
        server.run()
        signals.cancel()
        context.errors.write("provision: stopped\n")
        return .success
    }

    /// A private folder (0700) for the uploads and their plans, removed when serving stops.
    static func workFolder() throws -> String {
        let path = NSTemporaryDirectory() + "provision-serve-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.input("cannot make the uploads folder \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// A `--listen` value.
    static func listenAddress(_ text: String) throws -> HTTPListenAddress {
        do {
            return try HTTPListenAddress(text)
        } catch {
            throw CLIError.usage("--listen \(text): \(error)")
        }
    }

    /// A `--trusted-proxy` value: a numeric address, canonical.
    static func proxyAddress(_ text: String) throws -> String {
        guard let (canonical, _) = HTTPListenAddress.canonical(text) else {
            throw CLIError.usage("--trusted-proxy \(text): expected a numeric IPv4 or IPv6 address, "
                                 + "e.g. 127.0.0.1 or ::1")
        }
        return canonical
    }
}
