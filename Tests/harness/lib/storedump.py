"""Canonical dumps of a provision store through the sqlite3 command-line shell, for comparing
two stores that should hold the same directory.

What is compared, and what is left out:
- users: every column except the row id, the password salt and hash (random per issue; only
  whether a hash is present is kept) and the object id of users created by the run under test
  (a fresh GUID each time: shown as "<new>"; users that were already in the base store keep
  theirs). Timestamps come from `--now`, so they are compared.
- assignments: per user, each product with its disabled plans.
- customers, domains, products, service plans, rules, subscriptions: everything except the
  customers' change counters (a resumed run commits more, smaller groups).
- audit log: every entry except its row id, with new object ids replaced as for users, as a
  sorted list (a multiset), so an entry applied twice shows as a difference. Left out: the
  `reset-password` entries of passwords re-issued because a killed run never delivered them
  (detail `"reissued":"undelivered"`, docs/store.md); an uninterrupted run has none, and
  `reissued` counts them.
- journal: every (customer, batch, key, applied_at).
- integrity: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; seats (`seat_problems`):
  none oversubscribed, and current stored tallies equal to a count.

A store may also be a `postgresql://` URL (one database): the same queries then go through
`psql` (pgstore.py); PostgreSQL's tallies are exact at every commit, so all of them are
compared, and `integrity` looks for assignments and journal rows whose user is missing.
"""

import json
import os
import subprocess

import pgstore


# The audit detail of a password re-issued because the run that issued it was killed before
# its credentials sheet was written (a LIKE pattern).
REISSUED = '%"reissued":"undelivered"%'


def query(path, sql):
    """Rows of `sql` as a list of dicts, read with `sqlite3 -readonly -json` (or psql)."""
    if pgstore.is_url(path):
        return pgstore.query(path, sql)
    result = subprocess.run(["sqlite3", "-readonly", "-json", path, sql], capture_output=True, text=True, check=True)
    text = result.stdout.strip()
    return json.loads(text) if text else []


