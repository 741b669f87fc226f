/// libFuzzer's entry point (https://llvm.org/docs/LibFuzzer.html): one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzOracle.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
// The fuzzing build (`-sanitize=fuzzer,address -DFUZZING`, see Tests/harness/fuzz.sh). SwiftPM
// names an executable's entry point `FuzzCSV_main` and links `main` to it, which would hide
// libFuzzer's own `main`; so the entry point here hands the command line to libFuzzer's
// driver. The plain build's entry point is the replay driver (Replay.swift).

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The program's entry point in the fuzzing build.
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
#endif
