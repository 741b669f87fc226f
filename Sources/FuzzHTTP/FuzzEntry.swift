import Foundation
import FuzzHTTPOracles

/// The oracle in force: the request parser's, or with `FUZZ_HTTP_ORACLE=multipart` the
/// multipart parser's (docs/http.md, Fuzzing).
let fuzzOracle: @Sendable ([UInt8]) -> Void = ProcessInfo.processInfo.environment["FUZZ_HTTP_ORACLE"] == "multipart"
    ? MultipartFuzzOracle.check : HTTPFuzzOracle.check

/// libFuzzer's entry point (https://llvm.org/docs/LibFuzzer.html): one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOracle(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
// The fuzzing build (`-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING`), as FuzzCSV's:
// SwiftPM links `main` to `FuzzHTTP_main`, so that entry point hands over to libFuzzer's driver.

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The program's entry point in the fuzzing build.
@_cdecl("FuzzHTTP_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
#endif
