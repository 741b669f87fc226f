/// Texts every backend stores the same way.
public enum QueueText {
    /// The error of a job whose every attempt's worker stopped without a word.
    public static func lostMessage(attempts: Int) -> String {
        "the worker running it stopped renewing its lease (killed or cut off) on each of \(attempts) attempt\(attempts == 1 ? "" : "s")"
    }
}
