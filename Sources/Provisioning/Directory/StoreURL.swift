/// A store given as a URL (`postgresql://user:secret@host:5432/db?sslmode=require`), kept as
/// given for the backend (libpq reads the URI itself, with its environment variables for what
/// the URL leaves out) and shown only with its password masked.
///
/// ``description`` is the masked form, so that interpolating a `StoreURL` into a message can
/// never print the password; ``text`` is for the backend's connection call only.
public struct StoreURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as given, password included: pass it to the driver, never to a message.
    public let text: String
    /// The scheme, lower-cased (`postgresql`, `postgres`).
    public let scheme: String

    /// Parses `text` when it is a URL: a scheme of letters, digits, `+`, `-` or `.` starting
    /// with a letter, at least two characters long (so `C:\x` stays a path), then `://`.
    /// - Returns: `nil` for anything else (a path, including `./postgresql:foo`).
    public init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard scheme.count >= 2, let first = scheme.unicodeScalars.first, Self.isLetter(first),
              scheme.unicodeScalars.allSatisfy({ Self.isLetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        self.text = text
        self.scheme = scheme.lowercased()
    }

    /// The URL with the password of its `user:password@` part, and the value of any
    /// `password=` query parameter, replaced by `***`.
    public var redacted: String { Self.redacting(text) }

    public var description: String { redacted }

    /// `text` with the password of a `scheme://user:password@` part and of `password=` query
    /// parameters replaced by `***`; text that is no URL comes back as it is.
    public static func redacting(_ text: String) -> String {
        guard let separator = text.range(of: "://") else { return text }
        var result = String(text[..<separator.upperBound])
        let rest = text[separator.upperBound...]
        // The user info ends at the last '@' before any '?' or '#' (a password may hold an
        // unencoded '/', so the authority's end is not looked for first).
        let queryStart = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
        var afterUserInfo = rest.startIndex
        if let at = rest[..<queryStart].lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon] + ":***"
            } else {
                result += userInfo
            }
            afterUserInfo = at
        }
        var tail = String(rest[afterUserInfo...])
        if let question = tail.firstIndex(of: "?") {
            let query = tail[tail.index(after: question)...]
            let fragment = query.firstIndex(of: "#").map { String(query[$0...]) } ?? ""
            let parameters = query.prefix { $0 != "#" }.split(separator: "&", omittingEmptySubsequences: false).map { pair in
                let name = pair.prefix { $0 != "=" }
                return name.lowercased() == "password" && pair.contains("=") ? name + "=***" : String(pair)
            }
            tail = String(tail[...question]) + parameters.joined(separator: "&") + fragment
        }
        return result + tail
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
