import Foundation
import ProvisionCLI

let code = ProvisionTool.main(arguments: Array(CommandLine.arguments.dropFirst()),
                              environment: ProcessInfo.processInfo.environment,
                              output: OutputSink(fileDescriptor: 1),
                              errors: OutputSink(fileDescriptor: 2))
exit(code.rawValue)
