"""Credentials sheets (`--credentials FILE.csv`) checked against the store's password hashes.

The store keeps salted, personalized BLAKE2b-256 digests (`Sources/SQLiteDirectory/Security/
PasswordHasher.swift`); Python's hashlib computes the same function, so a harness can tell
whether the password a sheet hands over is the one the store will accept.
"""

import csv
import hashlib
import io
import os

PERSON = b"provision.pw.v1."


def read_sheet(path):
    """(customer, upn lower-cased) -> passwords in the order the sheet lists them.

    A SIGKILL can cut a group's one write to the sheet short (the kernel stops copying a large
    write for a fatal signal): the killed run's sheet then ends in a partial row. Only that is
    forgiven: an unterminated last row is dropped (its users' passwords are still marked
    undelivered in the store, and the rerun issues them new ones, which `lost_passwords`
    checks). Any other row without every column fails the check.
    """
    found = {}
    if not os.path.exists(path):
        return found
    with open(path, "rb") as handle:
        data = handle.read()
    complete = data.endswith(b"\n")
    text = data.decode("utf-8-sig", errors="strict" if complete else "ignore")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not complete and rows:
        rows.pop()
    if not rows:
        return found
    header = rows[0]
    for number, values in enumerate(rows[1:], start=2):
        if len(values) != len(header):
            raise ValueError(f"{path}: row {number} has {len(values)} columns, the header {len(header)}")
        row = dict(zip(header, values))
        password = row.get("TemporaryPassword", "")
        if password.startswith("'"):
            # The formula guard's apostrophe is not part of the password (docs/reports.md).
            password = password[1:]
        key = (row.get("Customer", ""), row.get("UserPrincipalName", "").lower())
        found.setdefault(key, []).append(password)
    return found


def verifies(password, salt, digest):
    """Whether `password` is the one hashed to `digest` with `salt`."""
    candidate = hashlib.blake2b(password.encode("utf-8"), digest_size=32, salt=salt, person=PERSON).digest()
    return candidate == digest


def lost_passwords(store, sheets, batch_id):
    """Active users whose password the batch issued but no sheet hands over correctly.

    Returns a list of (customer, upn, reason).
    """
    import storedump
    issued = storedump.query(store, f"""
        SELECT DISTINCT a.customer_id AS customer, u.upn AS upn, {storedump.hex_of(store, "u.password_salt")} AS salt,
               {storedump.hex_of(store, "u.password_hash")} AS hash
        FROM audit_log a JOIN users u ON u.object_id = a.object_id
        WHERE a.batch_id = '{batch_id}' AND u.deleted_at IS NULL
          AND (a.action = 'reset-password' OR (a.action = 'create' AND a.detail LIKE '%"passwordIssued":true%'))""")
    passwords = {}
    for sheet in sheets:
        for key, values in read_sheet(sheet).items():
            passwords.setdefault(key, []).extend(values)
    lost = []
    for row in issued:
        key = (row["customer"], row["upn"].lower())
        candidates = passwords.get(key, [])
        salt, digest = bytes.fromhex(row["salt"] or ""), bytes.fromhex(row["hash"] or "")
        if not candidates:
            lost.append((row["customer"], row["upn"], "in no credentials sheet"))
        elif not any(verifies(p, salt, digest) for p in candidates):
            lost.append((row["customer"], row["upn"], "no sheet's password matches the store"))
    return lost
