/// One client connection: reads requests (pipelined or kept alive), answers each, and closes
/// on a refusal, a timeout, `Connection: close`, the end of the stream or shutdown.
///
/// Timeouts (``HTTPServerConfiguration``): the first byte of a request must come within the
/// idle timeout, the whole request within the request timeout from that byte (408 otherwise:
/// a client that sends a byte a second is dropped), and every write must be taken within the
/// write timeout. A refusal by the parser (400, 413, 414, 431, 501, 505) is answered with its
/// status line, `Content-Length: 0` and `Connection: close`, nothing else; the handler is
/// never called.
final class HTTPConnection: @unchecked Sendable {
    private let socket: Socket
    private let peer: String
    private let server: HTTPServer
    private var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    private var pending: ArraySlice<UInt8> = []
    private var parser: HTTPRequestParser
    /// Whether `100 Continue` was sent for the request being read.
    private var saidContinue = false

    init(socket: Socket, peer: String, server: HTTPServer) {
        self.socket = socket
        self.peer = peer
        self.server = server
        parser = HTTPRequestParser(limits: server.configuration.limits)
        parser.pausesAfterHead = true
    }

    private var configuration: HTTPServerConfiguration { server.configuration }
    private var now: UInt64 { server.clock.uptimeNanoseconds() }

    /// Nanoseconds from `start` to now (0 if an injected clock went back).
    private func elapsed(since start: UInt64) -> UInt64 {
        let current = now
        return current > start ? current - start : 0
    }

    /// Serves the connection until it ends, then hands the socket back to the server.
    func run() {
        defer { server.finished(socket) }
        while true {
            guard let (request, started, streams) = nextRequest() else { return }
            guard respond(to: request, started: started, streams: streams) else {
                linger()
                return
            }
        }
    }

    // MARK: Reading

    private enum ReadResult { case bytes, timedOut, woken, closed }

    /// Reads and parses until a request is complete, or its head when its route streams the body.
    /// - Returns: the request (its head only when `streams`) and the time of its first byte, or
    ///   nil when the connection is to end (closed, idle at shutdown, timed out or refused: the
    ///   refusal is sent here).
    private func nextRequest() -> (HTTPRequest, UInt64, streams: Bool)? {
        var started: UInt64? = pending.isEmpty ? nil : now
        let idleDeadline = now + configuration.idleTimeout.nanoseconds
        saidContinue = false
        while true {
            guard sayContinueIfAwaited() else { return nil }
            if pending.isEmpty {
                let inFlight = started != nil || !parser.isBetweenRequests
                if !inFlight && server.isDraining { return nil }
                let deadline = started.map { $0 + configuration.requestTimeout.nanoseconds } ?? idleDeadline
                switch read(until: deadline, wakeable: !inFlight) {
                case .bytes: if started == nil { started = now }
                case .timedOut:
                    if inFlight { refuse(status: 408, rule: "requestTimeout", started: started ?? now) }
                    return nil
                case .woken, .closed:
                    return nil
                }
            }
            do {
                let (progress, used) = try parser.parse(pending)
                pending = pending.dropFirst(used)
                if progress == .head, let head = parser.head {
                    let policy = server.router.bodyPolicy(method: head.method, target: head.target)
                    try parser.resumeBody(maxBodyBytes: policy.maxBodyBytes ?? configuration.limits.maxBodyBytes,
                                          streaming: policy.streams)
                    if policy.streams { return (head, started ?? now, true) }
                    if parser.bodyIsComplete, let request = parser.takeRequest() { return (request, started ?? now, false) }
                    continue
                }
                if progress == .complete, let request = parser.takeRequest() { return (request, started ?? now, false) }
            } catch {
                refuse(status: error.status, rule: error.code.rawValue, started: started ?? now)
                return nil
            }
        }
    }

