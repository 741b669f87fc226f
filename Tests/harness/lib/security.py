"""End-to-end security checks of the provision binary: see Tests/harness/security.sh.

1. Passwords appear only in credentials sheets: every run's store files (database, WAL,
   shared memory, lock files), standard output and error, every report (text, CSV, JSON,
   HTML), saved plans, the audit log and the temporary folder are scanned for every password
   the runs issued (generated ones, Entra's initial passwords, resets); each password found in
   a sheet must match the store's hash; sheets are mode 0600 even under umask 000.
2. Report cells Excel would run are neutralised: every cell of the CSV report and the CSV
   sheet, split on , ; tab and | (the list separators of any locale), starts with none of
   = + - @ tab CR LF (or their full-width forms) unless it is a plain number.
3. HTML escapes everything: the hostile names appear escaped, never as markup; no script,
   no external resource, a Content-Security-Policy.
4. The JSON report gives the hostile values back exactly.
"""

import argparse
import csv
import email
import glob
import html
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import credentials  # noqa: E402
import storedump  # noqa: E402

NOW = "2026-11-21T09:00:00Z"
ENTRA_PASSWORDS = ["Qv7!mRt2#xLp9zWd", "Hj4$kN8@pZs1&cYe", "=Tr0ub4dor&3xA!"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
HOSTILE = {
    "<script>alert(1)</script>": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<img src=x onerror=alert(2)>": "&lt;img src=x onerror=alert(2)&gt;",
    "=HYPERLINK(\"http://evil.example\")": "=HYPERLINK(&quot;http://evil.example&quot;)",
}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}", flush=True)
        return ok


def write(folder, name, text):
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def run(binary, folder, env, args, label):
    """Runs provision; keeps its standard output and error as files to scan."""
    with open(os.path.join(folder, "logs", label + ".out"), "wb") as out, \
            open(os.path.join(folder, "logs", label + ".err"), "wb") as err:
        result = subprocess.run([binary] + args, cwd=folder, env=env, stdout=out, stderr=err)
    return result.returncode


def sheet_passwords(path):
    """(customer or '', upn lower-cased, password) from a CSV, HTML or .eml sheet."""
    found = []
    if path.endswith(".csv"):
        for (customer, upn), values in credentials.read_sheet(path).items():
            found += [(customer, upn, value) for value in values]
    else:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.endswith(".eml"):
            message = email.message_from_bytes(data)
            for part in message.walk():
                if part.get_content_type() == "text/html":
                    data = part.get_payload(decode=True)
        text = data.decode("utf-8")
        for card in re.findall(r"<dd class=\"upn\">([^<]*)</dd>.*?<span class=\"password\">([^<]*)</span>", text, re.S):
            found.append(("", html.unescape(card[0]).strip().lower(), html.unescape(card[1])))
    return found


