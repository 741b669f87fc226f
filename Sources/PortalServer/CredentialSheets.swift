import Foundation
import Provisioning

/// The credentials sheets the pages offered for download (`.eml`, made by
/// `PortalCredentialSheet`): kept in this process's memory only, each for the operator whose run
/// issued it, handed out once and then forgotten. A restart forgets them all; the page that
/// showed the password was the first copy.
final class CredentialSheets: @unchecked Sendable {
    private struct Sheet {
        var operatorName: String
        var customerID: String
        var bytes: [UInt8]
        var createdAt: Date
    }

    private let lock = NSLock()
    private var sheets: [String: Sheet] = [:]
    /// How long an unclaimed sheet is kept.
    static let lifetime: TimeInterval = 30 * 60
    /// The most sheets kept at once; past it the oldest go first.
    static let maximumCount = 1_000

    /// Keeps `bytes` under `id`.
    func keep(_ bytes: [UInt8], id: String, operatorName: String, customerID: String, now: Date) {
        lock.lock()
        defer { lock.unlock() }
        sheets = sheets.filter { now.timeIntervalSince($0.value.createdAt) < Self.lifetime }
        while sheets.count >= Self.maximumCount, let oldest = sheets.min(by: { $0.value.createdAt < $1.value.createdAt }) {
            sheets[oldest.key] = nil
        }
        sheets[id] = Sheet(operatorName: operatorName, customerID: customerID, bytes: bytes, createdAt: now)
    }

    /// The sheet's bytes, removed, when it is this operator's for this customer and not expired.
    func take(_ id: String, operatorName: String, customerID: String, now: Date) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        guard let sheet = sheets[id], sheet.operatorName == operatorName, sheet.customerID == customerID else { return nil }
        sheets[id] = nil
        return now.timeIntervalSince(sheet.createdAt) < Self.lifetime ? sheet.bytes : nil
    }

    /// How many sheets are waiting (tests).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return sheets.count
    }
}
