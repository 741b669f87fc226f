/// One chunk of a customer's requests, in file order, with the directory's users they name.
struct LookedUpChunk {
    /// The requests, in file order.
    var requests: [UserRequest]
    private var byName: [String: [User]]
    private var byID: [String: User]

    /// A chunk with the users found for it, by lower-cased name and by object id.
    init(requests: [UserRequest], byName: [String: [User]], byID: [String: User]) {
        self.requests = requests
        self.byName = byName
        self.byID = byID
    }

    /// The users a request may mean: by its name, its new name and its object id.
    func candidates(for request: UserRequest) -> [User] {
        // New users (the bulk case) have no candidates: skip the look-ups.
        var candidates = byName.isEmpty ? [] : byName[request.userPrincipalName.fastLowercased] ?? []
        if let newName = request.newUserPrincipalName { candidates += byName[newName.fastLowercased] ?? [] }
        if !byID.isEmpty, let id = request.objectID?.fastLowercased, let user = byID[id], !candidates.contains(user) {
            candidates.append(user)
        }
        return candidates
    }
}

/// Reads one customer's requests a chunk at a time and looks up, in one go per chunk, the
/// users they name. Used by one thread at a time: the job's, or its ``Prefetcher``'s.
final class ChunkReader {
    private var source: any RequestSource
    private let customer: String
    private let defaultCustomerID: String?
    private let directory: Directory
    private let chunkSize: Int

    /// Reads `source`'s requests of `customer` (rows without a customer belong to
    /// `defaultCustomerID`), `chunkSize` at a time, looking them up in `directory`.
    init(_ source: any RequestSource, customer: String, defaultCustomerID: String?, directory: Directory, chunkSize: Int) {
        self.source = source
        self.customer = customer
        self.defaultCustomerID = defaultCustomerID
        self.directory = directory
        self.chunkSize = max(1, chunkSize)
    }

    /// The next chunk, `nil` at the end of the input.
    /// - Throws: the input's errors (positioned), the directory's errors.
    func next() throws -> LookedUpChunk? {
        var chunk: [UserRequest] = []
        chunk.reserveCapacity(chunkSize)
        while chunk.count < chunkSize, let request = try source.next() {
            guard (request.customerID ?? defaultCustomerID) == customer else { continue }
            chunk.append(request)
        }
        guard !chunk.isEmpty else { return nil }
        // The store folds case and ignores repeats itself; names are only collected here.
        var names: [String] = [], ids: [String] = []
        names.reserveCapacity(chunk.count)
        for request in chunk {
            if !request.userPrincipalName.isEmpty { names.append(request.userPrincipalName) }
            if let newName = request.newUserPrincipalName { names.append(newName) }
            if let id = request.objectID, !id.isEmpty { ids.append(id) }
        }
        var byName: [String: [User]] = [:], byID: [String: User] = [:]
        for user in try directory.users(customerID: customer, principalNames: names) {
            byName[user.userPrincipalName.fastLowercased, default: []].append(user)
        }
        if !ids.isEmpty {
            for user in try directory.users(customerID: customer, objectIDs: ids) { byID[user.objectID] = user }
        }
        return LookedUpChunk(requests: chunk, byName: byName, byID: byID)
    }
}
