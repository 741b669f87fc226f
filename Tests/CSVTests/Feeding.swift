import Foundation
import Testing
@testable import CSV

/// How a test hands the input to the reader: all at once, byte by byte, or in small chunks.
enum Feed: CaseIterable, CustomTestStringConvertible, Sendable {
    case whole, byteByByte, chunksOf2, chunksOf3, chunksOf7, chunksOf64

    var chunkSize: Int {
        switch self {
        case .whole: return 1 << 20
        case .byteByByte: return 1
        case .chunksOf2: return 2
        case .chunksOf3: return 3
        case .chunksOf7: return 7
        case .chunksOf64: return 64
        }
    }

    var testDescription: String { "\(self)" }
}

/// Everything a read produced, comparable across feeds.
struct ReadOutcome: Equatable {
    var header: [String]?
    var records: [[String]] = []
    var positions: [CSVPosition] = []
    var errors: [CSVError] = []
    var problems: [CSVError] = []
    var dialect: CSVDialect?

    var lines: [Int] { positions.map(\.line) }
    var offsets: [Int64] { positions.map(\.byteOffset) }
}

/// Reads `bytes` to the end (going on after recoverable errors) with `options` fed by `feed`.
func readAll(_ bytes: [UInt8], options: CSVReadOptions = CSVReadOptions(hasHeader: false), feed: Feed) -> ReadOutcome {
    var options = options
    options.chunkSize = feed.chunkSize
    var outcome = ReadOutcome()
    var reader: CSVReader
    do {
        reader = try CSVReader(bytes: bytes, options: options)
    } catch let error as CSVError {
        outcome.errors.append(error)
        return outcome
    } catch {
        Issue.record("unexpected error \(error)")
        return outcome
    }
    while true {
        do {
            guard let record = try reader.nextRecord() else { break }
            outcome.records.append(record.fields)
            outcome.positions.append(record.position)
        } catch let error as CSVError {
            outcome.errors.append(error)
            if !error.isRecoverable { break }
        } catch {
            Issue.record("unexpected error \(error)")
            break
        }
    }
    outcome.header = reader.header
    outcome.problems = reader.problems
    outcome.dialect = reader.dialect
    return outcome
}

/// Reads `bytes` with every feed, checks they agree, and returns the outcome of the whole feed.
func readEveryWay(_ bytes: [UInt8], options: CSVReadOptions = CSVReadOptions(hasHeader: false),
                  sourceLocation: SourceLocation = #_sourceLocation) -> ReadOutcome {
    let reference = readAll(bytes, options: options, feed: .whole)
    for feed in Feed.allCases where feed != .whole {
        let outcome = readAll(bytes, options: options, feed: feed)
        #expect(outcome == reference, "feed \(feed) differs from whole input", sourceLocation: sourceLocation)
    }
    return reference
}

/// The UTF-8 bytes of `text`.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
