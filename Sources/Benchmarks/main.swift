// Release-mode benchmarks: `swift run -c release Benchmarks <name> [options]`.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let name = arguments.first ?? "help"
do {
    switch name {
    case "csv": try CSVBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "planner": try PlannerBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "postgres": try PostgresBenchmark.run(arguments: Array(arguments.dropFirst()))
    default:
        print("usage: swift run -c release Benchmarks <benchmark> [options]\nbenchmarks: csv, planner, postgres")
    }
} catch {
    FileHandle.standardError.write(Data("Benchmarks \(name): \(error)\n".utf8))
    exit(1)
}