def scalar_lines(path, sql):
    """The output lines of `sql` in the shell's list mode."""
    result = subprocess.run(["sqlite3", "-readonly", path, sql], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()


def hex_of(path, column):
    """SQL for the hexadecimal text of a blob column, in the store's dialect."""
    return f"encode({column}, 'hex')" if pgstore.is_url(path) else f"hex({column})"


def backup(source, target):
    """A consistent single-file copy of a store (WAL folded in), replacing `target`."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    subprocess.run(["sqlite3", source, f".backup '{target}'"], check=True)


def integrity(path):
    """Problems found by SQLite's own checks (an empty list when the file is sound)."""
    if pgstore.is_url(path):
        orphans = query(path, """
            SELECT 'assignments' AS source, count(*) AS n FROM assignments a
            WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
            UNION ALL SELECT 'journal', count(*) FROM journal j
            WHERE j.password_object_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM users u WHERE u.object_id = j.password_object_id)""")
        return [f'{r["source"]}: {r["n"]} rows name a missing user' for r in orphans if r["n"]]
    problems = []
    check = scalar_lines(path, "PRAGMA integrity_check")
    if check != ["ok"]:
        problems.append("integrity_check: " + "; ".join(check[:5]))
    foreign = scalar_lines(path, "PRAGMA foreign_key_check")
    if foreign:
        problems.append("foreign_key_check: " + "; ".join(foreign[:5]))
    return problems


def object_ids(path):
    """Every user object id in the store (to tell pre-existing users from new ones)."""
    return {row["object_id"] for row in query(path, "SELECT object_id FROM users")}


def dump(path, known_ids):
    """The canonical content of the store at `path` (see the module note)."""
    def oid(value):
        if value is None:
            return None
        return value if value in known_ids else "<new>"

    licenses = {}
    for row in query(path, "SELECT user_id, product, disabled_plans FROM assignments ORDER BY user_id, product"):
        licenses.setdefault(row["user_id"], []).append(f'{row["product"]}[{row["disabled_plans"]}]')
    users = []
    for row in query(path, """
            SELECT id, object_id, customer_id, upn, display_name, first_name, last_name, job_title, department,
                   usage_location, account_enabled, roles, created_at, deleted_at, must_change_password,
                   password_scheme, password_hash IS NOT NULL AS has_password
            FROM users"""):
        row_id = row.pop("id")
        row["object_id"] = oid(row["object_id"])
        row["licenses"] = licenses.get(row_id, [])
        users.append(row)
    users.sort(key=lambda u: json.dumps([u["customer_id"], u["upn"].lower(), u["deleted_at"] or 0, u["created_at"],
                                         u["object_id"], u], sort_keys=True, ensure_ascii=False))
    audit = []
    for row in query(path, "SELECT at, batch_id, operator, role, customer_id, object_id, upn, action, detail FROM audit_log "
                           f"WHERE detail NOT LIKE '{REISSUED}'"):
        row["object_id"] = oid(row["object_id"])
        audit.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    audit.sort()
    tables = {
        "customers": query(path, "SELECT id, name, default_location FROM customers ORDER BY id"),
        "domains": query(path, "SELECT customer_id, domain, position FROM domains ORDER BY customer_id, position"),
        "products": query(path, "SELECT part_number, guid, display_name FROM products ORDER BY part_number"),
        "service_plans": query(path, "SELECT product, plan_id, name, position FROM service_plans ORDER BY product, position"),
        "rules": query(path, "SELECT position, kind, subject, object FROM rules ORDER BY position"),
        "subscriptions": query(path, "SELECT customer_id, product, seats FROM subscriptions ORDER BY customer_id, product"),
        "journal": query(path, "SELECT customer_id, batch_id, key, applied_at FROM journal ORDER BY customer_id, batch_id, key"),
    }
    return {"users": users, "audit": audit, **tables}


def seat_problems(path):
    """Products whose active assignments exceed the seats bought."""
    rows = query(path, """
        SELECT s.customer_id AS customer, s.product AS product, s.seats AS seats,
               (SELECT count(*) FROM assignments a JOIN users u ON u.id = a.user_id
                WHERE u.customer_id = s.customer_id AND u.deleted_at IS NULL AND a.product = s.product) AS assigned
        FROM subscriptions s""")
    problems = [f'{r["customer"]} {r["product"]}: {r["assigned"]} assigned > {r["seats"]} bought'
                for r in rows if r["assigned"] > r["seats"]]
    unbought = query(path, """
        SELECT u.customer_id AS customer, a.product AS product, count(*) AS assigned
        FROM assignments a JOIN users u ON u.id = a.user_id
        LEFT JOIN subscriptions s ON s.customer_id = u.customer_id AND s.product = a.product
        WHERE u.deleted_at IS NULL AND s.product IS NULL GROUP BY 1, 2""")
    problems += [f'{r["customer"]} {r["product"]}: {r["assigned"]} assigned, none bought' for r in unbought]
    return problems + tally_problems(path)


def tally_problems(path):
    """Stored seat tallies that are current (their counter is the customer's) and differ from a count."""
    counted = assigned_counts(path)
    # PostgreSQL's tallies are exact at every commit: all are current.
    current_only = "TRUE" if pgstore.is_url(path) else "c.tallied_at = c.change_counter"
    rows = query(path, f"""
        SELECT c.id AS customer, t.product AS product, t.assigned AS assigned
        FROM customers c LEFT JOIN seat_tallies t ON t.customer_id = c.id
        WHERE {current_only}""")
    current = {r["customer"] for r in rows}
    stored = {(r["customer"], r["product"]): r["assigned"] for r in rows if r["product"] is not None}
    keys = set(stored) | {key for key in counted if key[0] in current}
    return [f'{c} {p}: tally {stored.get((c, p), 0)}, counted {counted.get((c, p), 0)}'
            for c, p in sorted(keys) if stored.get((c, p), 0) != counted.get((c, p), 0)]


def assigned_counts(path):
    """Active assignments per (customer, product), counted from the tables."""
    rows = query(path, """
        SELECT u.customer_id AS customer, a.product AS product, count(*) AS assigned
        FROM assignments a JOIN users u ON u.id = a.user_id WHERE u.deleted_at IS NULL GROUP BY 1, 2""")
    return {(r["customer"], r["product"]): r["assigned"] for r in rows}


def audit_duplicates(path, batch_id):
    """Audit entries of `batch_id` written more than once (same customer, user, action and detail).

    Re-issued passwords are left out: a run killed twice between a commit and its sheet
    re-issues the same user's password twice, rightly.
    """
    return query(path, f"""
        SELECT customer_id, object_id, min(upn) AS upn, action, count(*) AS times FROM audit_log
        WHERE batch_id = '{batch_id.replace("'", "''")}' AND detail NOT LIKE '{REISSUED}'
        GROUP BY customer_id, object_id, action, detail HAVING count(*) > 1""")


def reissued(path, batch_id):
    """How many passwords `batch_id` re-issued because a killed run never delivered them."""
    rows = query(path, f"""
        SELECT count(*) AS n FROM audit_log
        WHERE batch_id = '{batch_id.replace("'", "''")}' AND detail LIKE '{REISSUED}'""")
    return rows[0]["n"] if rows else 0


def undelivered(path):
    """Passwords the store still marks undelivered (none once a run completed)."""
    return query(path, """
        SELECT j.customer_id, j.batch_id, j.key FROM journal AS j JOIN undelivered_groups AS g
        ON g.customer_id = j.customer_id AND g.batch_id = j.batch_id AND g.group_no = j.password_group
        ORDER BY 1, 2, 3""")


def differences(left, right, limit=8):
    """Human-readable differences between two dumps (empty when they are the same)."""
    out = []
    for key in left:
        a, b = left[key], right.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            sa = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in a]
            sb = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in b]
            only_a = sorted(set(sa) - set(sb))
            only_b = sorted(set(sb) - set(sa))
            out.append(f"{key}: {len(a)} vs {len(b)} entries; {len(only_a)} only in the reference, "
                       f"{len(only_b)} only in the trial")
            for item in only_a[:limit]:
                out.append(f"  - {item[:300]}")
            for item in only_b[:limit]:
                out.append(f"  + {item[:300]}")
            if not only_a and not only_b:
                out.append("  (same entries, different multiplicities)")
        else:
            out.append(f"{key}: differs")
    return out
