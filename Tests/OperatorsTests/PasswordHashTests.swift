import DirectoryConformance
import Foundation
import Provisioning
import Testing
@testable import Operators

@Suite struct PasswordHashTests {
    static let cheap = ScryptParameters(logN: 4, r: 8, p: 1)
    static func random(_ seed: UInt64 = 7) -> RandomSource { RandomSource(SplitMix64(seed: seed)) }

    @Test func theEncodedHashCarriesItsParametersSaltAndKeyAndReadsBack() throws {
        let hash = try PasswordHash.make(OperatorPassword("correct horse battery"), parameters: Self.cheap,
                                         random: Self.random())
        let encoded = hash.encoded
        #expect(encoded.hasPrefix("$scrypt$ln=4,r=8,p=1$"))
        #expect(encoded.split(separator: "$").count == 4)
        let read = try #require(PasswordHash(encoded: encoded))
        #expect(read == hash)
        #expect(read.salt.count == 16 && read.hash.count == 32)
        #expect(try read.verify(OperatorPassword("correct horse battery")))
        #expect(try !read.verify(OperatorPassword("correct horse batterY")))
    }

    @Test func theStandardParametersAreNTwoToTheFifteenR8P1() throws {
        #expect(ScryptParameters.standard == ScryptParameters(logN: 15, r: 8, p: 1))
        #expect(ScryptParameters.standard.memory == 32 << 20)
        let hash = try PasswordHash.make(OperatorPassword("a standard-cost password"), random: Self.random())
        #expect(hash.encoded.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(try hash.verify(OperatorPassword("a standard-cost password")))
    }

    @Test func everyHashGetsItsOwnSalt() throws {
        let random = Self.random()
        let password = OperatorPassword("the same password twice")
        let first = try PasswordHash.make(password, parameters: Self.cheap, random: random)
        let second = try PasswordHash.make(password, parameters: Self.cheap, random: random)
        #expect(first.salt != second.salt)
        #expect(first.hash != second.hash)
    }

    @Test func aHashMadeWithOtherParametersStillVerifies() throws {
        let older = try PasswordHash.make(OperatorPassword("made long ago, cheaply"),
                                          parameters: ScryptParameters(logN: 3, r: 4, p: 2), random: Self.random())
        let read = try #require(PasswordHash(encoded: older.encoded))
        #expect(read.parameters == ScryptParameters(logN: 3, r: 4, p: 2))
        #expect(try read.verify(OperatorPassword("made long ago, cheaply")))
    }

    @Test(arguments: ["", "scrypt", "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHQ", "$bcrypt$ln=4,r=8,p=1$c2FsdHNhbHQ$AAAA",
                      "$scrypt$ln=4,r=8$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
                      "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
                      "$scrypt$ln=20,r=32,p=1$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
                      "$scrypt$ln=4,r=8,p=1,p=2$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
                      "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0$AAAA",
                      "$scrypt$ln=4,r=8,p=1$!!!!$" + String(repeating: "A", count: 43)])
    func aMalformedOrAbsurdHashIsNotRead(_ text: String) {
        #expect(PasswordHash(encoded: text) == nil)
    }

    @Test func aPasswordNeverShowsInDescriptionsOrDumps() throws {
        let password = OperatorPassword("Tr0ub4dor&3-secret")
        var dumped = ""
        dump(password, to: &dumped)
        for text in ["\(password)", String(describing: password), String(reflecting: password), dumped] {
            #expect(!text.contains("Tr0ub4dor"), "\(text)")
        }
        let hash = try PasswordHash.make(password, parameters: Self.cheap, random: Self.random())
        #expect(!"\(hash)".contains(hash.encoded.split(separator: "$").last.map(String.init) ?? "?"))
    }

    @Test func passwordsAreComparedAfterUnicodeNormalization() throws {
        let composed = OperatorPassword("caf\u{E9} au lait, s'il vous pla\u{EE}t")
        let decomposed = OperatorPassword("cafe\u{301} au lait, s'il vous plai\u{302}t")
        #expect(composed.matches(decomposed))
        let hash = try PasswordHash.make(composed, parameters: Self.cheap, random: Self.random())
        #expect(try hash.verify(decomposed))
    }
}
