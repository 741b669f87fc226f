#if !FUZZING
import FuzzSupport

// The plain build's entry point (the fuzzing build links libFuzzer's `main` instead): the
// shared replay and seeded-mutation driver (Sources/FuzzSupport/FuzzDriver.swift) over the
// CSV oracle, with CSV-shaped mutations.

@main
enum Replay {
    static func main() {
        FuzzDriver(name: "FuzzCSV", check: FuzzOracle.check, makeMutator: Mutator.init(seed:)).main()
    }
}
#endif
