import Foundation
import Provisioning

extension ChangeApplier {
    /// The shortest run of lone creates worth the batched statements.
    static let bulkThreshold = Int.max

    /// The sets from `start` on that are lone creates of the batch (the bulk case).
    func bulkRun(from start: Int) -> ArraySlice<UserChangeSet> {
        var end = start
        while end < batch.sets.count, Self.isLoneCreate(batch.sets[end]) { end += 1 }
        return batch.sets[start..<end]
    }

    static func isLoneCreate(_ set: UserChangeSet) -> Bool {
        guard set.kind == .change, set.steps.count == 1, case .create = set.steps[0] else { return false }
        return true
    }

    /// Applies a run of lone creates with a few batched statements.
    func applyBulk(_ run: ArraySlice<UserChangeSet>) throws -> [UserChangeResult] {
        try run.map { try apply($0) }
    }
}
