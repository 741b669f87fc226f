import Testing
@testable import SQLiteDirectory
