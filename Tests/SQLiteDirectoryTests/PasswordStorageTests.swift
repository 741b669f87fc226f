import Foundation
import Testing
import Provisioning
@testable import PasswordHashing
@testable import SQLiteDirectory

@Suite struct PasswordStorageTests {
    /// Every file of the store: the database, its WAL and shared-memory file, read as bytes.
    static func storeBytes(_ path: String) -> [UInt8] {
        ["", "-wal", "-shm"].flatMap { suffix in
            (FileManager.default.contents(atPath: path + suffix)).map(Array.init) ?? []
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return false }
        return (0...(haystack.count - pattern.count)).contains { start in
            haystack[start] == pattern[0] && Array(haystack[start..<(start + pattern.count)]) == pattern
        }
    }

    @Test func plaintextIsInNeitherTheStoreFilesNorTheAuditLogButVerifies() throws {
        let fixture = try StoreFixture()
        var random = SystemRandomNumberGenerator()
        var issued: [(User, String)] = []
        var sets: [UserChangeSet] = []
        for index in 0..<20 {
            let user = fixture.newUser("p\(index)@contoso.com")
            let password = TemporaryPassword.generate(using: &random)
            issued.append((user, password.reveal()))
            sets.append(fixture.set(user, [.create(user, password: password)]))
        }
        #expect(try fixture.apply(sets).allSatisfy { $0 == .applied })
        let reset = TemporaryPassword.generate(using: &random)
        try fixture.apply([fixture.set(issued[0].0, [.resetPassword(reset)])])
        issued[0].1 = reset.reveal()
        // Read the bytes before closing (the WAL still holds the pages) and after a checkpoint.
        let liveBytes = Self.storeBytes(fixture.path)
        #expect(FileManager.default.fileExists(atPath: fixture.path + "-wal"))
        try fixture.store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let checkpointedBytes = Self.storeBytes(fixture.path)
        let audit = try fixture.store.auditLog().map { "\($0.detail) \($0.action) \($0.userPrincipalName ?? "")" }.joined()
        for (user, password) in issued {
            #expect(!Self.contains(liveBytes, password))
            #expect(!Self.contains(checkpointedBytes, password))
            #expect(!audit.contains(password))
            #expect(try fixture.store.verifyPassword(objectID: user.objectID, password: password))
        }
        // The first user's old password no longer verifies.
        #expect(try !fixture.store.verifyPassword(objectID: issued[0].0.objectID, password: "Tz4#kP9q!mWx2vLr"))
        #expect(try !fixture.store.verifyPassword(objectID: "no-such-user", password: issued[1].1))
    }

    @Test func equalPasswordsGetDifferentSaltsAndHashes() throws {
        let fixture = try StoreFixture()
        try fixture.create([fixture.newUser("a@contoso.com"), fixture.newUser("b@contoso.com")])
        let connection = fixture.store.connection
        let rows = try connection.prepare("SELECT password_scheme, password_salt, password_hash FROM users ORDER BY id")
        var salts: [[UInt8]] = [], hashes: [[UInt8]] = []
        while try rows.step() {
            #expect(rows.int64(0) == PasswordHasher.scheme)
            salts.append(rows.blob(1))
            hashes.append(rows.blob(2))
        }
        #expect(salts.map(\.count) == [16, 16])
        #expect(hashes.map(\.count) == [32, 32])
        #expect(salts[0] != salts[1])
        #expect(hashes[0] != hashes[1])
    }

    @Test func hasherVerifiesOnlyTheSamePasswordAndSalt() throws {
        let (salt, hash) = try PasswordHasher.hash(TemporaryPasswordText("Correct-Horse-7"))
        #expect(try PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-7"), salt: salt, hash: hash))
        #expect(try !PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-8"), salt: salt, hash: hash))
        var otherSalt = salt
        otherSalt[0] ^= 1
        #expect(try !PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-7"), salt: otherSalt, hash: hash))
        #expect(try !PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-7"), salt: [], hash: hash))
        #expect("\(TemporaryPasswordText("secret"))" == "<redacted>")
    }

    /// The Swift BLAKE2b computes what libsodium's `crypto_generichash_blake2b_salt_personal`
    /// did for earlier builds (vectors from Python's `hashlib.blake2b`, which agrees with it), so
    /// hashes already in a store keep verifying. RFC 7693's Appendix A vector too.
    @Test(arguments: [
        (Array("abc".utf8), 64, [UInt8](), [UInt8](),
         "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
        (Array("Correct-Horse-7".utf8), 32, Array(0..<16), Array("provision.pw.v1.".utf8),
         "d0b98f1c2b17390121c07bf55a7cbc4a756f2d44ff274ee8d81785d426a82d76"),
        ([UInt8](repeating: UInt8(ascii: "x"), count: 300), 32, Array(0..<16), Array("provision.pw.v1.".utf8),
         "33104fae337fbade4092405df6e4e220d6ec9eb5abade0bc590e97ddec0f80eb"),
        ([UInt8](), 32, Array(0..<16), Array("provision.pw.v1.".utf8),
         "2a4ce015244a3430e48a229148eb9b61cef86fec420125fd9de2143e8339da9e"),
    ])
    func blake2bMatchesKnownVectors(input: [UInt8], length: Int, salt: [UInt8], personal: [UInt8], expected: String) {
        var hasher = BLAKE2b(length: length, salt: salt, personal: personal)
        input.withUnsafeBufferPointer { hasher.update($0) }
        let hex = hasher.finish().map { String(format: "%02x", $0) }.joined()
        #expect(hex == expected)
    }

    /// A hash as a libsodium build stored it (scheme 1) verifies: this digest is what Debian's
    /// libsodium 1.0.18 returned for it (called through Python's ctypes), salt 0...15.
    @Test func hashFromTheLibsodiumBuildVerifies() throws {
        let hash = stride(from: 0, to: 64, by: 2).map { offset -> UInt8 in
            let hex = "d0b98f1c2b17390121c07bf55a7cbc4a756f2d44ff274ee8d81785d426a82d76"
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
        #expect(try PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-7"), salt: Array(0..<16), hash: hash))
        #expect(try !PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-6"), salt: Array(0..<16), hash: hash))
    }

    /// Salts drawn a block at a time are 16 bytes each and never repeat, across blocks too.
    @Test func saltsFromOneSourceAreDistinctAcrossBlocks() throws {
        let source = PasswordHasher.SaltSource()
        let salts = try (0..<600).map { _ in try source.next() }
        #expect(salts.allSatisfy { $0.count == PasswordHasher.saltLength })
        #expect(Set(salts).count == salts.count)
        let (salt, hash) = try PasswordHasher.hash(TemporaryPasswordText("Correct-Horse-7"), salts: source)
        #expect(try PasswordHasher.verify(TemporaryPasswordText("Correct-Horse-7"), salt: salt, hash: hash))
        #expect(!salts.contains(salt))
    }
}
