#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An address to listen on: a numeric IPv4 or IPv6 address and a port.
///
/// Written `127.0.0.1:8080` or `[::1]:8080`; port 0 lets the system choose a free one. Host
/// names are refused: what a name resolves to can change, and whether the server is reachable
/// from other machines must be plain from the address itself.
public struct HTTPListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Why an address was refused (the surface names its own option).
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// No `:PORT` after the host.
        case missingPort
        /// The port is not a number from 0 to 65535.
        case invalidPort
        /// The host is not a numeric IPv4 address or a bracketed IPv6 address.
        case invalidHost

        /// What is wrong, in a few words.
        public var description: String {
            switch self {
            case .missingPort: return "expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
            case .invalidPort: return "the port must be a number from 0 to 65535"
            case .invalidHost: return "the host must be a numeric IPv4 address or an IPv6 address in brackets, e.g. 127.0.0.1 or [::1]"
            }
        }
    }

    /// The numeric host, without brackets (`127.0.0.1`, `::1`), in its canonical spelling.
    public let host: String
    /// The port (0: any free port).
    public let port: Int
    /// Whether the host is an IPv6 address.
    public let isIPv6: Bool

    /// Parses `HOST:PORT`.
    /// - Throws: ``Problem``.
    public init(_ text: String) throws(Problem) {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidHost }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { throw .missingPort }
            portPart = after.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .missingPort }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw .invalidHost } // IPv6 needs brackets
        }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber),
              let port = Int(portPart), port <= 65_535 else { throw .invalidPort }
        guard let (canonical, isIPv6) = HTTPListenAddress.canonical(String(hostPart)) else { throw .invalidHost }
        self.host = canonical
        self.port = port
        self.isIPv6 = isIPv6
    }

    /// The same host with another port (the one the system chose).
    public func withPort(_ port: Int) -> HTTPListenAddress {
        HTTPListenAddress(host: host, port: port, isIPv6: isIPv6)
    }

    private init(host: String, port: Int, isIPv6: Bool) {
        self.host = host
        self.port = port
        self.isIPv6 = isIPv6
    }

    /// Whether only this machine can connect: 127.0.0.0/8 or `::1`.
    public var isLoopback: Bool {
        isIPv6 ? host == "::1" : host.hasPrefix("127.")
    }

    /// `127.0.0.1:8080`, `[::1]:8080`.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The canonical spelling of a numeric address and whether it is IPv6, or nil.
    public static func canonical(_ host: String) -> (String, Bool)? {
        var four = in_addr()
        if inet_pton(AF_INET, host, &four) == 1 {
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN) + 1)
            inet_ntop(AF_INET, &four, &text, socklen_t(text.count))
            return (Socket.string(text), false)
        }
        var six = in6_addr()
        if inet_pton(AF_INET6, host, &six) == 1 {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            inet_ntop(AF_INET6, &six, &text, socklen_t(text.count))
            return (Socket.string(text), true)
        }
        return nil
    }

    /// Calls `body` with the address as a `sockaddr`.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