def cells_under(text, delimiter):
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--results", help="write the counts as JSON here")
    options = parser.parse_args()
    work = options.work
    for sub in ("logs", "tmp"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    os.umask(0)   # sheets must be private whatever the umask
    env = dict(os.environ, PROVISION_OPERATOR="security", NO_COLOR="1", TMPDIR=os.path.join(work, "tmp"),
               PROVISION_NOW=NOW)
    env.pop("PROVISION_STORE", None)
    binary, checks = options.binary, Checks()
    store = os.path.join(work, "store.sqlite")
    checks.check(run(binary, work, env, ["init", "--sample", "--force", "--store", store, "--sample-dir",
                                         os.path.join(options.repo, "SampleData")], "init") == 0, "init --sample")
    store_args = ["--store", store, "--customer", "contoso"]

    write(work, "entra.csv", "version:v1.0\r\n"
          "Name [displayName] Required,User name [userPrincipalName] Required,"
          "Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required\r\n"
          + "".join(f"Entra {i},entra{i}@contoso.com,\"{p}\",No\r\n" for i, p in enumerate(ENTRA_PASSWORDS)))
    write(work, "native.csv", "UserPrincipalName,DisplayName,UsageLocation,Licenses,Action\r\n"
          "new.one@contoso.com,New One,TW,POWER_BI_PRO,create\r\n"
          "new.two@contoso.com,New Two,TW,,create\r\n"
          "yijun.chen@contoso.com,,,,reset-password\r\n"
          "it.admin@contoso.com,,,,reset-password\r\n"
          "jiahao.chang@contoso.com,,,AAD_PREMIUM,update\r\n")
    write(work, "later.csv", "UserPrincipalName,DisplayName,Action\r\nplanned.user@contoso.com,Planned User,create\r\n"
          "zhiwei.lin@contoso.com.tw,,reset-password\r\n")
    for name in ("formula-in-names.csv", "script-in-display-name.csv", "path-like-display-name.csv"):
        shutil.copy(os.path.join(options.repo, "Tests", "ProvisionCLITests", "Fixtures", "bad", name), work)
    write(work, "default-sheet.csv", "UserPrincipalName,DisplayName\r\ndefault.sheet@contoso.com,Default Sheet\r\n")
    write(work, "hostile.csv", "UserPrincipalName,DisplayName,FirstName,LastName,JobTitle,Department\r\n"
          "formula.user@contoso.com,\"=HYPERLINK(\"\"http://evil.example\"\")\",+SUM(1;2),-2+3,"
          "@cmd|' /c calc'!A1,\"=1,2\"\r\n"
          "script.user@contoso.com,<script>alert(1)</script>,\uff1dcmd,\t-1,<img src=x onerror=alert(2)>,\"R&D \"\"q\"\" <b>\"\r\n"
          "path.user@contoso.com,..\\..\\Windows\\win.ini,/etc/passwd,-3,C:\\Windows\\System32,\u2028line\r\n")

    def reports(stem):
        return sum((["--report", f"{stem}-report.{ext}"] for ext in ("txt", "csv", "json", "html")), [])
    codes = {
        "apply entra": run(binary, work, env, ["apply", "entra.csv", "--credentials", "sheet-entra.csv"] + store_args
                           + reports("entra"), "apply-entra"),
        "apply native": run(binary, work, env, ["apply", "native.csv", "--credentials", "sheet-native.html"] + store_args
                            + reports("native"), "apply-native"),
        "plan later": run(binary, work, env, ["plan", "later.csv", "--out", "later-plan.json"] + store_args
                          + reports("plan"), "plan-later"),
        "apply later plan": run(binary, work, env, ["apply", "later-plan.json", "--store", store, "--credentials",
                                                    "sheet-plan.csv"] + reports("planapply"), "apply-plan"),
        "reset one": run(binary, work, env, ["users", "reset-password", "jiahao.chang@contoso.com", "--credentials",
                                             "sheet-reset.csv"] + store_args, "reset-one"),
        "create one": run(binary, work, env, ["users", "create", "mail.user@contoso.com", "--display-name", "Mail User",
                                              "--credentials", "sheet-mail.eml", "--mail-to", "helpdesk@contoso.com"]
                          + store_args, "create-one"),
        "apply hostile": run(binary, work, env, ["apply", "hostile.csv", "--credentials", "sheet-hostile.csv"]
                             + store_args + reports("hostile"), "apply-hostile"),
        "apply default sheet": run(binary, work, env, ["apply", "default-sheet.csv"] + store_args,
                                   "apply-default-sheet"),
    }
    for label, code in codes.items():
        checks.check(code == 0, f"{label} exited {code}")
    # Without --credentials the sheet goes to the private folder beside the store, never the working directory.
    checks.check(not glob.glob(os.path.join(work, "credentials-*.csv")), "a default sheet in the working directory")
    default_sheets = glob.glob(os.path.join(store + ".credentials", "credentials-*.csv"))
    checks.check(len(default_sheets) == 1, f"a file job without --credentials writes one default sheet ({default_sheets})")
    folder_mode = stat.S_IMODE(os.stat(store + ".credentials").st_mode)
    checks.check(folder_mode == 0o700, f"the credentials folder has mode {oct(folder_mode)}, not 0700")
    store_mode = stat.S_IMODE(os.stat(store).st_mode)
    checks.check(store_mode == 0o600, f"the store has mode {oct(store_mode)}, not 0600")
    sheets = sorted(glob.glob(os.path.join(work, "sheet-*"))) + default_sheets

    # 1. Passwords: gather, verify against the store, then look for them everywhere else.
    issued = []
    for sheet in sheets:
        mode = stat.S_IMODE(os.stat(sheet).st_mode)
        checks.check(mode == 0o600, f"{os.path.basename(sheet)} has mode {oct(mode)}, not 0600")
        issued += [(os.path.basename(sheet),) + entry for entry in sheet_passwords(sheet)]
    hashes = {row["upn"].lower(): (bytes.fromhex(row["salt"] or ""), bytes.fromhex(row["hash"] or ""))
              for row in storedump.query(store, "SELECT upn, hex(password_salt) AS salt, hex(password_hash) AS hash "
                                                "FROM users WHERE deleted_at IS NULL")}
    latest = {}
    for sheet, _, upn, password in issued:
        latest[upn] = password
    for upn, password in latest.items():
        salt, digest = hashes.get(upn, (b"", b""))
        checks.check(credentials.verifies(password, salt, digest), f"the sheet's password of {upn} does not match the store")
    for password in ENTRA_PASSWORDS:
        checks.check(any(p == password for *_, p in issued), f"Entra's initial password {password!r} is in no sheet")
    checks.check(len(issued) >= 12, f"only {len(issued)} passwords issued")
    secrets = {p for *_, p in issued} | set(ENTRA_PASSWORDS)
    scanned = 0
    for root, _, names in os.walk(work):
        for name in names:
            path = os.path.join(root, name)
            if path in sheets:
                continue
            with open(path, "rb") as handle:
                data = handle.read()
            scanned += 1
            for secret in secrets:
                if name == "entra.csv" and secret in ENTRA_PASSWORDS:
                    continue   # the operator's own input file
                checks.check(secret.encode("utf-8") not in data, f"a password appears in {os.path.relpath(path, work)}")
    checks.check(scanned >= 30, f"only {scanned} files scanned")
    leftovers = os.listdir(os.path.join(work, "tmp"))
    checks.check(not leftovers, f"temporary files left behind: {leftovers}")
    audit = storedump.query(store, "SELECT count(*) AS n FROM audit_log WHERE detail LIKE '%passwordIssued\":true%'")
    checks.check(audit[0]["n"] >= 12, "the audit log records the passwords issued (without them)")

    # 2. Excel: no cell of the CSV report or CSV sheets starts like a formula, whatever the separator.
    for path in [os.path.join(work, f"{stem}-report.csv") for stem in ("entra", "native", "plan", "planapply", "hostile")] + \
            [s for s in sheets if s.endswith(".csv")]:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        for delimiter in (",", ";", "\t", "|"):
            for cell in cells_under(text, delimiter):
                bad = cell.startswith(DANGEROUS) and not NUMBER.match(cell)
                checks.check(not bad, f"{os.path.basename(path)} split on {delimiter!r} has a cell Excel would run: {cell[:60]!r}")
    with open(os.path.join(work, "hostile-report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    names = {o["userPrincipalName"]: o["displayName"] for o in report["outcomes"]}
    checks.check(names.get("formula.user@contoso.com") == "=HYPERLINK(\"http://evil.example\")",
                 "the JSON report gives the formula back exactly")
    checks.check(names.get("script.user@contoso.com") == "<script>alert(1)</script>",
                 "the JSON report gives the script text back exactly")
    with open(os.path.join(work, "hostile-report.json"), encoding="utf-8") as handle:
        raw = handle.read()
    checks.check("\u2028" not in raw, "U+2028 is escaped in the JSON report")

    # 3. HTML: escaped, no script, nothing from the network, a Content-Security-Policy.
    for path in [os.path.join(work, f"{stem}-report.html") for stem in ("entra", "native", "plan", "planapply", "hostile")] + \
            [s for s in sheets if s.endswith(".html")]:
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
        lower = page.lower()
        name = os.path.basename(path)
        checks.check("<script" not in lower, f"{name} holds a script element")
        checks.check("<img" not in lower and "<iframe" not in lower and "<object" not in lower, f"{name} holds markup from input")
        checks.check(not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", lower), f"{name} loads something from the network")
        checks.check("content-security-policy" in lower, f"{name} has no Content-Security-Policy")
        for value in list(HOSTILE) + ["<b>"]:
            checks.check(value not in page, f"{name} holds {value!r} unescaped")
        if name == "hostile-report.html":
            # The display names are on the page, escaped (job titles and departments are not shown).
            for value in ("<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\")"):
                checks.check(HOSTILE[value] in page, f"{name} does not show {value!r} escaped")
    print(f"security: {checks.passed} checks passed, {checks.failed} failed "
          f"({len(secrets)} passwords, {scanned} files scanned)")
    if options.results:
        with open(options.results, "w", encoding="utf-8") as handle:
            json.dump({"passed": checks.passed, "failed": checks.failed, "passwords": len(secrets), "files": scanned,
                       "sheets": len(sheets)}, handle)
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
