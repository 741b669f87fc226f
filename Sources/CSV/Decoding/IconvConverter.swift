// The one file that calls the system's iconv (Glibc). Everything else converts through
// `IconvConverter`, which owns one conversion descriptor and closes it in `deinit`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One iconv conversion descriptor, from `source` to `target`.
final class IconvConverter {
    /// How a call to ``convert(_:appendingTo:)`` ended.
    enum Outcome: Equatable {
        /// All input was converted.
        case complete
        /// The input ends inside a multibyte sequence; the bytes from `at` on were not consumed.
        case incomplete(at: Int)
        /// The input holds a byte sequence that is invalid in the source encoding, at `at`.
        case invalid(at: Int)
    }

    private let descriptor: iconv_t

    /// Opens a converter, or returns `nil` when iconv does not know one of the names.
    init?(from source: String, to target: String) {
        let opened = iconv_open(target, source)
        guard let opened, opened != iconv_t(bitPattern: -1) else { return nil }
        descriptor = opened
    }

    deinit { iconv_close(descriptor) }

    /// Converts `input`, appending the output to `output`.
    /// - Returns: how far the conversion got; bytes before the returned offset were consumed.
    /// - Complexity: O(n) in the input.
    func convert(_ input: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> Outcome {
        guard let base = input.baseAddress, !input.isEmpty else { return .complete }
        var inPointer = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        while inLeft > 0 {
            let room = inLeft * 4 + 16
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            var outLeft = room
            let result: Int = output.withUnsafeMutableBufferPointer { buffer in
                guard let outBase = buffer.baseAddress else { return 0 }
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + start)
                    .assumingMemoryBound(to: CChar.self)
                var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                let value = iconv(descriptor, &inOptional, &inLeft, &outPointer, &outLeft)
                if let inOptional { inPointer = inOptional }
                return value
            }
            let failure = result == -1 ? errno : 0
            output.removeLast(outLeft)
            let consumed = input.count - inLeft
            if result != -1 { continue }
            switch failure {
            case E2BIG: continue
            case EINVAL: return .incomplete(at: consumed)
            default: return .invalid(at: consumed)
            }
        }
        return .complete
    }

    /// Brings the converter back to its initial shift state.
    func reset() {
        _ = iconv(descriptor, nil, nil, nil, nil)
    }
}
