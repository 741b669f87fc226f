"""Renders the results of the full harness runs (JSON files written by the scripts'
--results options, see Tests/harness/full-run.sh) as the table of docs/reliability.md, and
rewrites the part of that file between its markers.

    python3 Tests/harness/lib/reliability_table.py RESULTS_DIR [--write docs/reliability.md]
"""

import argparse
import json
import os
import sys

BEGIN = "<!-- BEGIN harness results (written by Tests/harness/full-run.sh) -->"
END = "<!-- END harness results -->"


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def number(value):
    return f"{value:,}"


def rows(folder):
    out = []
    meta = load(folder, "meta.json") or {}
    kill = load(folder, "kill-anywhere.json")
    if kill:
        counts = kill["referenceCounts"]
        out.append((
            "Kill anywhere: `apply` of a "
            f"{number(kill['rows'])}-row input (creates, license changes, deletes, restores, resets, updates; "
            f"{number(counts['failed'])} rows fail by design) SIGKILLed at a seeded random moment, 1-3 times per "
            "trial, groups of 50 to 3,000 users, then rerun to completion and compared with an uninterrupted run "
            "(users, assignments, audit log, journal, integrity_check, seats, passwords against the store's hashes)",
            f"{kill['trials']} trials, {kill['kills']} kills",
            f"**{kill['identical']} of {kill['trials']} identical**; {kill['lostPasswords']} passwords lost "
            f"(allowed: none); {kill.get('reissuedPasswords', 0)} re-issued by the rerun after a kill between a "
            "group's commit and its sheet"))
    concurrency = load(folder, "concurrency.json")
    if concurrency:
        out.append((
            "Concurrency: 2 and 4 `apply` processes at once on one customer (waiting and not), the same file twice, "
            "2 and 4 on different customers, a job blocked by a held lock (fails fast, or after `--wait 2`); the "
            "store must equal the serial order the locks were taken in, seats never oversubscribed",
            f"{concurrency['runs']} scenario runs ({concurrency['rounds']} rounds, "
            f"{number(concurrency['rowsPerJob'])} rows per job)",
            f"**{concurrency['passed']} passed**, {concurrency['failed']} failed"))
    fuzz = load(folder, "fuzz.json")
    if fuzz:
        engine = "libFuzzer + AddressSanitizer" if fuzz["engine"] == "libfuzzer" else "seeded mutator"
        out.append((
            f"Fuzzing the CSV reader, intake and planner ({engine}; oracle: positioned errors only, records in order "
            "within the limits, exact write-read round trip, row problems placed; 2 GiB RSS limit, 10 s timeout, "
            "inputs over 5 s reported)",
            f"{fuzz['seconds']} s, {number(fuzz['executions'])} executions, {fuzz['seeds']} seeds, corpus grown to "
            f"{number(fuzz['corpus'])}"
            + (f" (run again at commit {fuzz['commit']})" if fuzz.get("commit") not in (None, "", meta.get("commit")) else ""),
            f"**{fuzz['failures']} crashes, hangs or OOMs**"))
    tests = load(folder, "swift-tests.json")
    if tests:
        out.append((
            "Hostile and broken input corpus (`Tests/ProvisionCLITests/Fixtures/bad/`, exact code, line and column "
            "or header per file; 5 MB field, 100,000 columns, a bad byte after 12,000 good rows generated), the role "
            "matrix on every command and saved plans, resume and credential-sheet tests",
            f"{tests['corpusFiles']} corpus files + 3 generated; {tests['tests']} Swift tests "
            f"({tests['suites']})",
            f"**{tests['result']}**"))
    security = load(folder, "security.json")
    if security:
        out.append((
            "Security end to end: every password issued (generated, Entra's initial, resets; CSV, HTML and .eml "
            "sheets) looked for in every other file a run leaves (store, WAL, logs, reports, plans, temp folder); "
            "sheets 0600 under umask 000; CSV cells split on comma, semicolon, tab or pipe never start like a "
            "formula; HTML escaped, no script, nothing loaded",
            f"{security['passwords']} passwords x {security['files']} files, {number(security['passed'] + security['failed'])} checks",
            f"**{security['failed']} failed**"))
    sql = load(folder, "sql-check.json")
    if sql:
        out.append((
            "SQL parameterised: every interpolation into or concatenation onto SQL text under `Sources/` (self-test "
            "on planted examples first)",
            f"{sql['splices']} splices found",
            f"**{sql['refused']} refused**; {sql['allowed']} listed in `Tests/harness/sql-interpolations.allow`"))
    return out


def render(folder):
    meta = load(folder, "meta.json") or {}
    lines = [BEGIN,
             f"Last full run: {meta.get('date', '?')}, commit {meta.get('commit', '?')}, {meta.get('machine', '?')}.",
             "",
             "| what was tried | how many times | result |",
             "|---|---|---|"]
    for what, times, result in rows(folder):
        lines.append(f"| {what} | {times} | {result} |")
    lines.append(END)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results")
    parser.add_argument("--write", help="the Markdown file whose marked section to rewrite")
    options = parser.parse_args()
    table = render(options.results)
    if not options.write:
        print(table)
        return 0
    with open(options.write, encoding="utf-8") as handle:
        text = handle.read()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        print(f"{options.write} has no {BEGIN} ... {END} section", file=sys.stderr)
        return 2
    text = text[:start] + table + text[end + len(END):]
    with open(options.write, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"rewrote the results table of {options.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
