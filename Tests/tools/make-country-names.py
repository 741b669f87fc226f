#!/usr/bin/env python3
"""Regenerates Sources/Provisioning/Intake/CountryNames+Table.swift from Debian's iso-codes.

    python3 Tests/tools/make-country-names.py            # writes the Swift file
    python3 Tests/tools/make-country-names.py --check    # exits 1 when the file is out of date

Source: the `iso-codes` package (`dpkg-query -W iso-codes`):
  /usr/share/iso-codes/json/iso_3166-1.json           every assigned alpha-2 code, with its
                                                       `name`, `common_name`, `official_name`
  /usr/share/locale/LANG/LC_MESSAGES/iso_3166-1.mo    their translations (gettext catalogs)
plus ALIASES below (spellings Microsoft's portals and Excel users write that iso-codes lacks).

For each code the table keeps one spelling per matching key (see `fold`, which mirrors
`CountryNames.normalized` in Swift; the Swift tests check that every kept name maps back to its
code, so a difference between the two folds shows up there). A key that two codes share is an
ambiguity: the script refuses to write the file until RESOLVED says which code the key means,
or `None` to refuse the name with both countries as suggestions.

Python 3.11 standard library only.
"""
import gettext
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Sources/Provisioning/Intake/CountryNames+Table.swift"
JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALES = Path("/usr/share/locale")

# The languages partners' customers write in (gettext catalog names). English is the msgid.
LANGUAGES = ["de", "fr", "es", "it", "nl", "pt", "pt_BR", "ja", "zh_TW", "zh_HK", "zh_CN", "ko",
             "da", "sv", "nb", "fi", "pl", "cs"]

# Variant characters folded before matching, each to one form (the Simplified one, or the
# plain Latin letters): Traditional/Simplified pairs and variants that occur in the Chinese and
# Japanese names of the table (臺灣, 台灣, 台湾 and 臺湾 are then one key), and Latin letters
# that Unicode does not decompose (Færøerne, Łotwa). Applied after case and accent folding.
VARIANTS = {
    "臺": "台", "灣": "湾", "國": "国", "亞": "亚", "爾": "尔", "馬": "马", "蘭": "兰", "島": "岛",
    "內": "内", "達": "达", "維": "维", "納": "纳", "羅": "罗", "聯": "联", "幾": "几", "蘇": "苏",
    "屬": "属", "薩": "萨", "聖": "圣", "魯": "鲁", "羣": "群", "烏": "乌", "盧": "卢", "門": "门",
    "麥": "麦", "愛": "爱", "義": "义", "奧": "奥", "剛": "刚", "紹": "绍", "約": "约", "東": "东",
    "時": "时", "貝": "贝", "萊": "莱", "倫": "伦", "賽": "赛", "臘": "腊", "會": "会", "脫": "脱",
    "眾": "众", "衆": "众", "頓": "顿", "賓": "宾", "獨": "独", "庫": "库", "濟": "济", "岡": "冈",
    "別": "别", "諾": "诺", "紐": "纽", "勞": "劳", "鮮": "鲜", "圖": "图", "極": "极", "領": "领",
    "寧": "宁", "華": "华", "誕": "诞", "開": "开", "顛": "颠", "關": "关", "區": "区", "買": "买",
    "韓": "韩", "撾": "挝", "緬": "缅", "來": "来", "祕": "秘", "敍": "叙", "敘": "叙", "湯": "汤",
    "堅": "坚", "葉": "叶", "韋": "韦", "彊": "疆", "澤": "泽", "茲": "兹", "蓋": "盖", "與": "与",
    "瑪": "玛", "爭": "争", "劃": "划", "鳥": "鸟", "處": "处",
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss",
}

