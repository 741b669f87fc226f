// Design note: one thread accepts, one thread per connection serves it (2 cores; the
// connection cap bounds the threads). Nothing spins: every wait is poll(2) with a deadline,
// on the socket and on a wake pipe that shutdown makes readable for every waiter at once.
// Shutdown: stop accepting (listeners closed), close idle kept-alive connections, let
// requests in flight finish (their responses say `Connection: close`), and after the grace
// period cut what is left with shutdown(2), which wakes the threads waiting on those sockets.
import Foundation

/// A bounded HTTP/1.1 server over POSIX sockets (docs/http.md, The server).
///
/// ```swift
/// var router = HTTPRouter()
/// router.get("/health") { _ in .text("ok\n") }
/// let server = try HTTPServer(configuration: HTTPServerConfiguration(listen: [address]), router: router)
/// // server.boundAddresses: the ports the system chose for port 0
/// server.run()          // until shutdown() is called, e.g. from a SIGTERM handler
/// ```
public final class HTTPServer: @unchecked Sendable {
    /// What it was configured with.
    public let configuration: HTTPServerConfiguration
    /// The addresses listened on, with the ports actually bound.
    public let boundAddresses: [HTTPListenAddress]
    let router: HTTPRouter
    let clock: HTTPServerClock
    let log: HTTPAccessLog
    let wake: (read: Int32, write: Int32)

    private let listeners: [Socket]
    /// Guards the fields below; signalled when a connection ends or the server stops.
    private let condition = NSCondition()
    private var connections: [Int32: Socket] = [:]
    private var draining = false
    private var stopped = false

    /// Binds every address of `configuration` (so a port in use is an error here, before
    /// anything is served).
    /// - Throws: ``SocketError`` naming the call and the address.
    public init(configuration: HTTPServerConfiguration, router: HTTPRouter, clock: HTTPServerClock = .system,
                log: HTTPAccessLog = .none) throws(SocketError) {
        self.configuration = configuration
        self.router = router
        self.clock = clock
        self.log = log
        var listeners: [Socket] = []
        var bound: [HTTPListenAddress] = []
        do {
            for address in configuration.listen {
                let listener = try Socket.listen(address)
                listeners.append(listener)
                bound.append(address.withPort(listener.boundPort()))
            }
            wake = try Socket.wakePipe()
        } catch {
            for listener in listeners { listener.close() }
            throw error
        }
        self.listeners = listeners
        self.boundAddresses = bound
    }

    /// Whether shutdown has begun.
    public var isDraining: Bool {
        condition.lock()
        defer { condition.unlock() }
        return draining
    }

    /// How many connections are open.
    public var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return connections.count
    }

    /// Serves until ``shutdown()``, then lets requests in flight finish (at most
    /// ``HTTPServerConfiguration/shutdownGrace``), cuts the rest and returns.
    public func run() {
        acceptLoop()
        for listener in listeners { listener.close() }
        drain()
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs ``run()`` on a thread of its own and returns at once.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "http-accept"
        thread.start()
    }

    /// Begins shutdown: no new connection is accepted. Safe to call from any thread, more than once.
    public func shutdown() {
        condition.lock()
        let first = !draining
        draining = true
        condition.unlock()
        if first { Socket.wake(wake.write) }
    }

    /// Waits until ``run()`` has returned.
    public func waitUntilStopped() {
        condition.lock()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    // MARK: Accepting

    private func acceptLoop() {
        while true {
            let (ready, woken) = Socket.waitReadable(listeners, wake: wake.read, milliseconds: -1)
            if woken || isDraining { return }
            for index in ready {
                accepting: while true {
                    switch listeners[index].accept() {
                    case .none: break accepting
                    case .failed:
                        // Out of descriptors or memory: wait a moment rather than spin on a ready listener.
                        _ = Socket.waitReadable([], wake: wake.read, milliseconds: 100)
                        break accepting
                    case .connection(let socket, let peer):
                        admit(socket, peer: peer)
                    }
                }
            }
        }
    }

    /// Serves `socket` on a thread of its own, or answers 503 past the connection cap.
    private func admit(_ socket: Socket, peer: String) {
        condition.lock()
        let full = connections.count >= configuration.maxConnections
        if !full { connections[socket.descriptor] = socket }
        condition.unlock()
        if full {
            let refusal = HTTPResponse(status: 503, headers: [("Retry-After", "1")])
                .head(contentLength: 0, chunked: false, closing: true, version: .http11)
            _ = refusal.withUnsafeBytes { socket.send($0) }
            socket.close()
            log.record(HTTPAccessLog.Entry(method: nil, target: nil, status: 503, bytes: 0, nanoseconds: 0,
                                           rejection: "connectionLimit"), at: clock.now())
            return
        }
        let connection = HTTPConnection(socket: socket, peer: peer, server: self)
        let thread = Thread { connection.run() }
        thread.name = "http-connection"
        thread.start()
    }

    /// Forgets a connection that ended and closes its socket.
    func finished(_ socket: Socket) {
        condition.lock()
        connections[socket.descriptor] = nil
        socket.close()
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Draining

    /// Waits for the connections to end, at most the grace period, then cuts the rest.
    private func drain() {
        let grace = Date(timeIntervalSinceNow: Double(configuration.shutdownGrace.nanoseconds) / 1e9)
        condition.lock()
        while !connections.isEmpty && condition.wait(until: grace) {}
        for socket in connections.values { socket.shutdownBoth() }
        // The threads see their sockets fail at once; a handler still busy finishes on its own.
        let cut = Date(timeIntervalSinceNow: 1)
        while !connections.isEmpty && condition.wait(until: cut) {}
        let clean = connections.isEmpty
        condition.unlock()
        if clean {
            close(wake.read)
            close(wake.write)
        }
    }
}
