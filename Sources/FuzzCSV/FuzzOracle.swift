import CSV
import Foundation
import Provisioning

// Design note: the oracle states what must hold for any input, so that the fuzzer finds
// inputs where it does not; a broken promise stops the process (precondition), which
// libFuzzer (or the replay driver's signal handler) records as a crash with the input.
// Promises checked (docs/csv.md, docs/csv-format.md):
// - the reader and intake either read or throw a CSVError / IntakeError, nothing else;
// - every CSVError is positioned: line >= 1, a byte offset inside the input, column >= 1;
//   a fatal error is thrown again by every later call; a recoverable one lets reading go on;
// - records come in order (record index and byte offset increase, lines never go back) and
//   respect the limits; reading ends after at most one call per input byte (no hang);
// - what the exact writer writes reads back as the same records;
// - every request names its line, and every row problem its field and line; the planner
//   turns each request into an outcome without crashing: failed ones with an error,
//   planned ones with steps.

/// The checks run on each fuzz input.
enum FuzzOracle {
    /// Runs every check on one input.
    static func check(_ data: [UInt8]) {
        guard let first = data.first else { return }
        let settings = FuzzSettings(first)
        let body = Array(data.dropFirst())
        checkReader(body, settings.options)
        checkIntake(body, settings.options)
        if settings.readsMap { checkColumnMap(body) }
    }

    // MARK: CSV reader

    static func checkReader(_ body: [UInt8], _ options: CSVReadOptions) {
        var reader: CSVReader
        do {
            reader = try CSVReader(bytes: body, options: options)
        } catch {
            checkThrown(error, body)
            return
        }
        var records: [[String]] = [], kept = 0, clean = true
        var previous: CSVPosition?
        var calls = 0
        while true {
            calls += 1
            precondition(calls <= body.count + 3, "the reader does not advance")
            do {
                guard let record = try reader.nextRecord() else { break }
                if let previous {
                    precondition(record.position.recordIndex > previous.recordIndex, "record index went back")
                    precondition(record.position.byteOffset > previous.byteOffset, "byte offset went back")
                    precondition(record.position.line >= previous.line, "line went back")
                }
                precondition(record.position.line >= 1 && record.position.byteOffset >= 0, "bad record position")
                precondition(record.position.byteOffset < Int64(body.count), "record starts past the input")
                // A header of delimiters only has no names once its trailing empty ones are dropped;
                // later records are then cut to its width, none (docs/csv.md, Header).
                precondition(!record.fields.isEmpty || reader.header?.isEmpty == true, "a record without fields")
                precondition(record.fields.count <= options.maxFields, "field count beyond the limit")
                var size = 0
                for field in record.fields {
                    precondition(field.utf8.count <= options.maxFieldBytes, "field beyond the limit")
                    size += field.utf8.count
                }
                precondition(size <= options.maxRecordBytes, "record beyond the limit")
                previous = record.position
                kept += size
                if kept < 1 << 20 { records.append(record.fields) } else { clean = false }
            } catch let error as CSVError {
                checkError(error, body)
                clean = false
                if error.isRecoverable { continue }
                do {
                    _ = try reader.nextRecord()
                    preconditionFailure("the reader went on after a fatal error")
                } catch let again as CSVError {
                    precondition(again.code == error.code, "a fatal error was not thrown again")
                } catch {
                    preconditionFailure("unexpected error type \(type(of: error))")
                }
                break
            } catch {
                preconditionFailure("unexpected error type \(type(of: error))")
            }
        }
        for problem in reader.problems { checkError(problem, body) }
        // NUL bytes are left out: written at the start of a file they look like UTF-16 without
        // a byte-order mark, which the reader refuses on purpose (docs/csv.md, Encodings 5).
        if clean, options.encoding == nil, !options.hasHeader, reader.problems.isEmpty,
           !records.contains(where: { $0.contains { $0.utf8.contains(0) } }) {
            checkRoundTrip(records, delimiter: reader.dialect.delimiter)
        }
    }

    /// What the exact writer writes reads back as the same records.
    static func checkRoundTrip(_ records: [[String]], delimiter: UInt8) {
        var writer = CSVWriter(options: CSVWriteOptions(delimiter: delimiter, lineEnding: .lf, includeBOM: false,
                                                        formulaGuard: false))
        for record in records { writer.writeRow(record) }
        let written = writer.takeBytes()
        do {
            var reader = try CSVReader(bytes: written, options: CSVReadOptions(delimiter: delimiter, fileName: "again",
                                                                               hasHeader: false))
            var again: [[String]] = []
            while let record = try reader.nextRecord() { again.append(record.fields) }
            if again != records {
                let index = zip(again, records).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(again.count, records.count)
                let read = index < records.count ? "\(records[index])" : "nothing"
                let back = index < again.count ? "\(again[index])" : "nothing"
                preconditionFailure("written records read back differently at record \(index): \(read) became \(back)")
            }
        } catch {
            preconditionFailure("written records do not read back: \(error)")
        }
    }

    /// A CSV error is positioned inside the input.
    static func checkError(_ error: CSVError, _ body: [UInt8]) {
        precondition(error.position.line >= 1, "error without a line")
        precondition(error.position.byteOffset >= 0 && error.position.byteOffset <= Int64(body.count),
                     "error offset outside the input")
        precondition(error.position.recordIndex >= 0, "negative record index")
        if let column = error.column { precondition(column >= 1, "column below 1") }
        precondition(error.description.hasPrefix("fuzz.csv:") || error.description.hasPrefix("again:"),
                     "error text does not start with the file and line")
    }

