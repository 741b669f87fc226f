/// The session cookie as plain text: read from a `Cookie` request header, written as a
/// `Set-Cookie` value (RFC 6265). No HTTP types: the server passes the header's text in and
/// sends the returned text out.
public enum SessionCookie {
    /// The values of every cookie called `name` in a `Cookie` header, in order (a browser may
    /// send several of one name, from different paths or domains); quotes around a value are
    /// dropped.
    public static func values(named name: String, in header: String?) -> [Substring] {
        guard let header else { return [] }
        var found: [Substring] = []
        for pair in header.split(separator: ";") {
            let trimmed = pair.trimmingSpaces
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingSpaces
            guard key == name else { continue }
            var value = trimmed[trimmed.index(after: equals)...].trimmingSpaces
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            found.append(value)
        }
        return found
    }

    /// A `Set-Cookie` value that sets the session: `NAME=ID; Path=/; Max-Age=N; HttpOnly;
    /// SameSite=Strict`, and `; Secure` behind TLS.
    public static func set(_ token: String, maxAge: Int, policy: SessionPolicy) -> String {
        "\(policy.cookieName)=\(token); Path=/; Max-Age=\(max(0, maxAge)); HttpOnly; SameSite=Strict"
            + (policy.behindTLS ? "; Secure" : "")
    }

    /// A `Set-Cookie` value that removes the session cookie (empty, `Max-Age=0`).
    public static func clear(policy: SessionPolicy) -> String {
        "\(policy.cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (policy.behindTLS ? "; Secure" : "")
    }
}

private extension Substring {
    /// Without spaces and tabs at either end.
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
