import Foundation

/// Country names to ISO 3166-1 alpha-2 codes, for the admin center's `Country or Region`
/// column (a name such as `United States`, `Taiwan` or `Germany`) and for any usage location
/// written as a name.
///
/// Names come from ISO 3166-1 (short, common and official names, as Debian's `iso-codes`
/// publishes them), the tz database's `iso3166.tab`, and the spellings Microsoft's portals use
/// (`Korea`, `Hong Kong SAR`, `Congo (DRC)`, `Türkiye`, `Palestinian Authority`, …). Matching
/// ignores case, accents, punctuation and spaces, reads `&` as `and` and `St` as `Saint`, and
/// drops a leading `The`. The first name of each entry is the one shown in messages.
public enum CountryNames {
    /// The alpha-2 code for a country name, or `nil` when the name is unknown.
    ///
    /// Codes themselves are not accepted here; see ``code(forNameOrCode:)``.
    public static func code(forName name: String) -> String? {
        let key = normalized(name)
        return key.isEmpty ? nil : index[key]
    }

    /// The upper-cased alpha-2 code when `text` is one (`tw` → `TW`), else the code of the
    /// country it names, else `nil`.
    public static func code(forNameOrCode text: String) -> String? {
        CountryCode.normalized(text) ?? code(forName: text)
    }

    /// The name shown for a code, e.g. `Taiwan` for `TW`.
    public static func name(forCode code: String) -> String? {
        displayNames[code.uppercased()]
    }

    /// Up to `limit` country names closest to `text` by edit distance, for "did you mean".
    static func closestNames(to text: String, limit: Int = 3) -> [String] {
        let key = normalized(text)
        guard !key.isEmpty else { return [] }
        return EditDistance.closest(to: key, among: suggestionCandidates, threshold: max(2, key.count / 3), limit: limit)
    }

    /// Every name's matching key with the name shown for it, normalized once: a row with an
    /// unknown country used to fold the whole table again (found by the fuzzer: 200 such rows
    /// took 5 s under ASan).
    private static let suggestionCandidates: [(key: String, name: String)] =
        table.flatMap { entry in entry.names.map { (key: normalized($0), name: entry.names[0]) } }