    static func checkThrown(_ error: Error, _ body: [UInt8]) {
        switch error {
        case let error as CSVError:
            checkError(error, body)
        case let error as IntakeError:
            switch error {
            case .unrecognizedHeader(_, let line, _), .missingColumn(_, let line, _, _),
                 .duplicateColumn(_, let line, _, _), .invalidColumnMap(_, let line, _):
                precondition(line >= 1, "intake error without a line")
            case .controlCharacterInHeader(_, let line, let column, _):
                precondition(line >= 1 && column >= 1, "intake error without a line and column")
            case .emptyInput, .customerRequired, .invalidLocation:
                break
            }
            precondition(!error.description.isEmpty, "empty intake error")
        default:
            preconditionFailure("unexpected error type \(type(of: error)): \(error)")
        }
    }

    // MARK: Intake and planning

    static let customer = Customer(id: "contoso", name: "Contoso", domains: ["contoso.com"], defaultUsageLocation: "TW")
    static let products = [
        Product(partNumber: "SPE_E3", guid: "05e9a617-0261-4cee-bb44-138d3ef5d965", displayName: "Microsoft 365 E3",
                servicePlans: [ServicePlan(name: "TEAMS1", id: "57ff2da0-773e-42df-b2af-ffb7a2317929", friendlyName: "Teams"),
                               ServicePlan(name: "EXCHANGE_S_ENTERPRISE", id: "efb87545-963c-4e0d-99df-69c6916d9eb0",
                                           friendlyName: "Exchange Online (Plan 2)")]),
        Product(partNumber: "EXCHANGESTANDARD", guid: "4b9405b0-7788-4568-add1-99614e613b69",
                displayName: "Exchange Online (Plan 1)",
                servicePlans: [ServicePlan(name: "EXCHANGE_S_STANDARD", id: "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
                                           friendlyName: "Exchange Online (Plan 1)")]),
        Product(partNumber: "MCOMEETADV", guid: "0c266dff-15dd-4b49-8397-2bb16070ed52",
                displayName: "Microsoft 365 Audio Conferencing",
                servicePlans: [ServicePlan(name: "MCOMEETADV", id: "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40",
                                           friendlyName: "Audio Conferencing")]),
    ]
    static let rules = LicensingRules(rules: [
        .requires(.plan("MCOMEETADV"), anyOf: [.plan("TEAMS1")], note: "needs Teams"),
        .excludes(.plan("EXCHANGE_S_STANDARD"), .plan("EXCHANGE_S_ENTERPRISE"), note: "one Exchange plan"),
        .notSoldIn(product: "MCOMEETADV", locations: ["US"], note: ""),
    ])

    static func checkIntake(_ body: [UInt8], _ options: CSVReadOptions) {
        let now = Date(timeIntervalSince1970: 1_795_251_600)
        let planner = CustomerPlanner(customer: customer, products: products, rules: rules,
                                      seats: [SeatUsage(partNumber: "SPE_E3", purchased: 2, assigned: 0),
                                              SeatUsage(partNumber: "MCOMEETADV", purchased: 1, assigned: 0)],
                                      options: PlanOptions(role: .adminAgent, now: now),
                                      random: RandomSource(FuzzRandom()))
        do {
            var requests = try RequestReader(bytes: body, csvOptions: options,
                                             options: IntakeOptions(defaultCustomerID: "contoso"))
            var count = 0
            while let request = try requests.next() {
                count += 1
                precondition(count <= body.count + 1, "intake does not advance")
                guard let line = request.sources.first?.line else { preconditionFailure("request without a source") }
                precondition(line >= 1, "request without a line")
                for problem in request.problems {
                    precondition(problem.code == .invalidInput, "a row problem that is not InvalidInput")
                    precondition(problem.line == line, "a row problem names another line")
                    precondition(problem.field != nil || problem.column != nil, "a row problem names neither field nor column")
                    if let column = problem.column { precondition(column >= 1, "column below 1") }
                }
                let planned = planner.plan(request, candidates: [])
                switch planned.outcome.status {
                case .failed: precondition(!planned.outcome.errors.isEmpty, "failed without an error")
                case .planned: precondition(!planned.steps.isEmpty, "planned without steps")
                default: break
                }
            }
        } catch {
            checkThrown(error, body)
        }
    }

    /// A `--map` file either reads or fails naming its line.
    static func checkColumnMap(_ body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        do {
            _ = try ColumnMap(text: text, fileName: "map.txt")
        } catch let error as IntakeError {
            if case .invalidColumnMap(_, let line, _) = error { precondition(line >= 1, "map error without a line") }
        } catch let error as CSVError {
            precondition(error.position.line >= 1, "map error without a line")
        } catch {
            preconditionFailure("unexpected map error type \(type(of: error))")
        }
    }
}

/// A fixed generator (Knuth's MMIX linear congruential one), so that a fuzz input always plans
/// the same way; the planner draws only object ids and passwords from it.
struct FuzzRandom: RandomNumberGenerator {
    var state: UInt64 = 1
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
