import Foundation

/// The first line of a saved plan: what it was made from, so `apply PLAN` can refuse it when
/// the directory moved on (like a stale `terraform plan -out` file).
public struct PlanHeader: Codable, Hashable, Sendable {
    /// Marks the file as a provision plan.
    public var format: String
    /// The plan file format version.
    public var version: Int
    /// The batch id the apply will journal under.
    public var batchID: String
    /// The role the plan was made as; a weaker role cannot apply it.
    public var role: OperatorRole
    /// When the plan was made.
    public var createdAt: Date
    /// The input it was made from.
    public var input: String
    /// Whether `--exact` was used.
    public var exact: Bool
    /// Each customer in the plan with its change counter at planning time.
    public var customers: [PlannedCustomer]

    /// The value of ``format``.
    public static let formatName = "provision-plan"

    /// Creates a header.
    public init(batchID: String, role: OperatorRole, createdAt: Date, input: String, exact: Bool,
                customers: [PlannedCustomer]) {
        self.format = Self.formatName
        self.version = 1
        self.batchID = batchID
        self.role = role
        self.createdAt = createdAt
        self.input = input
        self.exact = exact
        self.customers = customers
    }
}

/// A customer in a saved plan, with the directory's change counter when the plan was made.
public struct PlannedCustomer: Codable, Hashable, Sendable {
    /// The customer id.
    public var id: String
    /// Its change counter at planning time.
    public var changeCounter: Int64

    /// Creates an entry.
    public init(id: String, changeCounter: Int64) {
        self.id = id
        self.changeCounter = changeCounter
    }
}

/// One line of a saved plan after the header.
enum PlanLine: Codable {
    case user(PlannedUser)
    case totals([ProductTotals])
}

/// Writes a saved plan as JSON Lines: the header, then one planned user per line, then the
/// seat totals. Streams, so a million-user plan never sits in memory.
public final class PlanWriter {
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private var totals: [ProductTotals] = []

    /// Creates (truncates) `path` and writes the header.
    /// - Throws: when the file cannot be created.
    public init(path: String, header: PlanHeader) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw PlanFileError(path: path, line: 0, reason: "cannot create the plan file")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try writeLine(encoder.encode(header))
    }

    /// Writes one planned user.
    public func write(_ planned: PlannedUser) throws {
        try writeLine(encoder.encode(PlanLine.user(planned)))
    }

    /// Adds seat totals of one customer, written at ``close()``.
    public func addTotals(_ products: [ProductTotals]) { totals += products }

    /// Writes the totals and closes the file.
    public func close() throws {
        try writeLine(encoder.encode(PlanLine.totals(totals)))
        try handle.synchronize()
        try handle.close()
    }

    private func writeLine(_ data: Data) throws {
        try handle.write(contentsOf: data + Data([0x0A]))
    }
}

/// Reads a saved plan line by line.
public struct PlanReader {
    private let path: String
    private var lines: LineReader
    private let decoder: JSONDecoder
    private var lineNumber = 1
    private var sawTotals = false
    /// The plan's header.
    public let header: PlanHeader
    /// The seat totals, known once ``next()`` returned `nil`.
    public private(set) var totals: [ProductTotals] = []

    /// Whether the file at `path` starts like a saved plan (so `apply` can tell plans from CSV).
    public static func looksLikePlan(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 64)) ?? Data()
        return String(decoding: start, as: UTF8.self).contains("\"\(PlanHeader.formatName)\"")
            || String(decoding: start, as: UTF8.self).hasPrefix("{\"batchID\"")
    }

    /// Opens a plan and reads its header.
    /// - Throws: ``PlanFileError`` naming the file and line.
    public init(path: String) throws {
        self.path = path
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let reader = LineReader(path: path) else {
            throw PlanFileError(path: path, line: 0, reason: "cannot open the plan file")
        }
        lines = reader
        guard let first = try lines.next() else { throw PlanFileError(path: path, line: 1, reason: "the plan file is empty") }
        do {
            header = try decoder.decode(PlanHeader.self, from: first)
        } catch {
            throw PlanFileError(path: path, line: 1, reason: "not a provision plan header")
        }
        guard header.format == PlanHeader.formatName, header.version == 1 else {
            throw PlanFileError(path: path, line: 1, reason: "unsupported plan format \(header.format) version \(header.version)")
        }
    }

    /// The next planned user, or `nil` after the last.
    /// - Throws: ``PlanFileError`` for a malformed line, and at the end for a plan without its
    ///   closing totals line (a file cut off while it was written), which must not be applied
    ///   as if it were whole.
    public mutating func next() throws -> PlannedUser? {
        while let data = try lines.next() {
            lineNumber += 1
            let line: PlanLine
            do {
                line = try decoder.decode(PlanLine.self, from: data)
            } catch {
                throw PlanFileError(path: path, line: lineNumber, reason: "malformed plan line")
            }
            switch line {
            case .user(let planned):
                if sawTotals { throw PlanFileError(path: path, line: lineNumber, reason: "a planned user after the totals line") }
                return planned
            case .totals(let totals):
                self.totals = totals
                sawTotals = true
            }
        }
        guard sawTotals else {
            throw PlanFileError(path: path, line: lineNumber + 1,
                                reason: "the plan ends without its totals line: it is incomplete; make the plan again")
        }
        return nil
    }

    /// Reads the whole plan at `path` once, so that a malformed or incomplete plan is refused
    /// before anything of it is applied.
    /// - Throws: ``PlanFileError`` naming the file and line.
    public static func validate(path: String) throws {
        var reader = try PlanReader(path: path)
        while try reader.next() != nil {}
    }
}

/// A saved plan that cannot be read.
public struct PlanFileError: Error, CustomStringConvertible, Sendable {
    /// The plan file.
    public var path: String
    /// The 1-based line, 0 for the file as a whole.
    public var line: Int
    /// What is wrong.
    public var reason: String

    public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
}

/// Reads a file's lines as raw bytes, in chunks.
///
/// - Complexity: O(line length) per line; consumed bytes are dropped once per chunk.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    mutating func next() throws -> Data? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                if line.isEmpty { continue }
                return Data(line)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return Data(buffer[start...])
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
