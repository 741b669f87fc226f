import Provisioning

/// What an upload's Preview shows: what the reader recognised (template, delimiter,
/// encoding, unused columns, warnings), the seat shortfalls, and the plan as the embedded
/// "Licenses updated" report in the future tense. The server fills it from its run of the
/// upload as `plan --out` (the report of a preview says "will add").
public struct UploadPreviewModel: Sendable, Hashable {
    /// The upload's id (in ``PortalPaths/upload(_:uploadID:)`` and the Commit form).
    public var uploadID: String
    /// The file's name as uploaded.
    public var fileName: String
    /// The delimiter found, for people (`,`, `;`, `tab`).
    public var delimiter: String
    /// The encoding read (`UTF-8`, `CP1252`…), and whether it was detected or chosen.
    public var encoding: String
    /// What reading found: the template, the unused columns, the warnings.
    public var input: InputSummary
    /// The seat totals of the plan (shortfalls are those with ``ProductTotals/shortfall``).
    public var products: [ProductTotals]
    /// The embedded preview report (trusted markup).
    public var reportHTML: String
    /// Users the plan would change; 0 leaves nothing to commit.
    public var changes: Int

    /// Creates the model.
    public init(uploadID: String, fileName: String, delimiter: String, encoding: String, input: InputSummary,
                products: [ProductTotals], reportHTML: String, changes: Int) {
        self.uploadID = uploadID
        self.fileName = fileName
        self.delimiter = delimiter
        self.encoding = encoding
        self.input = input
        self.products = products
        self.reportHTML = reportHTML
        self.changes = changes
    }

    /// The products the plan wants more seats of than are free.
    public var shortfalls: [ProductTotals] { products.filter { $0.shortfall > 0 } }
}

/// A background job's progress, for its page.
public struct JobProgressModel: Sendable, Hashable {
    /// Where the job is.
    public enum State: String, Sendable, Hashable {
        /// Waiting for a worker.
        case queued
        /// Running.
        case running
        /// Done: the result page follows.
        case finished
        /// Stopped by an error (the message says which); a rerun resumes it.
        case failed
    }

    /// The job's id.
    public var jobID: String
    /// The file it runs.
    public var fileName: String
    /// Where it is.
    public var state: State
    /// Users handled so far.
    public var handled: Int
    /// Users in all, when known.
    public var total: Int?
    /// Why it failed, for people.
    public var message: String?

    /// Creates the model.
    public init(jobID: String, fileName: String, state: State, handled: Int, total: Int?, message: String? = nil) {
        self.jobID = jobID
        self.fileName = fileName
        self.state = state
        self.handled = handled
        self.total = total
        self.message = message
    }
}
