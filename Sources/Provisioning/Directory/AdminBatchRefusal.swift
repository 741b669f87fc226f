/// One item of a batch of admin changes refused: which item (its index in the batch) and why.
/// Nothing of the batch was written.
public struct AdminBatchRefusal: Error, CustomStringConvertible, Sendable, Hashable {
    /// The index of the refused item in the batch given.
    public var index: Int
    /// Why, naming the field (``Provisioning/CustomerRules/Field``) and the value.
    public var violation: Violation

    /// Creates a refusal.
    public init(index: Int, violation: Violation) {
        self.index = index
        self.violation = violation
    }

    public var description: String {
        "item \(index + 1): " + violation.message + (violation.fix.map { "; \($0)" } ?? "")
    }
}
