import Foundation
import Portal

/// The uploads of this process: each one's file and saved plan in the private work folder, and
/// its Preview, for the operator who made it and the customer it is for. A commit or a newer
/// upload past ``maximumCount`` removes the record and its files.
final class UploadRecords: @unchecked Sendable {
    struct Upload {
        var operatorName: String
        var customerID: String
        var filePath: String
        var planPath: String
        var preview: UploadPreviewModel
        var createdAt: Date
    }

    private let lock = NSLock()
    private var uploads: [String: Upload] = [:]
    /// The most uploads kept at once; past it the oldest go first, with their files.
    static let maximumCount = 200

    /// Keeps `upload` under `id`.
    func keep(_ upload: Upload, id: String) {
        var dropped: [Upload] = []
        lock.lock()
        while uploads.count >= Self.maximumCount, let oldest = uploads.min(by: { $0.value.createdAt < $1.value.createdAt }) {
            dropped.append(oldest.value)
            uploads[oldest.key] = nil
        }
        uploads[id] = upload
        lock.unlock()
        dropped.forEach(Self.removeFiles)
    }

    /// The upload when it is this operator's for this customer.
    func find(_ id: String, operatorName: String, customerID: String) -> Upload? {
        lock.lock()
        defer { lock.unlock() }
        guard let upload = uploads[id], upload.operatorName == operatorName, upload.customerID == customerID else { return nil }
        return upload
    }

    /// Forgets the upload and removes its files.
    func remove(_ id: String) {
        lock.lock()
        let upload = uploads.removeValue(forKey: id)
        lock.unlock()
        upload.map(Self.removeFiles)
    }

    static func removeFiles(_ upload: Upload) {
        try? FileManager.default.removeItem(atPath: upload.filePath)
        try? FileManager.default.removeItem(atPath: upload.planPath)
    }
}
