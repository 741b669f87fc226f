import Foundation
@testable import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client for the server tests: blocking, with a receive timeout, so a test sees
/// exactly the bytes the server wrote and when it closed.
final class TestClient: @unchecked Sendable {
    let descriptor: Int32
    private var received: [UInt8] = []

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to `host`:`port` (IPv4 or IPv6 numeric).
    init(port: Int, host: String = "127.0.0.1", receiveTimeout: Double = 5) throws {
        let six = host.contains(":")
        descriptor = socket(six ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failed(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let address = try HTTPListenAddress(six ? "[\(host)]:\(port)" : "\(host):\(port)")
        let result = address.withSockaddr { connect(descriptor, $0, $1) }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failed(description: "connect: \(code)")
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `text`; false when the connection is gone.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Sends `bytes`; false when the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Reads more into the buffer; false at end of stream, on error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        received.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Everything until the server closes (or the receive timeout passes).
    func readToEnd() -> String {
        while fill() {}
        defer { received = [] }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the server closed the connection (end of stream or reset) with nothing more sent.
    func isClosed() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    /// One response: its head (through the empty line) and its body, framed by
    /// `Content-Length` or chunked; nil if the stream ended first.
    func readResponse(headRequest: Bool = false) -> (head: String, body: String)? {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if let found = TestClient.find(end, in: received) { headEnd = found + 4; break }
            guard fill() else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: received[0..<headEnd], as: UTF8.self)
        received.removeFirst(headEnd)
        if headRequest { return (head, "") }
        let lower = head.lowercased()
        if let line = lower.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
           let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) {
            while received.count < length { guard fill() else { return nil } }
            let body = String(decoding: received[0..<length], as: UTF8.self)
            received.removeFirst(length)
            return (head, body)
        }
        if lower.contains("transfer-encoding: chunked") {
            let last = Array("0\r\n\r\n".utf8)
            while TestClient.find(last, in: received) == nil { guard fill() else { return nil } }
            let found = TestClient.find(last, in: received) ?? 0
            let body = String(decoding: received[0..<(found + last.count)], as: UTF8.self)
            received.removeFirst(found + last.count)
            return (head, body)
        }
        return (head, readToEnd())
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return start
        }
        return nil
    }
}
