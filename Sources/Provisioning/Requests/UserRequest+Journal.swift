import Foundation

extension UserRequest {
    /// The key the journal records this request under, unique within its input.
    ///
    /// For a row of a file it is the row's first line (`line 12`), without the file's name:
    /// the batch id already pins the input's bytes, and a resumed run may name the same file
    /// differently (`users.csv`, `./users.csv`, a copy). For a request from the command line it
    /// is the action, user name and object id.
    var journalKey: String {
        if let source = sources.first, source.line > 0 { return "line \(source.line)" }
        let upn = userPrincipalName.trimmedWhitespace.fastLowercased
        return "\(action.rawValue):\(upn):\(objectID ?? "")"
    }
}
