import CSV
import Foundation
import Provisioning

/// The credentials sheet as a spreadsheet (`--credentials FILE.csv`), in the CSV writer's
/// Excel-safe mode. Columns: `Customer, DisplayName, UserPrincipalName, TemporaryPassword,
/// ChangePasswordAtNextSignIn` (`Yes`/`No`).
///
/// The formula guard applies to passwords too: one starting with `=`, `+`, `-` or `@` is
/// written with a leading `'`, which Excel shows but which is not part of the password.
/// Streams: each row is written as it arrives. The file is created mode 0600 by
/// ``makeCredentialSink(path:format:options:)``.
public final class CredentialsCSV: CredentialSink {
    /// The header row.
    public static let columns = ["Customer", "DisplayName", "UserPrincipalName", "TemporaryPassword",
                                 "ChangePasswordAtNextSignIn"]

    private let output: ReportOutput
    private var writer = CSVWriter(options: CSVWriteOptions.excelSafe)
    /// The header row's bytes until they are written, ahead of the first row written. Kept
    /// apart from the rows: inside the first prepared row, it went when that row's user was
    /// refused.
    private var header: [UInt8]?

    /// Creates the sheet; the header row goes ahead of the first row (or alone at the end).
    /// - Parameter output: where to write (a private file); ``finish()`` closes it.
    public init(output: ReportOutput) {
        self.output = output
        writer.writeRow(CredentialsCSV.columns)
        header = writer.takeBytes()
    }

    public func add(_ credential: IssuedCredential) throws {
        try writeHeader()
        try output.write(bytes: row(credential))
    }

    /// Formats each credential's row ahead of the store's commit.
    public func prepare(_ credentials: [IssuedCredential]) throws -> PreparedCredentials {
        PreparedCredentials(credentials: credentials, chunks: credentials.map(row))
    }

    /// Writes the kept rows in one write, then flushes and syncs.
    public func deliver(_ prepared: PreparedCredentials, keeping kept: [Int]) throws {
        try writeHeader()
        try output.write(bytes: prepared.bytes(keeping: kept))
        try output.synchronize()
    }

    private func row(_ credential: IssuedCredential) -> [UInt8] {
        writer.writeRow([credential.customerID, credential.displayName, credential.userPrincipalName,
                         credential.password.reveal(), credential.mustChangePassword ? "Yes" : "No"])
        return writer.takeBytes()
    }

    /// Writes the rows so far through to the file and syncs it (after each committed group).
    public func checkpoint() throws {
        try output.synchronize()
    }

    public func finish() throws {
        try writeHeader()
        try output.write(bytes: writer.takeBytes())
        try output.close()
    }

    private func writeHeader() throws {
        guard let header else { return }
        self.header = nil
        try output.write(bytes: header)
    }
}
