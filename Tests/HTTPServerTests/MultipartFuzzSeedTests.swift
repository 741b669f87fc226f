import Foundation
import FuzzHTTPOracles
import Testing

/// The multipart fuzz oracle over its seeds (Tests/fuzz/multipart-seeds), in `swift test`, and
/// over seeded mutations of them, so its promises hold in CI without the fuzzer.
@Suite struct MultipartFuzzSeedTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../fuzz/multipart-seeds").standardized.path

    static func seeds() -> [[UInt8]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map(Array.init) }
    }

    @Test func everySeedKeepsEveryPromise() {
        let seeds = MultipartFuzzSeedTests.seeds()
        #expect(seeds.count >= 6)
        for seed in seeds { #expect(MultipartFuzzOracle.violation(seed) == nil) }
    }

    /// Cheap mutations (a byte flipped, cut or doubled) of each seed, deterministic.
    @Test func seededMutationsKeepEveryPromise() {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % max(1, bound)
        }
        for seed in MultipartFuzzSeedTests.seeds() {
            for _ in 0..<40 {
                var input = seed
                let at = 1 + next(input.count - 1)
                switch next(3) {
                case 0: input[at] ^= UInt8(1 << next(8))
                case 1: input.removeSubrange(at...)
                default: input.insert(contentsOf: input[at..<min(input.count, at + 1 + next(64))], at: at)
                }
                #expect(MultipartFuzzOracle.violation(input) == nil)
            }
        }
    }
}
