import Foundation

// Design note: Graph responses are decoded with `JSONDecoder` into small `Decodable` shapes, so
// a missing or mistyped value comes back with its coding path, which becomes the JSON path of
// the message (`value[3].userPrincipalName: missing`). A syntax error carries only a character
// offset; it is turned into a line and column here.
//
// A collection that does not fit one response comes in pages (https://learn.microsoft.com/graph/paging):
// every page but the last has `@odata.nextLink`. Pages are given as several files in order, or
// as one file holding a JSON array of page objects (what a script that collects
// `Invoke-MgGraphRequest` results writes), or both. The chain is checked: a page with a next
// link must be followed by another, the last page has none, and no link appears twice.

/// One item of a Graph collection with where it came from.
public struct GraphItem<Item: Sendable>: Sendable {
    /// The decoded item.
    public var item: Item
    /// The file it is in.
    public var file: String
    /// Its JSON path in the file: `value[3]`, or `[1].value[3]` in an array of pages.
    public var path: String
}

/// Reads the pages of a Graph collection response (`{"@odata.context": …, "value": [...],
/// "@odata.nextLink": …}`) from files, checking that they form one chain.
public enum GraphPages {
    /// The items of every page, in order.
    /// - Parameters:
    ///   - files: the pages, in order; each a page object or a JSON array of page objects.
    ///   - resource: the collection's name in `@odata.context` and in next links (`users`,
    ///     `subscribedSkus`); a page of another collection is refused.
    ///   - missingHint: added to the message of a missing property (how to ask Graph for it).
    /// - Throws: ``GraphImportError`` naming the file and the JSON path.
    public static func read<Item: Decodable & Sendable>(_ files: [GraphFile], resource: String,
                                                         missingHint: String = "") throws -> [GraphItem<Item>] {
        guard !files.isEmpty else { throw GraphImportError(file: "", path: "", message: "no file given") }
        var pages: [(file: String, prefix: String, page: Page<Item>)] = []
        for file in files {
            // The collection first: a response of another one is named as such, not by its
            // first missing property.
            for (prefix, envelope) in try decodePages(file, as: Envelope.self, missingHint: missingHint) {
                try checkContext(envelope.context, file: file.name, path: prefix + "@odata.context", resource: resource)
            }
            for (prefix, page) in try decodePages(file, as: Page<Item>.self, missingHint: missingHint) {
                pages.append((file.name, prefix, page))
            }
        }
        try checkChain(pages.map { ($0.file, $0.prefix, $0.page.nextLink) }, resource: resource)
        var items: [GraphItem<Item>] = []
        for (file, prefix, page) in pages {
            for (index, item) in page.value.enumerated() {
                items.append(GraphItem(item: item, file: file, path: "\(prefix)value[\(index)]"))
            }
        }
        return items
    }

    /// One page of a collection.
    struct Page<Item: Decodable>: Decodable {
        var context: String?
        var nextLink: String?
        var value: [Item]

        enum CodingKeys: String, CodingKey {
            case context = "@odata.context"
            case nextLink = "@odata.nextLink"
            case value
        }
    }

    /// A page's `@odata` properties only.
    struct Envelope: Decodable {
        var context: String?

        enum CodingKeys: String, CodingKey {
            case context = "@odata.context"
        }
    }

    /// What Graph returns instead of a page when a request fails.
    private struct ErrorResponse: Decodable {
        struct Body: Decodable {
            var code: String?
            var message: String?
        }
        var error: Body?
    }

    /// The pages of one file with the path prefix of each (`""`, or `[i].`).
    private static func decodePages<Shape: Decodable>(_ file: GraphFile, as: Shape.Type,
                                                      missingHint: String) throws -> [(String, Shape)] {
        let decoder = JSONDecoder()
        let isArray = firstSignificantByte(file.data) == UInt8(ascii: "[")
        do {
            if isArray {
                let pages = try decoder.decode([Shape].self, from: file.data)
                guard !pages.isEmpty else {
                    throw GraphImportError(file: file.name, path: "", message: "an empty array: no page in it")
                }
                return pages.enumerated().map { ("[\($0.offset)].", $0.element) }
            }
            if let failure = try? decoder.decode(ErrorResponse.self, from: file.data), let body = failure.error {
                throw GraphImportError(file: file.name, path: "error",
                                       message: "the file is a Graph error response, not a page (\(body.code ?? "no code"): "
                                           + "\(body.message ?? "no message"))")
            }
            return [("", try decoder.decode(Shape.self, from: file.data))]
        } catch let error as DecodingError {
            throw importError(error, file: file, missingHint: missingHint)
        }
    }

