import Testing
@testable import ProvisionCLI

@Suite struct HelpTests {
    @Test func helpListsCommandsAndExitsZero() {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: ["help"], environment: [:], output: out, errors: err)
        #expect(code == .success)
        #expect(out.text.contains("Exit codes"))
    }

    @Test func unknownCommandExitsTwo() {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: ["frobnicate"], environment: [:], output: out, errors: err)
        #expect(code == .usageOrInput)
        #expect(err.text.contains("unknown command 'frobnicate'"))
    }

    @Test func unknownOptionIsAUsageError() {
        let out = OutputSink(), err = OutputSink()
        let code = ProvisionTool.main(arguments: ["help", "--bogus"], environment: [:], output: out, errors: err)
        #expect(code == .usageOrInput)
        #expect(err.text.contains("unknown option --bogus"))
    }
}
