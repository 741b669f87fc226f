import Foundation

/// Checks a rendered page is well-formed enough for the elements the portal uses: tags
/// balance (void elements aside), ids are unique, every visible input and select has a
/// label, and nothing runs or styles inline.
enum HTMLChecker {
    static let void: Set<String> = ["meta", "link", "input", "br", "wbr", "col", "hr", "img"]

    struct Tag {
        var name: String
        var closing: Bool
        var attributes: [String: String]
    }

    static func tags(_ html: String) -> [Tag] {
        var result: [Tag] = []
        let pattern = try? NSRegularExpression(pattern: "<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
        let attribute = try? NSRegularExpression(pattern: "([a-zA-Z-]+)(?:=\"([^\"]*)\")?")
        let text = html as NSString
        for match in pattern?.matches(in: html, range: NSRange(location: 0, length: text.length)) ?? [] {
            var attributes: [String: String] = [:]
            let rest = text.substring(with: match.range(at: 3))
            let restText = rest as NSString
            for found in attribute?.matches(in: rest, range: NSRange(location: 0, length: restText.length)) ?? [] {
                let name = restText.substring(with: found.range(at: 1)).lowercased()
                attributes[name] = found.range(at: 2).location == NSNotFound ? "" : restText.substring(with: found.range(at: 2))
            }
            result.append(Tag(name: text.substring(with: match.range(at: 2)).lowercased(),
                              closing: text.substring(with: match.range(at: 1)) == "/", attributes: attributes))
        }
        return result
    }

    /// The problems found; empty when the page passes.
    static func problems(_ html: String) -> [String] {
        var problems: [String] = []
        let all = tags(html)
        var stack: [String] = []
        for tag in all where !void.contains(tag.name) {
            if tag.closing {
                guard stack.last == tag.name else {
                    problems.append("</\(tag.name)> closes <\(stack.last ?? "nothing")>")
                    break
                }
                stack.removeLast()
            } else {
                stack.append(tag.name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        var ids: [String: Int] = [:]
        for tag in all where !tag.closing { if let id = tag.attributes["id"] { ids[id, default: 0] += 1 } }
        for (id, count) in ids where count > 1 { problems.append("id \(id) used \(count) times") }
        let labelled = Set(all.filter { $0.name == "label" && !$0.closing }.compactMap { $0.attributes["for"] })
        for tag in all where !tag.closing && (tag.name == "input" || tag.name == "select" || tag.name == "textarea") {
            let type = tag.attributes["type"] ?? "text"
            if type == "hidden" || type == "submit" { continue }
            guard let id = tag.attributes["id"], labelled.contains(id) else {
                problems.append("<\(tag.name) name=\(tag.attributes["name"] ?? "?")> has no label")
                continue
            }
        }
        for tag in all where !tag.closing {
            if tag.name == "script" || tag.name == "style" { problems.append("<\(tag.name)> in the page") }
            if tag.attributes["style"] != nil { problems.append("inline style on <\(tag.name)>") }
            if tag.attributes.keys.contains(where: { $0.hasPrefix("on") }) { problems.append("event handler on <\(tag.name)>") }
            if let href = tag.attributes["href"] ?? tag.attributes["src"], href.contains("//") {
                problems.append("external address \(href)")
            }
        }
        for id in labelled where ids[id] == nil { problems.append("label for missing id \(id)") }
        for tag in all where !tag.closing {
            for key in ["href", "aria-describedby", "aria-labelledby"] {
                guard var value = tag.attributes[key] else { continue }
                if key == "href" {
                    guard value.hasPrefix("#") else { continue }
                    value.removeFirst()
                }
                for id in value.split(separator: " ") where ids[String(id)] == nil {
                    problems.append("\(key) names the missing id \(id)")
                }
            }
        }
        return problems
    }

    /// The POST forms' opening tags and what follows them up to `</form>`.
    static func postForms(_ html: String) -> [String] {
        html.components(separatedBy: "<form ").dropFirst().filter { $0.hasPrefix("method=\"post\"") }
            .map { $0.components(separatedBy: "</form>").first ?? "" }
    }
}
