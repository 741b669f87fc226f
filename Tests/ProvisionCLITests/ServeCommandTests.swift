import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ProvisionCLI

/// `provision serve`: what it refuses before serving (in process), and a real run through the
/// built binary: it serves on a free port, answers, and exits 0 on SIGTERM.
@Suite(.serialized) struct ServeCommandTests {
    @Test(arguments: [
        (["--listen", "0.0.0.0:8080"], "--listen 0.0.0.0:8080 is not a loopback address"),
        (["--listen", "[::]:8080"], "--listen [::]:8080 is not a loopback address"),
        (["--listen", "127.0.0.1:8080", "--listen", "192.168.1.5:80"], "--listen 192.168.1.5:80 is not a loopback address"),
        (["--listen", "localhost:8080"], "--listen localhost:8080: the host must be a numeric IPv4 address"),
        (["--listen", "127.0.0.1"], "--listen 127.0.0.1: expected HOST:PORT"),
        (["--listen", "127.0.0.1:99999"], "--listen 127.0.0.1:99999: the port must be a number"),
        (["--trusted-proxy", "nginx"], "--trusted-proxy nginx: expected a numeric IPv4 or IPv6 address"),
    ])
    func refusesBeforeServing(_ arguments: [String], _ message: String) throws {
        let workspace = try CLIWorkspace.sample()
        let result = workspace.run(["serve"] + arguments)
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func withoutAStoreItSaysHowToMakeOne() throws {
        let workspace = try CLIWorkspace()
        let result = workspace.run(["serve", "--listen", "127.0.0.1:0"])
        #expect(result.code == .usageOrInput)
        #expect(result.errors.contains("provision init"))
    }

    @Test func servesThroughTheBinaryAndExitsZeroOnSIGTERM() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let serve = try ServeProcess(["serve", "--listen", "127.0.0.1:0"], folder: folder)
        let port = try #require(serve.port, "no address printed: \(serve.stop().errors)")
        let index = try ServeProcess.get("/", port: port)
        #expect(index.hasPrefix("HTTP/1.1 303 See Other\r\n"))
        #expect(index.contains("\r\nLocation: /customers\r\n"))
        let customers = try ServeProcess.get("/customers", port: port)
        #expect(customers.contains("\r\nLocation: /login\r\n"), "no session: to the login page")
        let health = try ServeProcess.get("/health?token=abc", port: port)
        #expect(health.hasSuffix("status: ok\nclient: 127.0.0.1\nscheme: http\n"))
        let run = serve.stop()
        #expect(run.exited && run.status == 0, "\(run.errors)")
        #expect(run.errors.contains(" GET / 303 ") && run.errors.contains(" GET /health 200 "), "\(run.errors)")
        #expect(!run.errors.contains("token") && !run.errors.contains("127.0.0.1"))
        #expect(run.errors.hasSuffix("provision: stopped\n"))
    }

    @Test func aRemoteAddressNeedsTheFlagAndPrintsAWarning() throws {
        let folder = try UnattendedSafetyBinaryTests.Folder()
        let serve = try ServeProcess(["serve", "--listen", "0.0.0.0:0", "--allow-remote"], folder: folder)
        let port = try #require(serve.port)
        #expect(try ServeProcess.get("/health", port: port).contains("status: ok"))
        let run = serve.stop()
        #expect(run.exited && run.status == 0)
        #expect(run.errors.contains("warning: serving on 0.0.0.0:\(port), which other machines can reach, over plain HTTP"))
    }
}

/// `provision serve` running as a child process, with the port it printed.
final class ServeProcess {
    let process = Process()
    let errorsPath: String
    private(set) var port: Int?
    private let output = Pipe()

    init(_ arguments: [String], folder: UnattendedSafetyBinaryTests.Folder) throws {
        process.executableURL = URL(fileURLWithPath: try BuiltBinary.path())
        process.arguments = arguments
        process.environment = folder.environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.standardOutput = output
        errorsPath = folder.path + "/.serve-stderr"
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var printed = ""
        while !printed.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        // "provision: serving http://127.0.0.1:PORT/ (...)"
        if let range = printed.range(of: #"http://[^ ]*:([0-9]+)/"#, options: .regularExpression) {
            port = Int(printed[range].split(separator: ":").last?.dropLast() ?? "")
        }
    }

    /// Sends SIGTERM and waits for the exit.
    func stop() -> BuiltBinary.Run {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        let errors = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return BuiltBinary.Run(status: process.terminationStatus, exited: process.terminationReason == .exit,
                               output: Data(), errors: errors)
    }

    struct Failed: Error {}

    /// `GET target` over a fresh connection with `Connection: close`; the whole response.
    static func get(_ target: String, port: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failed() }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failed() }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == request.count else { throw Failed() }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: response, as: UTF8.self)
    }
}
