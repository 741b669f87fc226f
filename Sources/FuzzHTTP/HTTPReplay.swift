#if !FUZZING
import Foundation
import FuzzSupport

// The plain build's entry point (the fuzzing build links libFuzzer's `main` instead): the
// shared replay and seeded-mutation driver (Sources/FuzzSupport/FuzzDriver.swift) over the
// request parser's oracle, starting from the built-in requests below and any corpus.

@main
enum HTTPReplay {
    /// Requests the mutator starts from (each after a settings byte).
    static let seeds: [String] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /upload?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.0\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ]

    /// Multipart bodies the multipart oracle's mutator starts from (each after a settings byte).
    static let multipartSeeds: [String] = [
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../x.csv\"\r\nContent-Type: text/csv\r\n\r\nu,v\r\n--XyQ\r\n--XyZ--\r\n",
        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nxyz",
    ]

    static func main() {
        let multipart = ProcessInfo.processInfo.environment["FUZZ_HTTP_ORACLE"] == "multipart"
        var driver = FuzzDriver(name: "FuzzHTTP", check: fuzzOracle, makeMutator: HTTPMutator.init(seed:))
        driver.seeds = (multipart ? multipartSeeds : seeds).flatMap { seed in (0..<4).map { [UInt8($0 * 85)] + Array(seed.utf8) } }
        driver.maxLength = 1 << 20
        driver.alarmSeconds = 10
        driver.keepOneIn = 32
        driver.poolLimit = 2_048
        driver.addressSpaceLimit = nil
        driver.main()
    }
}
#endif
