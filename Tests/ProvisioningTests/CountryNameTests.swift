import Testing
@testable import Provisioning

/// Country names as Excel users type them, in the table's languages (generated from iso-codes
/// by Tests/tools/make-country-names.py), folded, with ambiguity and suggestions.
@Suite("Country names")
struct CountryNameTests {
    @Test(arguments: [
        // German, French, Spanish, Italian, Dutch, Portuguese
        ("Deutschland", "DE"), ("Österreich", "AT"), ("Oesterreich", "AT"), ("Allemagne", "DE"), ("Alemania", "DE"), ("Germania", "DE"),
        ("Duitsland", "DE"), ("Alemanha", "DE"), ("Autriche", "AT"), ("Schweiz", "CH"), ("Suisse", "CH"),
        ("Svizzera", "CH"), ("Vereinigtes Königreich", "GB"), ("Royaume-Uni", "GB"), ("España", "ES"),
        ("Espagne", "ES"), ("Spanien", "ES"), ("États-Unis", "US"), ("Estados Unidos", "US"), ("Stati Uniti", "US"),
        ("Verenigde Staten", "US"), ("Nederland", "NL"), ("Países Bajos", "NL"), ("Brasil", "BR"), ("Japón", "JP"),
        ("Giappone", "JP"), ("Türkei", "TR"), ("Tschechien", "CZ"), ("Südkorea", "KR"), ("Corée du Sud", "KR"),
        // Japanese, Chinese (Traditional and Simplified), Korean
        ("ドイツ", "DE"), ("德國", "DE"), ("德国", "DE"), ("독일", "DE"), ("オーストリア", "AT"), ("奧地利", "AT"),
        ("台灣", "TW"), ("臺灣", "TW"), ("台湾", "TW"), ("臺湾", "TW"), ("中華民國", "TW"), ("타이완", "TW"),
        ("日本", "JP"), ("일본", "JP"), ("美國", "US"), ("美国", "US"), ("미국", "US"), ("アメリカ合衆国", "US"),
        ("英國", "GB"), ("英国", "GB"), ("イギリス", "GB"), ("영국", "GB"), ("韓国", "KR"), ("韩国", "KR"), ("南韓", "KR"),
        ("한국", "KR"), ("대한민국", "KR"), ("香港", "HK"), ("中国", "CN"), ("中國", "CN"), ("新加坡", "SG"),
        // Short forms and iso-codes' common and official names
        ("USA", "US"), ("U.S.A.", "US"), ("UK", "GB"), ("South Korea", "KR"), ("Korea", "KR"), ("Türkiye", "TR"),
        ("Turkey", "TR"), ("Czechia", "CZ"), ("Czech Republic", "CZ"), ("Vietnam", "VN"), ("Viet Nam", "VN"),
        ("Plurinational State of Bolivia", "BO"), ("Bolivia", "BO"), ("Laos", "LA"),
    ])
    func namesInEachLanguageMapToTheirCode(name: String, code: String) {
        #expect(CountryNames.code(forName: name) == code, "\(name)")
    }

    @Test(arguments: [
        ("Österreich", ["Osterreich", "OSTERREICH", "österreich", " Öster-reich "]),
        ("台灣", ["臺灣", "台湾", "臺湾", "台 灣"]),
        ("Côte d'Ivoire", ["Cote d’Ivoire", "COTE DIVOIRE", "Côte-d'Ivoire"]),
        ("USA", ["ＵＳＡ", "u.s.a", "U S A"]),
        ("Færøerne", ["Faeroerne", "FAERØERNE"]),
        ("Saint Lucia", ["St. Lucia", "st lucia", "ST-LUCIA"]),
    ])
    func caseAccentsWidthVariantsAndPunctuationFoldToOneKey(name: String, typed: [String]) {
        for text in typed {
            #expect(CountryNames.normalized(text) == CountryNames.normalized(name), "\(text)")
        }
    }

    @Test func theGeneratedTableHasNoKeyForTwoCodes() {
        #expect(CountryNames.collisions.isEmpty, "\(CountryNames.collisions)")
        #expect(CountryNames.tableSource.hasPrefix("iso-codes "))
        #expect(CountryNames.table.count == CountryCode.assigned.count)
    }

    @Test func anAmbiguousNameNamesNeitherCountryAndSuggestsBoth() {
        // サンマルタン is Saint Martin, the island: its French (MF) and its Dutch (SX) part.
        let ambiguous = CountryNames.ambiguousNames.first { $0.name == "サンマルタン" }
        #expect(ambiguous?.codes == ["MF", "SX"])
        #expect(CountryNames.code(forName: "サンマルタン") == nil)
        #expect(CountryNames.code(forName: "聖馬丁") == nil)
        #expect(CountryNames.closestNames(to: "サンマルタン")
                == [CountryNames.name(forCode: "MF"), CountryNames.name(forCode: "SX")].compactMap { $0 })
        // Resolved to one code by the generator: iso-codes' pt catalog gives it to both.
        #expect(CountryNames.code(forName: "República Islâmica do Paquistão") == "PK")
    }

    @Test(arguments: [
        ("Germny", ["Germany"]),
        ("Deutschlnd", ["Deutschland (Germany)"]),
        ("Osterreih", ["Österreich (Austria)"]),
        ("台灣省", ["台湾 (Taiwan)"]),
        ("ドイシ", ["ドイツ (Germany)"]),
    ])
    func nearMissesSuggestTheSpellingTypedAndTheCountry(text: String, expected: [String]) {
        #expect(Array(CountryNames.closestNames(to: text).prefix(expected.count)) == expected, "\(text)")
    }

    @Test(arguments: ["火星", "台北市政府", "Atlantis", "ＸＹＺＺＹ"])
    func farNamesSuggestNothingAndNeverTheUnitedKingdom(text: String) {
        #expect(CountryNames.code(forNameOrCode: text) == nil)
        #expect(!CountryNames.closestNames(to: text).contains { $0.contains("United Kingdom") }, "\(text)")
    }
}
