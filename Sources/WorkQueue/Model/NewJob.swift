/// A job to enqueue: the customer, its options and who asks (see ``WorkQueue/enqueue(input:name:jobs:now:)``).
public struct NewJob: Sendable, Equatable {
    /// The customer whose rows it applies.
    public var customerID: String
    /// Its options, as JSON (``QueuedJobSpec/json()``).
    public var options: String
    /// Who submits it.
    public var operatorName: String
    /// Claims allowed before a failure is final (at least 1).
    public var maxAttempts: Int

    /// Creates a job to enqueue.
    public init(customerID: String, options: String, operatorName: String, maxAttempts: Int = 3) {
        self.customerID = customerID
        self.options = options
        self.operatorName = operatorName
        self.maxAttempts = max(1, maxAttempts)
    }
}
