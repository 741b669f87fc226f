// Release-mode benchmarks: `swift run -c release Benchmarks <name> [options]`.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let name = arguments.first ?? "help"
switch name {
default:
    print("usage: swift run -c release Benchmarks <benchmark> [options]\nbenchmarks: (none yet)")
}
