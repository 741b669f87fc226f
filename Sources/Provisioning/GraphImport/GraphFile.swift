import Foundation

/// One file of a Microsoft Graph response as the caller read it: its name for messages, and
/// its bytes.
public struct GraphFile: Sendable, Hashable {
    /// The name errors use (as the caller gave it).
    public var name: String
    /// The file's bytes.
    public var data: Data

    /// Creates a file from bytes already read.
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }

    /// Reads a file.
    /// - Parameters:
    ///   - path: where it is.
    ///   - name: how messages name it (defaults to `path`).
    /// - Throws: ``GraphImportError`` when it cannot be read.
    public init(path: String, name: String? = nil) throws {
        self.name = name ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GraphImportError(file: name ?? path, path: "", message: "cannot read the file")
        }
        self.data = data
    }
}
