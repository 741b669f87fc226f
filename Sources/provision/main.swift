import Foundation
import ProvisionCLI

// A closed standard output (`provision apply big.csv | head -3`) must stop the writing, not
// the job: with SIGPIPE ignored a write to a closed pipe fails with EPIPE, which OutputSink
// takes as "stop writing here" while the job runs to its end (docs/cli.md, "Output").
signal(SIGPIPE, SIG_IGN)

let code = ProvisionTool.main(arguments: Array(CommandLine.arguments.dropFirst()),
                              environment: ProcessInfo.processInfo.environment,
                              output: OutputSink(fileDescriptor: 1),
                              errors: OutputSink(fileDescriptor: 2))
exit(code.rawValue)
