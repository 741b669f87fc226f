import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 client over a real socket that keeps cookies as a browser does (by name,
/// `Max-Age=0` removes), one connection per request.
final class Browser: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func all(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }

        /// The value of the first `csrf-token` hidden field.
        func csrfToken() throws -> String {
            guard let range = body.range(of: #"name="csrf-token" value="[^"]*""#, options: .regularExpression) else {
                throw Failed(description: "no csrf-token field in \(body.prefix(300))")
            }
            return String(body[range].dropFirst(#"name="csrf-token" value=""#.count).dropLast())
        }
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    let port: Int
    var cookies: [String: String] = [:]

    init(port: Int) { self.port = port }

    /// The `Cookie` header this browser sends.
    var cookieHeader: String? {
        cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    func get(_ target: String, headers: [(String, String)] = []) throws -> Response {
        try send("GET", target, headers: headers, body: [])
    }

    /// POSTs `fields` as `application/x-www-form-urlencoded`.
    func post(_ target: String, _ fields: KeyValuePairs<String, String>) throws -> Response {
        try post(target, pairs: fields.map { ($0.key, $0.value) })
    }

    func post(_ target: String, pairs: [(String, String)]) throws -> Response {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = pairs.map { pair in
            [pair.0, pair.1].map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "=")
        }.joined(separator: "&")
        return try send("POST", target, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    }

    /// POSTs a multipart form with text `fields` and one file.
    func upload(_ target: String, fields: [(String, String)], fileField: String, fileName: String, file: [UInt8]) throws -> Response {
        let boundary = "----provision-test-boundary-7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\n"
                       + "Content-Type: text/csv\r\n\r\n").utf8)
        body += file
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try send("POST", target, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }

    func send(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let cookieHeader { head += "Cookie: \(cookieHeader)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        let raw = try Self.exchange(Array((head + "\r\n").utf8) + body, port: port)
        guard let end = raw.range(of: "\r\n\r\n") else { throw Failed(description: "no response head: \(raw)") }
        let lines = raw[..<end.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let fields = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        for value in fields.filter({ $0.0.lowercased() == "set-cookie" }).map(\.1) {
            let pair = value.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), content = String(pair[pair.index(after: equals)...])
            if value.contains("Max-Age=0") || content.isEmpty { cookies[name] = nil } else { cookies[name] = content }
        }
        return Response(status: status, headers: fields, body: String(raw[end.upperBound...]))
    }

    /// Sends `request` on a fresh connection and reads until the server closes.
    static func exchange(_ request: [UInt8], port: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failed(description: "socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failed(description: "connect") }
        var offset = 0
        while offset < request.count {
            let sent = request.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failed(description: "send") }
            offset += sent
        }
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
