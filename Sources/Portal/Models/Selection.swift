import Provisioning

/// The users ticked on the user list, carried from page to page in the form itself (each
/// selected object id is a `sel` field: hidden for the users on other pages, a checkbox for
/// those on this one), so that it survives paging without JavaScript or server state.
///
/// Parsed as hostile input: only well-formed object ids are kept (others are counted in
/// ``rejected``), duplicates fold, at most ``maximumCount`` are kept (the rest are counted
/// in ``overflow``), and ids the directory does not know are dropped when resolved.
public struct Selection: Sendable, Hashable {
    /// The most users one selection holds. The list's form is a GET form, and the HTTP
    /// parser bounds a request target at 8 KiB: 100 ids take about 4.1 KB of it. Larger
    /// changes go through a CSV upload.
    public static let maximumCount = 100
    /// The field that carries a selected object id.
    public static let field = "sel"
    /// The field of a "remove from the selection" button (the selected users' boxes).
    public static let removeField = "unsel"
    /// Values of ``field`` looked at, at most (a form with a million `sel` fields costs no more).
    static let maximumInputValues = 1_000

    /// The selected object ids, lower-cased, in the order first given.
    public private(set) var objectIDs: [String]
    /// Well-formed ids left out because the selection was full.
    public private(set) var overflow = 0
    /// Values that were not object ids.
    public private(set) var rejected = 0

    /// A selection of these ids (validated and bounded like a submitted one).
    public init(objectIDs: [String] = []) {
        self.objectIDs = []
        add(objectIDs)
    }

    /// The selection a form carries: its `sel` values, less its `unsel` ones, plus all of
    /// `pageIDs` when the "select all on this page" button was pressed.
    /// - Parameter pageIDs: the ids shown on the page being submitted (for "select all").
    public static func parse(_ form: FormData, pageIDs: [String] = []) -> Selection {
        var selection = Selection()
        let removed = Set(form.all(removeField).prefix(maximumInputValues).map { $0.lowercased() })
        let given = form.all(field).prefix(maximumInputValues).filter { !removed.contains($0.lowercased()) }
        selection.add(Array(given))
        if form.value(UsersPageModel.commandField) == UsersPageModel.Command.selectPage.rawValue { selection.add(pageIDs) }
        if form.value(UsersPageModel.commandField) == UsersPageModel.Command.clearSelection.rawValue {
            selection.objectIDs = []
        }
        return selection
    }

    private mutating func add(_ values: [String]) {
        var seen = Set(objectIDs)
        for value in values {
            let id = value.lowercased()
            guard Self.isObjectID(id) else { rejected += 1; continue }
            guard !seen.contains(id) else { continue }
            guard objectIDs.count < Self.maximumCount else { overflow += 1; continue }
            seen.insert(id)
            objectIDs.append(id)
        }
    }

    /// Whether `text` is an object id: a GUID of 36 characters, `8-4-4-4-12` hex digits.
    public static func isObjectID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !((0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)) {
                return false
            }
        }
        return true
    }

    /// Whether the selection is empty.
    public var isEmpty: Bool { objectIDs.isEmpty }
    /// Whether `objectID` is selected.
    public func contains(_ objectID: String) -> Bool { objectIDs.contains(objectID.lowercased()) }

    /// The selected users the directory knows, sorted by user name: active ones, or deleted
    /// ones for `deleted`. Ids it does not know (purged, another customer's, made up) are dropped.
    public func users(in directory: Directory, customerID: String, deleted: Bool = false) throws -> [User] {
        guard !objectIDs.isEmpty else { return [] }
        return try directory.users(customerID: customerID, objectIDs: objectIDs)
            .filter { $0.customerID == customerID && $0.isDeleted == deleted }
            .sorted { ($0.userPrincipalName.lowercased(), $0.objectID) < ($1.userPrincipalName.lowercased(), $1.objectID) }
    }

    /// The hidden `sel` fields of `users`' ids, for a form that passes the selection on.
    static func hiddenFields(_ objectIDs: [String]) -> String {
        objectIDs.map { FormHTML.hidden(field, $0) }.joined()
    }

    /// A note on what parsing dropped, for the page ("3 users were left out…"), if anything.
    public var droppedNote: String? {
        var notes: [String] = []
        if overflow > 0 {
            notes.append("A selection holds at most \(Self.maximumCount) users: \(overflow) more were left out. "
                         + "For more, upload a CSV.")
        }
        if rejected > 0 { notes.append("\(rejected) value\(rejected == 1 ? " was" : "s were") not a user's object id and ignored.") }
        return notes.isEmpty ? nil : notes.joined(separator: " ")
    }
}
