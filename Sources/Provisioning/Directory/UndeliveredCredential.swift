import Foundation

// Design note: a job writes each group's new passwords to the credentials sheet right after
// the store commits the group. A kill between the two would leave users whose password hash
// nobody knows. So a batch that delivers credentials (`ChangeBatch.deliversCredentials`) has
// the store record, in the same transaction as each user, that the user's password is not yet
// delivered; the executor clears those marks once the sheet holds the passwords
// (`Directory.markCredentialsDelivered`). A resumed run of the batch finds the marks left by
// the killed run and issues each of those users a new password (a change set of kind
// `.reissue`), delivered to its own sheet. Nothing about the password itself is kept.

/// A temporary password the store committed but no credentials sheet was confirmed to hold:
/// left by a run killed between a group's commit and the sheet's write.
public struct UndeliveredCredential: Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// The batch that issued the password.
    public var batchID: String
    /// The journal key of the change set that issued it.
    public var journalKey: String
    /// The user's object id.
    public var objectID: String
    /// The user's sign-in name now; `nil` when the user no longer exists.
    public var userPrincipalName: String?
    /// The user's display name now; `nil` when the user no longer exists.
    public var displayName: String?

    /// Creates an undelivered credential.
    public init(customerID: String, batchID: String, journalKey: String, objectID: String,
                userPrincipalName: String?, displayName: String?) {
        self.customerID = customerID
        self.batchID = batchID
        self.journalKey = journalKey
        self.objectID = objectID
        self.userPrincipalName = userPrincipalName
        self.displayName = displayName
    }
}

/// One change set's place in a batch's journal: its customer and journal key.
public struct JournalEntry: Sendable, Hashable {
    /// The customer.
    public var customerID: String
    /// The change set's journal key.
    public var journalKey: String

    /// Creates a journal entry.
    public init(customerID: String, journalKey: String) {
        self.customerID = customerID
        self.journalKey = journalKey
    }
}