    /// Refuses a page whose `@odata.context` names another collection.
    private static func checkContext(_ context: String?, file: String, path: String, resource: String) throws {
        guard let context, let hash = context.firstIndex(of: "#") else { return }
        let name = context[context.index(after: hash)...].prefix { $0 != "(" && $0 != "/" && $0 != "?" }
        guard !name.isEmpty, name.lowercased() != resource.lowercased() else { return }
        throw GraphImportError(file: file, path: path,
                               message: "this is a response of /\(name), not of /\(resource)")
    }

    /// Checks that the pages form one chain: each page but the last has a next link, the last
    /// has none, no link is given twice, and each link is one of the same collection.
    private static func checkChain(_ pages: [(file: String, prefix: String, next: String?)], resource: String) throws {
        var seen: [String: String] = [:]
        for (index, page) in pages.enumerated() {
            let path = page.prefix + "@odata.nextLink"
            let isLast = index == pages.count - 1
            if let next = page.next {
                if let earlier = seen[next] {
                    throw GraphImportError(file: page.file, path: path,
                                           message: "the same next link as \(earlier): is a page given twice?")
                }
                seen[next] = page.file + (page.prefix.isEmpty ? "" : " " + String(page.prefix.dropLast()))
                if let url = URLComponents(string: next), let last = url.path.split(separator: "/").last,
                   last.lowercased() != resource.lowercased() {
                    throw GraphImportError(file: page.file, path: path,
                                           message: "links to a page of /\(last), not of /\(resource)")
                }
                if isLast {
                    throw GraphImportError(file: page.file, path: path,
                                           message: "this page links to a next page, but no later page was given; "
                                               + "pass every page, in order")
                }
            } else if !isLast {
                let following = pages[index + 1]
                let at = following.prefix.isEmpty ? following.file : "\(following.file) \(following.prefix.dropLast())"
                throw GraphImportError(file: page.file, path: page.prefix.isEmpty ? "" : String(page.prefix.dropLast()),
                                       message: "this is a last page (no @odata.nextLink), but \(at) follows it; "
                                           + "pass the pages in order, each once")
            }
        }
    }

    /// The first byte that is not white space or a byte-order mark.
    private static func firstSignificantByte(_ data: Data) -> UInt8? {
        var bom = 0
        for byte in data {
            if bom < 3, byte == [0xEF, 0xBB, 0xBF][bom] { bom += 1; continue }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            return byte
        }
        return nil
    }

    /// A decoding error as the file, JSON path and problem.
    static func importError(_ error: DecodingError, file: GraphFile, missingHint: String) -> GraphImportError {
        let hint = missingHint.isEmpty ? "" : " (\(missingHint))"
        switch error {
        case .keyNotFound(let key, let context):
            return GraphImportError(file: file.name, path: render(context.codingPath + [key]), message: "missing" + hint)
        case .valueNotFound(_, let context):
            return GraphImportError(file: file.name, path: render(context.codingPath), message: "missing (null)")
        case .typeMismatch(let type, let context):
            return GraphImportError(file: file.name, path: render(context.codingPath),
                                    message: "expected \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return syntaxError(context, file: file)
            }
            return GraphImportError(file: file.name, path: render(context.codingPath), message: context.debugDescription)
        @unknown default:
            return GraphImportError(file: file.name, path: "", message: "\(error)")
        }
    }

    /// A JSON syntax error with the line and column of the offset the parser names.
    private static func syntaxError(_ context: DecodingError.Context, file: GraphFile) -> GraphImportError {
        // JSONDecoder on Linux gives no position; JSONSerialization names the character.
        var detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        if detail == nil {
            do { _ = try JSONSerialization.jsonObject(with: file.data, options: [.fragmentsAllowed]) } catch {
                detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            }
        }
        let reasonText = detail ?? context.debugDescription
        var position = ""
        if let range = reasonText.range(of: "character ") {
            let digits = reasonText[range.upperBound...].prefix { $0.isNumber }
            if let offset = Int(digits) {
                let (line, column) = lineAndColumn(of: offset, in: file.data)
                position = "\(line):\(column)"
            }
        }
        let reason = reasonText.components(separatedBy: " around ").first ?? reasonText
        let text = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
        return GraphImportError(file: file.name, path: position, message: "not valid JSON (\(text))")
    }

    /// The 1-based line and column (in bytes) of a byte offset.
    static func lineAndColumn(of offset: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for (index, byte) in data.enumerated() {
            if index >= offset { break }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// `value[3].assignedLicenses[0].skuId`.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Int.self || type == Int32.self || type == Int64.self { return "a whole number" }
        if type == Bool.self { return "true or false" }
        if type == Double.self { return "a number" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "an object"
    }
}