    /// Sends `100 Continue` once when the request asks for it and none of its body has come.
    /// - Returns: false when the client is gone.
    private func sayContinueIfAwaited() -> Bool {
        guard pending.isEmpty && !saidContinue && parser.awaitsContinue else { return true }
        saidContinue = true
        return (try? send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))) != nil
    }

    /// The next piece of a streamed body, read from the socket only now (the handler asks).
    /// - Returns: body bytes, or nil at the body's end.
    /// - Throws: the parser's rejection, 408 past the request deadline, 400 when the client went.
    private func nextBodyPiece(deadline: UInt64) throws(HTTPBodyReader.Failure) -> [UInt8]? {
        while !parser.bodyIsComplete {
            guard sayContinueIfAwaited() else { throw HTTPBodyReader.Failure(status: 400, rule: "incompleteRequest") }
            if pending.isEmpty {
                switch read(until: deadline, wakeable: false) {
                case .bytes: break
                case .timedOut: throw HTTPBodyReader.Failure(status: 408, rule: "requestTimeout")
                case .woken, .closed: throw HTTPBodyReader.Failure(status: 400, rule: HTTPParseError.Code.incompleteRequest.rawValue)
                }
            }
            do {
                let (_, used) = try parser.parse(pending)
                pending = pending.dropFirst(used)
            } catch {
                throw HTTPBodyReader.Failure(status: error.status, rule: error.code.rawValue)
            }
            let piece = parser.takeBodyBytes()
            if !piece.isEmpty { return piece }
        }
        return nil
    }

    /// Reads what arrives before `deadline` into `pending`.
    private func read(until deadline: UInt64, wakeable: Bool) -> ReadResult {
        while true {
            if let count = socket.receive(into: &buffer) {
                guard count > 0 else { return .closed }
                pending = buffer[0..<count]
                return .bytes
            }
            let current = now
            guard current < deadline else { return .timedOut }
            switch socket.wait(forWriting: false, wake: wakeable ? server.wake.read : nil,
                               milliseconds: HTTPConnection.milliseconds(deadline - current)) {
            case .woken: return .woken
            case .ready, .timedOut: continue
            }
        }
    }

    /// Nanoseconds as a poll(2) timeout, rounded up.
    static func milliseconds(_ nanoseconds: UInt64) -> Int32 {
        Int32(min((nanoseconds + 999_999) / 1_000_000, UInt64(Int32.max)))
    }

    // MARK: Writing

    private struct WriteFailed: Error {}

    /// Writes all of `bytes`, each wait for the client at most the write timeout.
    private func send(_ bytes: [UInt8]) throws {
        var deadline = now + configuration.writeTimeout.nanoseconds
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in socket.send(UnsafeRawBufferPointer(rebasing: raw[offset...])) }
            switch sent {
            case nil:
                let current = now
                guard current < deadline else { throw WriteFailed() }
                _ = socket.wait(forWriting: true, wake: nil, milliseconds: HTTPConnection.milliseconds(deadline - current))
            case let count? where count < 0:
                throw WriteFailed()
            case let count?:
                offset += count
                deadline = now + configuration.writeTimeout.nanoseconds
            }
        }
    }

    /// Answers a refused request with its status only, logs it and closes (lingering, so the
    /// client reads the answer rather than a reset).
    private func refuse(status: Int, rule: String, started: UInt64) {
        let head = HTTPResponse(status: status).head(contentLength: 0, chunked: false, closing: true, version: .http11)
        try? send(head)
        server.log.record(HTTPAccessLog.Entry(method: nil, target: nil, status: status, bytes: 0,
                                              nanoseconds: elapsed(since: started), rejection: rule), at: server.clock.now())
        linger()
    }

    /// Stops writing, then reads and drops what the client still sends (at most 1 s, 1 MiB),
    /// so that closing does not reset the connection before the client read the response.
    private func linger() {
        socket.shutdownWrite()
        let deadline = now + 1_000_000_000
        var dropped = 0
        while dropped < 1 << 20 {
            pending = []
            guard read(until: deadline, wakeable: false) == .bytes else { return }
            dropped += pending.count
        }
    }

    // MARK: Responding

    /// Runs the handler and writes its response.
    /// - Returns: whether the connection stays open for another request.
    private func respond(to request: HTTPRequest, started: UInt64, streams: Bool) -> Bool {
        let context = HTTPRequestContext(request: request, peerAddress: peer,
                                         trustedProxies: configuration.trustedProxies)
        var unreadBody = false
        let response: HTTPResponse
        if streams {
            let deadline = started + configuration.requestTimeout.nanoseconds
            let reader = HTTPBodyReader { [self] () throws(HTTPBodyReader.Failure) in try nextBodyPiece(deadline: deadline) }
            response = server.router.respond(to: context, body: reader)
            if let failure = reader.failure {
                // Whatever the handler answered, the body was refused: its status only, then close.
                refuse(status: failure.status, rule: failure.rule, started: started)
                return false
            }
            if parser.bodyIsComplete { _ = parser.takeRequest() } else { unreadBody = true }
        } else {
            response = server.router.respond(to: context)
        }
        // Read after the handler: a shutdown that began meanwhile closes this connection.
        var closing = !request.keepsAlive || server.isDraining || unreadBody
        let headOnly = request.method == "HEAD" || response.forbidsBody
        var bodyBytes = 0
        do {
            switch response.body {
            case .bytes(let body):
                var bytes = response.head(contentLength: body.count, chunked: false, closing: closing,
                                          version: request.version)
                if !headOnly {
                    bytes.append(contentsOf: body)
                    bodyBytes = body.count
                }
                try send(bytes)
            case .stream(let produce):
                let chunked = request.version == .http11
                if !chunked { closing = true }
                try send(response.head(contentLength: nil, chunked: chunked, closing: closing, version: request.version))
                if !headOnly {
                    let writer = HTTPBodyWriter(chunked: chunked) { [self] in try send($0) }
                    defer { bodyBytes = writer.bytesWritten }
                    do {
                        try produce(writer)
                    } catch is WriteFailed {
                        throw WriteFailed()
                    } catch {
                        // The head is out: the only honest signal left is to end without the last chunk.
                        closing = true
                        throw WriteFailed()
                    }
                    try writer.finish()
                }
            }
        } catch {
            closing = true
        }
        server.log.record(HTTPAccessLog.Entry(method: request.method, target: request.target, status: response.status,
                                              bytes: bodyBytes, nanoseconds: elapsed(since: started), rejection: nil),
                          at: server.clock.now())
        return !closing
    }
}
