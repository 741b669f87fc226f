import CSV
import Foundation
import Testing
@testable import Provisioning

/// Problems found after intake (by the planner and the job) name the header, line and column
/// of the input as intake's own row problems do; a header with control characters is refused.
@Suite struct ViolationPlacementTests {
    /// Plans and applies `text` (read as a file) for contoso and returns each user's errors.
    func errors(_ text: String, seats: [String: Int] = ["SPE_E3": 1, "MCOMEETADV": 5]) throws -> [[Violation]] {
        let directory = Fixture.directory(seats: seats)
        let sink = CollectingSink()
        let job = Job(directory: directory, options: Fixture.options(), random: RandomSource(SeededGenerator(seed: 3)))
        let open = {
            try RequestReader(bytes: Array(text.utf8), csvOptions: CSVReadOptions(fileName: "users.csv"),
                              options: IntakeOptions(defaultCustomerID: "contoso"))
        }
        _ = try job.run(.requests(defaultCustomerID: "contoso", input: "users.csv", batchID: "b", open: open),
                        outputs: PreparedOutputs(outcomes: sink, credentials: sink))
        return sink.outcomes.map(\.errors)
    }

    @Test func plannerViolationsNameTheHeaderAsWrittenTheLineAndTheColumn() throws {
        let found = try errors("""
            Display Name,User Name,Licences
            Ann,ann@contoso.com,SPE_E9
            Bob,bob@example.org,
            Cy,cy@contoso.com,SPE_E3
            Di,di@contoso.com,SPE_E3
            """)
        let placed = found.map { $0.first.map { "\($0.code.rawValue) \($0.field ?? "-"):\($0.line ?? 0):\($0.column ?? 0)" } }
        #expect(placed == ["NotFound Licences:2:3", "InvalidInput User Name:3:2", nil, "CountViolation Licences:5:3"])
    }

    @Test func aRowForAnUnknownCustomerNamesTheCustomerColumn() throws {
        let found = try errors("UserPrincipalName,Customer\nann@contoso.com,nosuch\n")
        let error = try #require(found.first?.first)
        #expect(error.code == .notFound)
        #expect(error.field == "Customer" && error.line == 2 && error.column == 2)
    }

    @Test(arguments: [
        ("\u{0}\u{0}UserPrincipalName,DisplayName", 1, "U+0000"),
        ("UserPrincipalName,Display\u{7}Name", 2, "U+0007"),
        ("UserPrincipalName,\u{1}DisplayName", 2, "U+0001"),
    ])
    func aHeaderWithAControlCharacterIsRefusedWithItsColumn(header: String, column: Int, scalar: String) {
        #expect {
            _ = try IntakeTestSupport.read(header + "\nann@contoso.com,Ann\n")
        } throws: { error in
            guard case .controlCharacterInHeader(_, let line, let found, _) = error as? IntakeError else { return false }
            return line == 1 && found == column && (error as? IntakeError)?.description.contains(scalar) == true
        }
    }
}