    /// The matching key of a name: see the type's documentation.
    static func normalized(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: " and ")
        var words: [String] = []
        var word = ""
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        if words.first == "the" { words.removeFirst() }
        return words.map { $0 == "st" ? "saint" : $0 }.joined()
    }

    private static let index: [String: String] = {
        var keys: [String: String] = [:]
        for entry in table {
            for name in entry.names { keys[normalized(name)] = entry.code }
        }
        return keys
    }()

    private static let displayNames: [String: String] = {
        Dictionary(uniqueKeysWithValues: table.map { ($0.code, $0.names[0]) })
    }()

    /// Every assigned code with its names; the first name is the one shown.
    static let table: [(code: String, names: [String])] = [
        ("AD", ["Andorra", "Principality of Andorra"]),
        ("AE", ["United Arab Emirates", "UAE"]),
        ("AF", ["Afghanistan", "Islamic Republic of Afghanistan"]),
        ("AG", ["Antigua and Barbuda"]),
        ("AI", ["Anguilla"]),
        ("AL", ["Albania", "Republic of Albania"]),
        ("AM", ["Armenia", "Republic of Armenia"]),
        ("AO", ["Angola", "Republic of Angola"]),
        ("AQ", ["Antarctica"]),
        ("AR", ["Argentina", "Argentine Republic"]),
        ("AS", ["American Samoa", "Samoa (American)"]),
        ("AT", ["Austria", "Republic of Austria"]),
        ("AU", ["Australia"]),
        ("AW", ["Aruba"]),
        ("AX", ["Åland Islands", "Åland"]),
        ("AZ", ["Azerbaijan", "Republic of Azerbaijan"]),
        ("BA", ["Bosnia and Herzegovina", "Republic of Bosnia and Herzegovina", "Bosnia"]),
        ("BB", ["Barbados"]),
        ("BD", ["Bangladesh", "People's Republic of Bangladesh"]),
        ("BE", ["Belgium", "Kingdom of Belgium"]),
        ("BF", ["Burkina Faso"]),
        ("BG", ["Bulgaria", "Republic of Bulgaria"]),
        ("BH", ["Bahrain", "Kingdom of Bahrain"]),
        ("BI", ["Burundi", "Republic of Burundi"]),
        ("BJ", ["Benin", "Republic of Benin"]),
        ("BL", ["Saint Barthélemy"]),
        ("BM", ["Bermuda"]),
        ("BN", ["Brunei Darussalam", "Brunei"]),
        ("BO", ["Bolivia", "Bolivia, Plurinational State of", "Plurinational State of Bolivia"]),
        ("BQ", ["Bonaire, Sint Eustatius and Saba", "Caribbean NL", "Bonaire", "Caribbean Netherlands"]),
        ("BR", ["Brazil", "Federative Republic of Brazil"]),
        ("BS", ["Bahamas", "Commonwealth of the Bahamas"]),
        ("BT", ["Bhutan", "Kingdom of Bhutan"]),
        ("BV", ["Bouvet Island"]),
        ("BW", ["Botswana", "Republic of Botswana"]),
        ("BY", ["Belarus", "Republic of Belarus"]),
        ("BZ", ["Belize"]),
        ("CA", ["Canada"]),
        ("CC", ["Cocos (Keeling) Islands", "Cocos Islands"]),
        ("CD", ["Congo, The Democratic Republic of the", "Congo (Dem. Rep.)", "Congo (DRC)", "DR Congo",
                 "Democratic Republic of the Congo", "Congo-Kinshasa"]),
        ("CF", ["Central African Republic", "Central African Rep."]),
        ("CG", ["Congo", "Republic of the Congo", "Congo (Rep.)", "Congo-Brazzaville"]),
        ("CH", ["Switzerland", "Swiss Confederation"]),
        ("CI", ["Côte d'Ivoire", "Republic of Côte d'Ivoire", "Ivory Coast"]),
        ("CK", ["Cook Islands"]),
        ("CL", ["Chile", "Republic of Chile"]),
        ("CM", ["Cameroon", "Republic of Cameroon"]),
        ("CN", ["China", "People's Republic of China"]),
        ("CO", ["Colombia", "Republic of Colombia"]),
        ("CR", ["Costa Rica", "Republic of Costa Rica"]),
        ("CU", ["Cuba", "Republic of Cuba"]),
        ("CV", ["Cabo Verde", "Republic of Cabo Verde", "Cape Verde"]),
        ("CW", ["Curaçao"]),
        ("CX", ["Christmas Island"]),
        ("CY", ["Cyprus", "Republic of Cyprus"]),
        ("CZ", ["Czechia", "Czech Republic"]),
        ("DE", ["Germany", "Federal Republic of Germany"]),
        ("DJ", ["Djibouti", "Republic of Djibouti"]),
        ("DK", ["Denmark", "Kingdom of Denmark"]),
        ("DM", ["Dominica", "Commonwealth of Dominica"]),
        ("DO", ["Dominican Republic"]),
        ("DZ", ["Algeria", "People's Democratic Republic of Algeria"]),
        ("EC", ["Ecuador", "Republic of Ecuador"]),
        ("EE", ["Estonia", "Republic of Estonia"]),
        ("EG", ["Egypt", "Arab Republic of Egypt"]),
        ("EH", ["Western Sahara"]),
        ("ER", ["Eritrea", "the State of Eritrea"]),
        ("ES", ["Spain", "Kingdom of Spain"]),
        ("ET", ["Ethiopia", "Federal Democratic Republic of Ethiopia"]),
        ("FI", ["Finland", "Republic of Finland"]),
        ("FJ", ["Fiji", "Republic of Fiji"]),
        ("FK", ["Falkland Islands (Malvinas)", "Falkland Islands"]),
        ("FM", ["Micronesia, Federated States of", "Federated States of Micronesia", "Micronesia"]),
        ("FO", ["Faroe Islands"]),
        ("FR", ["France", "French Republic"]),
        ("GA", ["Gabon", "Gabonese Republic"]),
        ("GB", ["United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "Britain (UK)", "UK",
                 "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"]),
        ("GD", ["Grenada"]),
        ("GE", ["Georgia"]),
        ("GF", ["French Guiana"]),
        ("GG", ["Guernsey"]),
        ("GH", ["Ghana", "Republic of Ghana"]),
        ("GI", ["Gibraltar"]),
        ("GL", ["Greenland"]),
        ("GM", ["Gambia", "Republic of the Gambia"]),
        ("GN", ["Guinea", "Republic of Guinea"]),
        ("GP", ["Guadeloupe"]),
        ("GQ", ["Equatorial Guinea", "Republic of Equatorial Guinea"]),
        ("GR", ["Greece", "Hellenic Republic"]),
        ("GS", ["South Georgia and the South Sandwich Islands", "South Georgia and South Sandwich Islands"]),
        ("GT", ["Guatemala", "Republic of Guatemala"]),
        ("GU", ["Guam"]),
        ("GW", ["Guinea-Bissau", "Republic of Guinea-Bissau"]),
        ("GY", ["Guyana", "Republic of Guyana"]),
        ("HK", ["Hong Kong", "Hong Kong Special Administrative Region of China", "Hong Kong SAR"]),
        ("HM", ["Heard Island and McDonald Islands"]),
        ("HN", ["Honduras", "Republic of Honduras"]),
        ("HR", ["Croatia", "Republic of Croatia"]),
        ("HT", ["Haiti", "Republic of Haiti"]),
        ("HU", ["Hungary"]),
        ("ID", ["Indonesia", "Republic of Indonesia"]),
        ("IE", ["Ireland"]),
        ("IL", ["Israel", "State of Israel"]),
        ("IM", ["Isle of Man"]),
        ("IN", ["India", "Republic of India"]),
        ("IO", ["British Indian Ocean Territory"]),
        ("IQ", ["Iraq", "Republic of Iraq"]),
        ("IR", ["Iran", "Iran, Islamic Republic of", "Islamic Republic of Iran"]),
        ("IS", ["Iceland", "Republic of Iceland"]),
        ("IT", ["Italy", "Italian Republic"]),
        ("JE", ["Jersey"]),
        ("JM", ["Jamaica"]),
        ("JO", ["Jordan", "Hashemite Kingdom of Jordan"]),
        ("JP", ["Japan"]),
        ("KE", ["Kenya", "Republic of Kenya"]),
        ("KG", ["Kyrgyzstan", "Kyrgyz Republic"]),
        ("KH", ["Cambodia", "Kingdom of Cambodia"]),
        ("KI", ["Kiribati", "Republic of Kiribati"]),
        ("KM", ["Comoros", "Union of the Comoros"]),
        ("KN", ["Saint Kitts and Nevis"]),
        ("KP", ["North Korea", "Korea, Democratic People's Republic of",
                 "Democratic People's Republic of Korea", "Korea (North)"]),
        ("KR", ["South Korea", "Korea, Republic of", "Korea (South)", "Korea", "Republic of Korea"]),
        ("KW", ["Kuwait", "State of Kuwait"]),
        ("KY", ["Cayman Islands"]),
        ("KZ", ["Kazakhstan", "Republic of Kazakhstan"]),
        ("LA", ["Laos", "Lao People's Democratic Republic"]),
        ("LB", ["Lebanon", "Lebanese Republic"]),
        ("LC", ["Saint Lucia"]),
        ("LI", ["Liechtenstein", "Principality of Liechtenstein"]),
        ("LK", ["Sri Lanka", "Democratic Socialist Republic of Sri Lanka"]),
        ("LR", ["Liberia", "Republic of Liberia"]),
        ("LS", ["Lesotho", "Kingdom of Lesotho"]),
        ("LT", ["Lithuania", "Republic of Lithuania"]),
        ("LU", ["Luxembourg", "Grand Duchy of Luxembourg"]),
        ("LV", ["Latvia", "Republic of Latvia"]),
        ("LY", ["Libya"]),
        ("MA", ["Morocco", "Kingdom of Morocco"]),
        ("MC", ["Monaco", "Principality of Monaco"]),
        ("MD", ["Moldova", "Moldova, Republic of", "Republic of Moldova"]),
        ("ME", ["Montenegro"]),
        ("MF", ["Saint Martin (French part)", "St Martin (French)", "Saint Martin"]),
        ("MG", ["Madagascar", "Republic of Madagascar"]),
        ("MH", ["Marshall Islands", "Republic of the Marshall Islands"]),
        ("MK", ["North Macedonia", "Republic of North Macedonia", "Macedonia", "Macedonia, FYRO"]),
        ("ML", ["Mali", "Republic of Mali"]),
        ("MM", ["Myanmar", "Republic of Myanmar", "Myanmar (Burma)", "Burma"]),
        ("MN", ["Mongolia"]),
        ("MO", ["Macao", "Macao Special Administrative Region of China", "Macau", "Macao SAR"]),
        ("MP", ["Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands"]),
        ("MQ", ["Martinique"]),
        ("MR", ["Mauritania", "Islamic Republic of Mauritania"]),
        ("MS", ["Montserrat"]),
        ("MT", ["Malta", "Republic of Malta"]),
        ("MU", ["Mauritius", "Republic of Mauritius"]),
        ("MV", ["Maldives", "Republic of Maldives"]),
        ("MW", ["Malawi", "Republic of Malawi"]),
        ("MX", ["Mexico", "United Mexican States"]),
        ("MY", ["Malaysia"]),
        ("MZ", ["Mozambique", "Republic of Mozambique"]),
        ("NA", ["Namibia", "Republic of Namibia"]),
        ("NC", ["New Caledonia"]),
        ("NE", ["Niger", "Republic of the Niger"]),
        ("NF", ["Norfolk Island"]),
        ("NG", ["Nigeria", "Federal Republic of Nigeria"]),
        ("NI", ["Nicaragua", "Republic of Nicaragua"]),
        ("NL", ["Netherlands", "Kingdom of the Netherlands", "Holland"]),
        ("NO", ["Norway", "Kingdom of Norway"]),
        ("NP", ["Nepal", "Federal Democratic Republic of Nepal"]),
        ("NR", ["Nauru", "Republic of Nauru"]),
        ("NU", ["Niue"]),
        ("NZ", ["New Zealand"]),
        ("OM", ["Oman", "Sultanate of Oman"]),
        ("PA", ["Panama", "Republic of Panama"]),
        ("PE", ["Peru", "Republic of Peru"]),
        ("PF", ["French Polynesia"]),
        ("PG", ["Papua New Guinea", "Independent State of Papua New Guinea"]),
        ("PH", ["Philippines", "Republic of the Philippines"]),
        ("PK", ["Pakistan", "Islamic Republic of Pakistan"]),
        ("PL", ["Poland", "Republic of Poland"]),
        ("PM", ["Saint Pierre and Miquelon"]),
        ("PN", ["Pitcairn", "Pitcairn Islands"]),
        ("PR", ["Puerto Rico"]),
        ("PS", ["Palestine, State of", "the State of Palestine", "Palestine", "Palestinian Authority",
                 "Palestinian Territories"]),
        ("PT", ["Portugal", "Portuguese Republic"]),
        ("PW", ["Palau", "Republic of Palau"]),
        ("PY", ["Paraguay", "Republic of Paraguay"]),
        ("QA", ["Qatar", "State of Qatar"]),
        ("RE", ["Réunion"]),
        ("RO", ["Romania"]),
        ("RS", ["Serbia", "Republic of Serbia"]),
        ("RU", ["Russian Federation", "Russia"]),
        ("RW", ["Rwanda", "Rwandese Republic"]),
        ("SA", ["Saudi Arabia", "Kingdom of Saudi Arabia"]),
        ("SB", ["Solomon Islands"]),
        ("SC", ["Seychelles", "Republic of Seychelles"]),
        ("SD", ["Sudan", "Republic of the Sudan"]),
        ("SE", ["Sweden", "Kingdom of Sweden"]),
        ("SG", ["Singapore", "Republic of Singapore"]),
        ("SH", ["Saint Helena, Ascension and Tristan da Cunha", "St Helena",
                 "St Helena, Ascension, Tristan da Cunha"]),
        ("SI", ["Slovenia", "Republic of Slovenia"]),
        ("SJ", ["Svalbard and Jan Mayen", "Svalbard"]),
        ("SK", ["Slovakia", "Slovak Republic"]),
        ("SL", ["Sierra Leone", "Republic of Sierra Leone"]),
        ("SM", ["San Marino", "Republic of San Marino"]),
        ("SN", ["Senegal", "Republic of Senegal"]),
        ("SO", ["Somalia", "Federal Republic of Somalia"]),
        ("SR", ["Suriname", "Republic of Suriname"]),
        ("SS", ["South Sudan", "Republic of South Sudan"]),
        ("ST", ["Sao Tome and Principe", "Democratic Republic of Sao Tome and Principe"]),
        ("SV", ["El Salvador", "Republic of El Salvador"]),
        ("SX", ["Sint Maarten (Dutch part)", "St Maarten (Dutch)", "Sint Maarten"]),
        ("SY", ["Syria", "Syrian Arab Republic"]),
        ("SZ", ["Eswatini", "Kingdom of Eswatini", "Eswatini (Swaziland)", "Swaziland"]),
        ("TC", ["Turks and Caicos Islands", "Turks & Caicos Is"]),
        ("TD", ["Chad", "Republic of Chad"]),
        ("TF", ["French Southern Territories", "French S. Terr."]),
        ("TG", ["Togo", "Togolese Republic"]),
        ("TH", ["Thailand", "Kingdom of Thailand"]),
        ("TJ", ["Tajikistan", "Republic of Tajikistan"]),
        ("TK", ["Tokelau"]),
        ("TL", ["Timor-Leste", "Democratic Republic of Timor-Leste", "East Timor"]),
        ("TM", ["Turkmenistan"]),
        ("TN", ["Tunisia", "Republic of Tunisia"]),
        ("TO", ["Tonga", "Kingdom of Tonga"]),
        ("TR", ["Türkiye", "Republic of Türkiye", "Turkey"]),
        ("TT", ["Trinidad and Tobago", "Republic of Trinidad and Tobago"]),
        ("TV", ["Tuvalu"]),
        ("TW", ["Taiwan", "Taiwan, Province of China"]),
        ("TZ", ["Tanzania", "Tanzania, United Republic of", "United Republic of Tanzania"]),
        ("UA", ["Ukraine"]),
        ("UG", ["Uganda", "Republic of Uganda"]),
        ("UM", ["United States Minor Outlying Islands", "US minor outlying islands", "U.S. Outlying Islands"]),
        ("US", ["United States", "United States of America", "USA", "U.S."]),
        ("UY", ["Uruguay", "Eastern Republic of Uruguay"]),
        ("UZ", ["Uzbekistan", "Republic of Uzbekistan"]),
        ("VA", ["Holy See (Vatican City State)", "Vatican City", "Holy See", "Vatican"]),
        ("VC", ["Saint Vincent and the Grenadines", "St Vincent"]),
        ("VE", ["Venezuela", "Venezuela, Bolivarian Republic of", "Bolivarian Republic of Venezuela"]),
        ("VG", ["Virgin Islands, British", "British Virgin Islands", "Virgin Islands (UK)"]),
        ("VI", ["Virgin Islands, U.S.", "Virgin Islands of the United States", "U.S. Virgin Islands"]),
        ("VN", ["Vietnam", "Socialist Republic of Viet Nam"]),
        ("VU", ["Vanuatu", "Republic of Vanuatu"]),
        ("WF", ["Wallis and Futuna"]),
        ("WS", ["Samoa", "Independent State of Samoa", "Samoa (western)"]),
        ("YE", ["Yemen", "Republic of Yemen"]),
        ("YT", ["Mayotte"]),
        ("ZA", ["South Africa", "Republic of South Africa"]),
        ("ZM", ["Zambia", "Republic of Zambia"]),
        ("ZW", ["Zimbabwe", "Republic of Zimbabwe"]),
    ]
}
