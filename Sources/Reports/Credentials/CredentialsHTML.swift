import Foundation
import Provisioning

/// The printable credentials sheet (`--credentials FILE.html`): one card per user.
///
/// Streams: each card is written as it arrives. The file is created mode 0600 by
/// ``makeCredentialSink(path:format:options:)``.
public final class CredentialsHTML: CredentialSink {
    private let output: ReportOutput
    private let issuedAt: Date
    private var count = 0
    private var started = false

    /// Creates the sheet.
    /// - Parameters:
    ///   - output: where to write (a private file); ``finish()`` closes it.
    ///   - issuedAt: the date printed on the sheet.
    public init(output: ReportOutput, issuedAt: Date) {
        self.output = output
        self.issuedAt = issuedAt
    }

    public func add(_ credential: IssuedCredential) throws {
        try startIfNeeded()
        try output.write(CredentialSheetHTML.card(credential))
        count += 1
    }

    /// Formats each credential's card ahead of the store's commit.
    public func prepare(_ credentials: [IssuedCredential]) throws -> PreparedCredentials {
        PreparedCredentials(credentials: credentials, chunks: credentials.map { Array(CredentialSheetHTML.card($0).utf8) })
    }

    /// Writes the kept cards in one write, then flushes and syncs.
    public func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
        try startIfNeeded()
        try output.write(bytes: prepared.bytes(keeping: kept))
        count += kept.count
        try output.synchronize()
    }

    /// Writes the cards so far through to the file and syncs it (after each committed group);
    /// a page cut short by a kill still shows every card written.
    public func checkpoint() throws {
        try output.synchronize()
    }

    public func finish() throws {
        try startIfNeeded()
        try output.write(CredentialSheetHTML.end(count: count))
        try output.close()
    }

    private func startIfNeeded() throws {
        guard !started else { return }
        started = true
        try output.write(CredentialSheetHTML.start(issuedAt: issuedAt))
    }
}
