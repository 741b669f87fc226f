"""Checks that SQL is parameterised: finds every Swift string literal under Sources/ that
holds SQL, and every interpolation (`\\(...)`) in it or string concatenation onto it.

Values must be bound (`?1`, `statement.bind`); only fragments that cannot carry a value may
be spliced into SQL text (a constant column list, placeholders, an integer a PRAGMA needs).
Each such splice is listed, with why it is safe, in Tests/harness/sql-interpolations.allow;
any other one fails the check, and so does a quote around an interpolation ('\\(x)'), the
sign of a value written into SQL. An allow-list entry no longer found is reported (stale).

    python3 Tests/harness/lib/sql_check.py [--repo DIR]
"""

import argparse
import os
import re
import sys

# SQL keywords as this code base writes them (upper case), so that English text such as
# "drop --encoding" in a message is not taken for SQL.
SQL = re.compile(r"\b(SELECT\s|INSERT\s+(OR\s+[A-Z]+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s|CREATE\s+(TABLE|"
                 r"UNIQUE\s+INDEX|INDEX|VIEW|TRIGGER)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE|ATTACH\s|VACUUM|SAVEPOINT\s|"
                 r"RELEASE\s+\w|ROLLBACK|BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION))?\s*;?$|COMMIT)")


def literals(source):
    """(line, text, interpolations, end offset) for each string literal of a Swift file."""
    found = []
    index, line, length = 0, 1, len(source)
    while index < length:
        char = source[index]
        if source.startswith("//", index):
            end = source.find("\n", index)
            index = length if end < 0 else end
            continue
        if source.startswith("/*", index):
            end = source.find("*/", index)
            line += source.count("\n", index, end)
            index = length if end < 0 else end + 2
            continue
        if char == "\n":
            line += 1
            index += 1
            continue
        if char == '"':
            multi = source.startswith('"""', index)
            start_line = line
            index += 3 if multi else 1
            text, parts = [], []
            while index < length:
                if multi and source.startswith('"""', index):
                    index += 3
                    break
                if not multi and source[index] == '"':
                    index += 1
                    break
                if source.startswith("\\(", index):
                    depth, cursor = 1, index + 2
                    while cursor < length and depth:
                        depth += {"(": 1, ")": -1}.get(source[cursor], 0)
                        cursor += 1
                    expression = source[index + 2:cursor - 1]
                    parts.append(expression.strip())
                    text.append("\u0000")
                    index = cursor
                    continue
                if source[index] == "\\":
                    text.append(source[index:index + 2])
                    index += 2
                    continue
                if source[index] == "\n":
                    line += 1
                text.append(source[index])
                index += 1
            found.append((start_line, "".join(text), parts, index))
            continue
        index += 1
    return found


def findings(repo):
    """(relative file, line, expression, problem) for every splice into SQL text."""
    result = []
    for root, _, names in os.walk(os.path.join(repo, "Sources")):
        for name in sorted(names):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, repo)
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            for line, text, parts, end in literals(source):
                if not SQL.search(text):
                    continue
                for expression in parts:
                    quoted = re.search(r"'\u0000'", text) is not None
                    result.append((relative, line, expression, "quoted value" if quoted else "interpolation"))
                # "SQL" + value: a concatenation right after the literal, onto something not a literal.
                after = source[end:end + 80].lstrip()
                if after.startswith("+") and not after[1:].lstrip().startswith('"'):
                    operand = re.match(r"\+\s*([\w.()\[\]]+)", after)
                    result.append((relative, line, operand.group(1) if operand else after[:20], "concatenation"))
    return result


SELF_TEST = r'''
let a = "SELECT * FROM users WHERE upn = '\(upn)'"
let b = "DELETE FROM users WHERE id = " + id
let c = """
    UPDATE users SET display_name = \(name)
    WHERE id = ?1
    """
// "SELECT \(commented)" is a comment
let d = "the tool may drop \(thing) here"
let e = "SELECT count(*) FROM users WHERE customer_id = ?1"
'''


def self_test():
    """The checker finds what it must on planted examples (so a pass is not vacuous)."""
    import tempfile
    with tempfile.TemporaryDirectory() as repo:
        os.makedirs(os.path.join(repo, "Sources", "Planted"))
        with open(os.path.join(repo, "Sources", "Planted", "Bad.swift"), "w", encoding="utf-8") as handle:
            handle.write(SELF_TEST)
        found = sorted((line, expression, problem) for _, line, expression, problem in findings(repo))
    expected = [(2, "upn", "quoted value"), (3, "id", "concatenation"), (4, "name", "interpolation")]
    if found != expected:
        print(f"sql check self-test failed: found {found}, expected {expected}")
        return 1
    print("sql check self-test: planted quoted value, concatenation and interpolation found, comment and text ignored")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
    parser.add_argument("--self-test", action="store_true", help="check the checker on planted examples first")
    parser.add_argument("--results", help="write the counts as JSON here")
    options = parser.parse_args()
    if options.self_test and self_test() != 0:
        return 1
    allow_path = os.path.join(options.repo, "Tests", "harness", "sql-interpolations.allow")
    allowed = set()
    with open(allow_path, encoding="utf-8") as handle:
        for entry in handle:
            if entry.strip() and not entry.startswith("#"):
                file, expression = entry.rstrip("\n").split("\t")[:2]
                allowed.add((file, expression))
    found = findings(options.repo)
    bad = [f for f in found if f[3] != "interpolation" or (f[0], f[2]) not in allowed]
    used = {(f[0], f[2]) for f in found}
    for file, line, expression, problem in bad:
        print(f"{file}:{line}: {problem} of '{expression}' into SQL text: bind it as a parameter, or list it with the "
              f"reason it cannot carry a value in Tests/harness/sql-interpolations.allow")
    for file, expression in sorted(allowed - used):
        print(f"note: allow-list entry not found any more: {file}\t{expression}")
    print(f"sql check: {len(found)} splices into SQL text found, {len(found) - len(bad)} allowed, {len(bad)} refused")
    if options.results:
        import json
        with open(options.results, "w", encoding="utf-8") as handle:
            json.dump({"splices": len(found), "allowed": len(found) - len(bad), "refused": len(bad)}, handle)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
