import Foundation
import HTTPServer

// Design note: the promises of the streaming multipart parser (docs/http.md, Fuzzing), checked
// on any body. A library of its own so that the fuzz target (FuzzHTTP, with
// FUZZ_HTTP_ORACLE=multipart) and the unit tests (which replay Tests/fuzz/multipart-seeds)
// run the same checks. `violation` names the broken promise; `check` stops the process on one.

/// The checks run on each multipart fuzz input: the first byte picks the settings, the rest is
/// the body of `multipart/form-data; boundary=XyZ`.
///
/// | bits | setting |
/// |---|---|
/// | 0 | tiny limits (3 parts, 2 files, 16-byte values, 96-byte part headers) |
/// | 1-7 | the seed of the chunk sizes |
public enum MultipartFuzzOracle {
    /// The content type every input is parsed as.
    public static let contentType = "multipart/form-data; boundary=XyZ"
    static let tiny = HTTPFormLimits(maxFields: 3, maxNameBytes: 8, maxValueBytes: 16, maxTotalBytes: 48, maxFiles: 2,
                                     maxPartHeaderBytes: 96, maxPartHeaders: 3)

    /// What parsing a body produced, comparable across feeds.
    struct Outcome: Equatable {
        var fields: [HTTPFormField] = []
        /// Per file: name, escaped filename, content.
        var files: [String] = []
        var error: HTTPFormError?
    }

    /// Runs every check; a broken promise stops the process.
    public static func check(_ data: [UInt8]) {
        if let broken = violation(data) { preconditionFailure(broken) }
    }

    /// The first promise `data` breaks, or nil.
    public static func violation(_ data: [UInt8]) -> String? {
        guard let first = data.first else { return nil }
        let body = Array(data.dropFirst())
        let limits = first & 1 != 0 ? tiny : HTTPFormLimits()
        let whole: Outcome
        switch parse(body, limits: limits, sizes: { Int.max }) {
        case .failure(let broken): return broken.text
        case .success(let outcome): whole = outcome
        }
        var state = UInt64(first >> 1) &+ 0x9E37_79B9
        let chunked = parse(body, limits: limits) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 1 + Int(state >> 58)
        }
        switch chunked {
        case .failure(let broken): return broken.text
        case .success(let outcome) where outcome != whole:
            return "chunked parsing differs from whole: \(outcome.error.map(\.description) ?? "-") vs \(whole.error.map(\.description) ?? "-")"
        default: return nil
        }
    }

    struct Broken: Error { var text: String }

    /// Parses `body` fed in pieces of `sizes()` bytes in a fresh folder, checking the promises on
    /// the folder, then removes it.
    static func parse(_ body: [UInt8], limits: HTTPFormLimits, sizes: () -> Int) -> Result<Outcome, Broken> {
        let root = NSTemporaryDirectory() + "provision-fuzz-multipart-" + UUID().uuidString
        let folder = root + "/in"
        let files = FileManager.default
        guard (try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else {
            return .failure(Broken(text: "cannot create the fuzz folder"))
        }
        defer { try? files.removeItem(atPath: root) }
        var outcome = Outcome()
        do {
            var parser = try HTTPMultipartParser(contentType: contentType, folder: folder, limits: limits)
            var at = 0
            while at < body.count {
                let end = min(body.count, at + max(1, min(sizes(), body.count - at)))
                try parser.feed(Array(body[at..<end]))
                at = end
            }
            let form = try parser.finish()
            outcome.fields = form.fields
            for file in form.files {
                guard file.path.hasPrefix(folder + "/upload-"), !file.path.dropFirst(folder.count + 1).contains("/") else {
                    return .failure(Broken(text: "a file outside the server's names"))
                }
                guard let content = files.contents(atPath: file.path), content.count == file.size else {
                    return .failure(Broken(text: "a listed file is missing or of another size"))
                }
                outcome.files.append("\(file.name) \(file.filename) \(Array(content))")
            }
            guard form.fields.count + form.files.count <= limits.maxFields, form.files.count <= limits.maxFiles,
                  form.fields.allSatisfy({ $0.value.utf8.count <= limits.maxValueBytes && $0.name.utf8.count <= limits.maxNameBytes }) else {
                return .failure(Broken(text: "a form beyond the limits"))
            }
        } catch {
            guard error.status == 400 else { return .failure(Broken(text: "unexpected status \(error.status) \(error.code)")) }
            guard error.offset >= 0, error.offset <= body.count else { return .failure(Broken(text: "error offset outside the body")) }
            outcome.error = error
        }
        // Nothing outside the folder, nothing more than the body's bytes, nothing left after a refusal.
        guard (try? files.contentsOfDirectory(atPath: root)) == ["in"] else { return .failure(Broken(text: "wrote outside its folder")) }
        let left = (try? files.contentsOfDirectory(atPath: folder)) ?? []
        let written = left.reduce(0) { $0 + (((try? files.attributesOfItem(atPath: folder + "/" + $1))?[.size] as? Int) ?? 0) }
        guard written <= body.count else { return .failure(Broken(text: "wrote more bytes than the body has")) }
        if outcome.error != nil, !left.isEmpty { return .failure(Broken(text: "a refused body left a file")) }
        if outcome.error == nil, left.count != outcome.files.count { return .failure(Broken(text: "files on disk that the form does not list")) }
        return .success(outcome)
    }
}
