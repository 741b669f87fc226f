// Design note: every POSIX socket call of the server goes through this file (one gateway per C
// library, as apple/swift-system does). Connection sockets are non-blocking: each read and
// write first waits in poll(2) with the time left before its deadline, together with the
// server's wake pipe, so a timeout or a shutdown never leaves a thread blocked in recv/send.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A socket error: the call that failed and its errno, rendered with strerror.
public struct SocketError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The system call, e.g. `bind`.
    public var call: String
    /// `errno` after it.
    public var code: Int32
    /// `bind 127.0.0.1:80: Permission denied`.
    public var description: String {
        "\(call): \(String(cString: strerror(code)))"
    }
}

/// What waiting on a socket came to.
enum SocketWait: Equatable {
    /// The socket is ready.
    case ready
    /// The deadline passed.
    case timedOut
    /// The server's wake pipe became readable (shutdown).
    case woken
}

/// One file descriptor and the few calls the server makes on it.
struct Socket: Sendable {
    let descriptor: Int32

    // MARK: Listening

    /// A listening TCP socket bound to `address` (IPv6 sockets are IPv6 only).
    static func listen(_ address: HTTPListenAddress, backlog: Int32 = 128) throws(SocketError) -> Socket {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let descriptor = socket(family, type, 0)
        guard descriptor >= 0 else { throw SocketError(call: "socket", code: errno) }
        let listener = Socket(descriptor: descriptor)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if address.isIPv6 {
            setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = address.withSockaddr { pointer, length in bind(descriptor, pointer, length) }
        if bound != 0 {
            let code = errno
            listener.close()
            throw SocketError(call: "bind \(address)", code: code)
        }
        if Glibc.listen(descriptor, backlog) != 0 {
            let code = errno
            listener.close()
            throw SocketError(call: "listen \(address)", code: code)
        }
        return listener
    }

    /// The port the socket is bound to (the kernel's choice when 0 was asked).
    func boundPort() -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let found = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard found == 0 else { return 0 }
        return Socket.address(of: storage).port
    }

    /// What ``accept()`` found.
    enum Accepted {
        /// A connection (non-blocking) and the peer's numeric address.
        case connection(Socket, String)
        /// None is waiting.
        case none
        /// The call failed (e.g. out of descriptors): the caller waits a moment.
        case failed
    }

    /// Accepts one connection without waiting (the listener is non-blocking).
    func accept() -> Accepted {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let accepted = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(descriptor, $0, &length) }
        }
        guard accepted >= 0 else {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED ? .none : .failed
        }
        Socket.setFlags(accepted)
        var one: Int32 = 1
        setsockopt(accepted, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .connection(Socket(descriptor: accepted), Socket.address(of: storage).host)
    }

    /// The host (numeric) and port of a socket address.
    static func address(of storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> (String, Int) in
                if Int32(raw.pointee.sa_family) == AF_INET6 {
                    return raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { six in
                        var address = six.pointee.sin6_addr
                        inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                        return (Socket.string(text), Int(UInt16(bigEndian: six.pointee.sin6_port)))
                    }
                }
                return raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { four in
                    var address = four.pointee.sin_addr
                    inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
                    return (Socket.string(text), Int(UInt16(bigEndian: four.pointee.sin_port)))
                }
            }
        }
    }

    // MARK: Waiting, reading, writing

    /// Waits until one of `sockets` is readable or `wake` is, or `milliseconds` pass.
    /// - Returns: the indexes of the readable sockets, and whether `wake` is readable.
    static func waitReadable(_ sockets: [Socket], wake: Int32, milliseconds: Int32) -> (ready: [Int], woken: Bool) {
        var fds = sockets.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
        let result = poll(&fds, nfds_t(fds.count), milliseconds)
        guard result > 0 else { return ([], false) }
        let ready = fds.indices.dropLast().filter { fds[$0].revents != 0 }
        return (Array(ready), fds[fds.count - 1].revents != 0)
    }

    /// Waits until the socket is readable (or writable), the wake descriptor is readable, or
    /// `milliseconds` pass (negative: forever).
    func wait(forWriting: Bool, wake: Int32?, milliseconds: Int32) -> SocketWait {
        var fds = [pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)]
        if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        while true {
            let result = poll(&fds, nfds_t(fds.count), milliseconds)
            if result < 0 && errno == EINTR { continue }
            if result == 0 { return .timedOut }
            if result < 0 { return .ready } // let the next call report the error
            if fds.count > 1 && fds[1].revents != 0 && fds[0].revents == 0 { return .woken }
            return .ready
        }
    }

    /// Reads what is there into `buffer`.
    /// - Returns: the count (0 at end of stream), or nil when nothing is there yet; -1 on error.
    func receive(into buffer: inout [UInt8]) -> Int? {
        let count = buffer.withUnsafeMutableBytes { raw in recv(descriptor, raw.baseAddress, raw.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
            return -1
        }
        return count
    }

    /// Writes what it can of `bytes` without waiting.
    /// - Returns: the count written, nil when the socket is full, -1 on error (peer gone).
    func send(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let count = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
            return -1
        }
        return count
    }

    /// Stops sending (the peer reads end of stream) but keeps reading.
    func shutdownWrite() { _ = Glibc.shutdown(descriptor, Int32(SHUT_WR)) }

    /// Stops both ways: a thread waiting on the socket wakes and its next call fails.
    func shutdownBoth() { _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }

    /// Closes the descriptor.
    func close() { _ = Glibc.close(descriptor) }

    // MARK: The wake pipe

    /// A pipe whose read end becomes readable, for every poller at once, when a byte is written
    /// to the write end (it is never read: it stays readable).
    static func wakePipe() throws(SocketError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SocketError(call: "pipe", code: errno) }
        Socket.setFlags(ends[0])
        Socket.setFlags(ends[1])
        return (ends[0], ends[1])
    }

    /// Makes `descriptor` non-blocking and close-on-exec (accept4 and pipe2 are not in Glibc's
    /// Swift overlay).
    static func setFlags(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    /// The text of a NUL-terminated buffer.
    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes the byte that wakes every poller of the pipe.
    static func wake(_ writeEnd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }
}
