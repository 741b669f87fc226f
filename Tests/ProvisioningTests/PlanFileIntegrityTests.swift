import Foundation
import Testing
@testable import Provisioning

/// A saved plan that was cut off or damaged is refused whole, never applied in part.
@Suite struct PlanFileIntegrityTests {
    func lines() throws -> (path: String, lines: [String]) {
        let path = try SavedPlanTests().makePlan(Fixture.directory(), [
            Fixture.request(.create, "ann@contoso.com", line: 2), Fixture.request(.create, "bob@contoso.com", line: 3),
        ])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (path, text.split(separator: "\n").map(String.init))
    }

    func write(_ lines: [String], to path: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aWholePlanValidates() throws {
        let (path, lines) = try lines()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(lines.count == 4, "header, two users, totals")
        try PlanReader.validate(path: path)
    }

    @Test func aPlanCutOffBeforeItsTotalsIsRefused() throws {
        let (path, lines) = try lines()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(Array(lines.prefix(2)), to: path)
        #expect {
            try PlanReader.validate(path: path)
        } throws: { error in
            (error as? PlanFileError)?.description.contains(":3: the plan ends without its totals line") == true
        }
    }

    @Test func aDamagedLineIsRefusedWithItsNumber() throws {
        let (path, lines) = try lines()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write([lines[0], lines[1], "{\"user\": garbage", lines[2], lines[3]], to: path)
        #expect {
            try PlanReader.validate(path: path)
        } throws: { error in
            (error as? PlanFileError)?.description.contains(":3: malformed plan line") == true
        }
    }

    @Test func aUserAfterTheTotalsIsRefused() throws {
        let (path, lines) = try lines()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write([lines[0], lines[1], lines[3], lines[2]], to: path)
        #expect(throws: PlanFileError.self) { try PlanReader.validate(path: path) }
    }
}
