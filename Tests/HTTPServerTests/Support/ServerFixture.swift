import Foundation
@testable import HTTPServer

/// A server on a free loopback port with a few routes, a handler-call counter and a captured
/// access log; `stop()` shuts it down and waits.
final class ServerFixture: @unchecked Sendable {
    let server: HTTPServer

    /// Routes: `GET /hello` (text), `POST /echo` (the body back), `GET /slow` (waits `slowFor`),
    /// `GET /stream` (two chunks), `GET /big` (256 MiB streamed), `GET /client` (who the server thinks the client is).
    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }, clock: HTTPServerClock = .system,
         slowFor: Double = 0.5, host: String = "127.0.0.1") throws {
        var configuration = HTTPServerConfiguration(listen: [try HTTPListenAddress(host.contains(":") ? "[\(host)]:0" : "\(host):0")])
        configure(&configuration)
        var router = HTTPRouter()
        let counter = CallCounter()
        router.get("/hello") { _ in counter.increment(); return .text("hello\n") }
        router.post("/echo") { context in counter.increment(); return HTTPResponse(status: 200, body: .bytes(context.request.body)) }
        router.get("/slow") { _ in
            counter.increment()
            Thread.sleep(forTimeInterval: slowFor)
            return .text("slow\n")
        }
        router.get("/stream") { _ in
            counter.increment()
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .stream { writer in
                try writer.write("ab")
                try writer.write("cd")
            })
        }
        router.get("/big") { _ in
            HTTPResponse(status: 200, body: .stream { writer in
                for _ in 0..<256 { try writer.write([UInt8](repeating: 0x61, count: 1 << 20)) }
            })
        }
        router.get("/client") { context in .text("\(context.clientAddress) \(context.scheme)\n") }
        self.counter = counter
        let sink = LineSink()
        self.sink = sink
        server = try HTTPServer(configuration: configuration, router: router, clock: clock,
                                log: HTTPAccessLog { sink.append($0) })
        server.start()
    }

    private let counter: CallCounter
    private let sink: LineSink

    /// The port the server listens on.
    var port: Int { server.boundAddresses[0].port }
    /// How many times a counting handler ran.
    var handlerCalls: Int { counter.value }
    /// The access log so far.
    var logLines: [String] { sink.lines }

    /// A client connected to the server.
    func connect(receiveTimeout: Double = 5) throws -> TestClient {
        try TestClient(port: port, host: server.boundAddresses[0].host, receiveTimeout: receiveTimeout)
    }

    /// Shuts the server down and waits until it stopped.
    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }

    /// Waits (up to 5 s) until `condition` holds.
    func eventually(_ condition: () -> Bool) -> Bool {
        let end = Date(timeIntervalSinceNow: 5)
        while Date() < end {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }
}

final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class LineSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