# Names iso-codes does not have, as people type them (Microsoft's portal spellings, the tz
# database's iso3166.tab, short forms and everyday names in the table's languages).
ALIASES = {
    "AE": ["UAE"], "AS": ["Samoa (American)"], "AX": ["Åland"], "BA": ["Bosnia"], "BN": ["Brunei"],
    "BQ": ["Caribbean NL", "Bonaire", "Caribbean Netherlands"], "CC": ["Cocos Islands"],
    "CD": ["Congo (Dem. Rep.)", "Congo (DRC)", "DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CF": ["Central African Rep."], "CG": ["Congo (Rep.)", "Congo-Brazzaville"], "CI": ["Ivory Coast"],
    "CV": ["Cape Verde"], "CZ": ["Czech"], "FK": ["Falkland Islands"], "FM": ["Micronesia"],
    "GB": ["UK", "U.K.", "Britain (UK)", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "イギリス", "英國"],
    "GS": ["South Georgia and South Sandwich Islands"], "HK": ["Hong Kong SAR", "香港特別行政區", "香港特别行政区"],
    "JP": ["일본"],
    "KP": ["Korea (North)", "Korea, North", "北朝鮮", "北韓", "朝鲜", "북한", "조선"],
    "KR": ["Korea (South)", "Korea, South", "Korea", "Republic of Korea", "韓国", "韩国", "南韓", "한국", "남한"],
    "MF": ["St Martin (French)", "Saint Martin"], "MK": ["Macedonia", "Macedonia, FYRO"],
    "MM": ["Myanmar (Burma)", "Burma"], "MO": ["Macau", "Macao SAR", "澳門特別行政區", "澳门特别行政区"],
    "NL": ["Holland"], "PN": ["Pitcairn Islands"],
    "PS": ["Palestine", "Palestinian Authority", "Palestinian Territories"], "RU": ["Russia"],
    "SH": ["St Helena", "St Helena, Ascension, Tristan da Cunha"], "SJ": ["Svalbard"],
    "SX": ["St Maarten (Dutch)", "Sint Maarten"], "SZ": ["Eswatini (Swaziland)", "Swaziland"],
    "TC": ["Turks & Caicos Is"], "TF": ["French S. Terr."], "TL": ["East Timor"], "TR": ["Turkey"],
    "TW": ["Taiwan (ROC)", "Republic of China", "台湾", "台灣"],
    "UM": ["US minor outlying islands", "U.S. Outlying Islands"],
    "US": ["USA", "U.S.", "U.S.A.", "America", "アメリカ", "アメリカ合衆国"],
    "VA": ["Vatican City", "Holy See", "Vatican"], "VC": ["St Vincent"], "VG": ["Virgin Islands (UK)"],
    "VI": ["U.S. Virgin Islands"], "WS": ["Samoa (western)"],
}

# Keys that more than one code's names fold to, and what they mean: a code, or None to refuse
# the name and suggest every code that has it. The script stops on an ambiguity not listed here.
RESOLVED: dict[str, str | None] = {
    # iso-codes' pt catalog gives Afghanistan's official name as Pakistan's (a translation slip).
    "republicaislamicadopaquistao": "PK",
    # Saint Martin, the island: the French part (MF) and the Dutch part (SX) in ja and zh.
    "サンマルタン": None,
    "圣马丁": None,
}


def fold(name: str) -> str:
    """The matching key, as `CountryNames.normalized` computes it in Swift."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = "".join(VARIANTS.get(c, c) for c in text).replace("&", " and ")
    words, word = [], ""
    for c in text:
        if c.isalpha() or c.isnumeric():
            word += c
        elif word:
            words.append(word)
            word = ""
    if word:
        words.append(word)
    if words and words[0] == "the":
        words = words[1:]
    return "".join("saint" if w == "st" else w for w in words)


def spellings(text: str, language: str) -> list[str]:
    """A name as the catalog spells it, and the forms people write it in too."""
    forms = [text]
    if language.startswith(("ja", "ko", "zh")) and "(" in text and text.endswith(")"):
        # 大韓民国 (韓国): both the name and the one in brackets.
        outer, inner = text[:-1].split("(", 1)
        forms += [outer.strip(), inner.strip()]
    if language == "de" and any(c in text for c in "äöüÄÖÜ"):
        # Oesterreich, Suedkorea: the umlauts as German writes them without the letters.
        table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
        forms.append(text.translate(table))
    return forms


def main() -> int:
    version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "iso-codes"],
                             capture_output=True, text=True, check=True).stdout.strip()
    entries = json.loads(JSON.read_text(encoding="utf-8"))["3166-1"]
    catalogs = {}
    for language in LANGUAGES:
        with open(LOCALES / language / "LC_MESSAGES/iso_3166-1.mo", "rb") as file:
            catalogs[language] = gettext.GNUTranslations(file)

    # code -> [names], the shown one first; key -> {codes}
    names: dict[str, list[str]] = {}
    keys: dict[str, dict[str, str]] = {}
    for entry in sorted(entries, key=lambda e: e["alpha_2"]):
        code = entry["alpha_2"]
        english = [entry[k] for k in ("common_name", "name", "official_name") if k in entry]
        candidates = [(n, "en") for n in english] + [(n, "en") for n in ALIASES.get(code, [])]
        for language in LANGUAGES:
            for msgid in english:
                translated = catalogs[language].gettext(msgid)
                if translated != msgid:
                    candidates += [(form, language) for form in spellings(translated, language)]
        kept: list[str] = []
        seen: set[str] = set()
        for name, _ in candidates:
            key = fold(name)
            if key and key not in seen:
                seen.add(key)
                kept.append(name)
                keys.setdefault(key, {})[code] = name
        names[code] = kept

    ambiguous: list[tuple[str, list[str]]] = []
    unresolved = []
    for key, owners in sorted(keys.items()):
        if len(owners) < 2:
            continue
        if key not in RESOLVED:
            unresolved.append(f"{key!r}: " + ", ".join(f"{c} {n!r}" for c, n in sorted(owners.items())))
            continue
        meaning = RESOLVED[key]
        for code, name in owners.items():
            if code != meaning:
                names[code].remove(name)
        if meaning is None:
            ambiguous.append((next(iter(owners.values())), sorted(owners)))
    stale = [key for key in RESOLVED if len(keys.get(key, {})) < 2]
    if unresolved or stale:
        for line in unresolved:
            print("ambiguous, add to RESOLVED:", line, file=sys.stderr)
        for key in stale:
            print("RESOLVED names a key that is not ambiguous:", key, file=sys.stderr)
        return 1

    for name in names.values():
        for text in name:
            if "|" in text or "\n" in text or '"""' in text or "\\" in text:
                raise SystemExit(f"name {text!r} cannot be packed")
    lines = [f"{code}|" + "|".join(names[code]) for code in sorted(names)]
    ambiguous_lines = [f"{name}|" + "|".join(codes) for name, codes in ambiguous]
    text = f'''// Generated by Tests/tools/make-country-names.py from Debian's iso-codes {version}
// (iso_3166-1.json and the iso_3166-1.mo translations: {", ".join(LANGUAGES)}),
// plus the script's aliases. Do not edit: change the script and run it again.

extension CountryNames {{
    /// Where the table comes from.
    static let tableSource = "iso-codes {version}"

    /// One line per assigned code: the code, then its names separated by `|`, the one shown in
    /// messages first (iso-codes' common name, else its name).
    static let packedTable = """
{chr(10).join("    " + line for line in lines)}
    """

    /// Names that two or more codes share in some language, refused with every one of them
    /// as the suggestion: the name, then the codes, separated by `|`.
    static let packedAmbiguous = """
{chr(10).join("    " + line for line in ambiguous_lines)}
    """

    /// The variant characters folded before matching, one pair a line: the character, then
    /// what it folds to.
    static let packedVariants = """
{chr(10).join("    " + line for line in sorted(set(f"{a} {b}" for a, b in VARIANTS.items())))}
    """
}}
'''
    if "--check" in sys.argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date; run {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(lines)} codes, "
          f"{sum(len(n) for n in names.values())} names, {len(ambiguous)} ambiguous, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
