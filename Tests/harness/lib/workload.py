"""Deterministic workloads for the harness scripts: a sample-data folder with large seat
counts, preparation files that fill a store with users (some of them deleted), and the main
mixed input (creates, license changes, deletes, restores, password resets, attribute updates,
and rows that must fail).

Every user appears in at most one row of a file (a second row for the same user is a
UniquenessViolation by design), so deletes and restores name users that the preparation
files created and deleted before the main run.
"""

import csv
import io
import os
import random
import shutil

# Seats per customer and product, large enough for thousands of users, tight enough in
# SPE_E3 that some creates and license changes fail with CountViolation and deletes later in
# the file free seats for the rows after them.
SEATS = {
    "contoso": {
        "SPE_E3": 11200, "SPE_E5": 300, "ENTERPRISEPACK": 900, "SPB": 60, "EXCHANGESTANDARD": 1600,
        "EXCHANGEENTERPRISE": 300, "MCOEV": 500, "MCOMEETADV": 1000, "MCOPSTN1": 200,
        "AAD_PREMIUM": 1200, "AAD_PREMIUM_P2": 150, "POWER_BI_PRO": 1800, "WORKPLACE_ANALYTICS": 40,
    },
    "fabrikam": {
        "SPE_E3": 2900, "SPE_E5": 100, "SPB": 40, "EXCHANGESTANDARD": 500, "MCOEV": 200,
        "MCOMEETADV": 400, "MCOPSTN1": 150, "AAD_PREMIUM": 300, "POWER_BI_PRO": 400,
    },
    "northwind": {"SPE_E3": 5, "MCOEV": 2, "MCOPSTN1": 2, "POWER_BI_PRO": 2},
}

DOMAINS = {"contoso": ["contoso.com", "contoso.com.tw"], "fabrikam": ["fabrikam.de"]}
LOCATIONS = {"contoso": ["TW", "TW", "TW", "US", "JP", "GB"], "fabrikam": ["DE", "DE", "AT", "FR"]}
DEPARTMENTS = ["Sales", "R&D", "Finance", "Support", "Legal", "業務部", "研發部", "Operations"]
FIRST = ["Ada", "Grace", "Linus", "Mei", "Jun", "Yuki", "Lena", "Omar", "Zoe", "Ravi", "怡君", "志偉"]
LAST = ["Lovelace", "Hopper", "Chen", "Lin", "Müller", "Tanaka", "O'Brien", "Smith", "陳", "林"]

HEADER = ["Customer", "UserPrincipalName", "DisplayName", "FirstName", "LastName", "Department",
          "JobTitle", "UsageLocation", "Licenses", "RemoveLicenses", "DisabledPlans", "Action"]


def sample_dir(source, target):
    """Copies SampleData to `target` with the harness's seat counts."""
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target)
    _write_subscriptions(target, SEATS)


def _write_subscriptions(target, seats_by_customer):
    with open(os.path.join(target, "subscriptions.csv"), "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Customer", "Product", "Seats"])
        for customer, seats in seats_by_customer.items():
            for product, count in seats.items():
                writer.writerow([customer, product, count])


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([row.get(column, "") for column in HEADER])


def _name(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return first, last, f"{first} {last}"


def _user(customer, index, prefix):
    domains = DOMAINS[customer]
    return f"{prefix}{index:06d}@{domains[index % len(domains)]}"


def prep_licenses(rng, customer):
    """Licenses of a prepared user: E3 for most, some extras."""
    if customer == "contoso":
        choice = rng.random()
        if choice < 0.70:
            licenses = ["SPE_E3"]
            if rng.random() < 0.2:
                licenses.append("MCOMEETADV")
            if rng.random() < 0.2:
                licenses.append("POWER_BI_PRO")
        elif choice < 0.85:
            licenses = ["ENTERPRISEPACK"]
        elif choice < 0.95:
            licenses = ["EXCHANGESTANDARD"]
        else:
            licenses = []
    else:
        licenses = ["SPE_E3"] if rng.random() < 0.8 else ["EXCHANGESTANDARD"]
        if rng.random() < 0.15:
            licenses.append("AAD_PREMIUM")
    return licenses


class Population:
    """The users the preparation files create, and which of them they delete."""

    def __init__(self, seed=20261101, contoso=4800, fabrikam=1200):
        rng = random.Random(seed)
        self.users = []  # (customer, upn, licenses)
        for customer, count in (("contoso", contoso), ("fabrikam", fabrikam)):
            for index in range(count):
                self.users.append((customer, _user(customer, index, "prep"), prep_licenses(rng, customer)))
        shuffled = list(self.users)
        rng.shuffle(shuffled)
        # 80 deleted long ago (restore window expired), 900 deleted recently, the rest active.
        self.deleted_old = shuffled[:80]
        self.deleted_recent = shuffled[80:980]
        self.active = shuffled[980:]

    def write(self, folder):
        """Writes prep-create.csv, prep-delete-old.csv and prep-delete-recent.csv."""
        rng = random.Random(7)
        rows = []
        for customer, upn, licenses in self.users:
            first, last, display = _name(rng)
            rows.append({"Customer": customer, "UserPrincipalName": upn, "DisplayName": display,
                         "FirstName": first, "LastName": last, "Department": rng.choice(DEPARTMENTS),
                         "UsageLocation": rng.choice(LOCATIONS[customer]), "Licenses": ";".join(licenses),
                         "Action": "create"})
        _write(os.path.join(folder, "prep-create.csv"), rows)
        _write(os.path.join(folder, "prep-delete-old.csv"),
               [{"Customer": c, "UserPrincipalName": u, "Action": "delete"} for c, u, _ in self.deleted_old])
        _write(os.path.join(folder, "prep-delete-recent.csv"),
               [{"Customer": c, "UserPrincipalName": u, "Action": "delete"} for c, u, _ in self.deleted_recent])


def main_rows(population, rows=20000, seed=20261120):
    """The main input: `rows` rows mixing every kind of change, shuffled, some failing."""
    rng = random.Random(seed)
    active = list(population.active)
    rng.shuffle(active)
    out = []

    def take(count):
        taken = active[:count]
        del active[:count]
        return taken

    # Existing users: deletes, license changes, resets, attribute updates.
    for customer, upn, _ in take(1700):
        out.append({"Customer": customer, "UserPrincipalName": upn, "Action": "delete"})
    for customer, upn, held in take(2000):
        row = {"Customer": customer, "UserPrincipalName": upn, "Action": rng.choice(["update", ""])}
        kind = rng.random()
        if kind < 0.35:
            row["Licenses"] = "POWER_BI_PRO"
        elif kind < 0.55:
            row["Licenses"] = "AAD_PREMIUM"
        elif kind < 0.70 and "SPE_E3" in held:
            row["RemoveLicenses"] = "SPE_E3"
            row["Licenses"] = "ENTERPRISEPACK" if customer == "contoso" else "SPB"
        elif kind < 0.80 and "SPE_E3" in held:
            row["Licenses"] = "SPE_E3"
            row["DisabledPlans"] = "SPE_E3:SWAY;SPE_E3:YAMMER_ENTERPRISE"
        elif kind < 0.88 and "SPE_E3" in held:
            # Disabling Teams under Audio Conferencing: a DependencyViolation when held.
            row["Licenses"] = "SPE_E3;MCOMEETADV"
            row["DisabledPlans"] = "SPE_E3:TEAMS1;SPE_E3:MCOSTANDARD"
        elif kind < 0.94:
            # Exchange Plan 1 next to E3's Exchange Plan 2: MutuallyExclusiveViolation.
            row["Licenses"] = "EXCHANGESTANDARD"
        else:
            row["Licenses"] = "SPE_E5"
        out.append(row)
    for customer, upn, _ in take(450):
        out.append({"Customer": customer, "UserPrincipalName": upn, "Action": "reset-password"})
    for customer, upn, _ in take(600):
        out.append({"Customer": customer, "UserPrincipalName": upn, "Department": rng.choice(DEPARTMENTS),
                    "JobTitle": rng.choice(["Engineer", "Manager", "工程師", "Analyst"]), "Action": "update"})
    # Restores: recent ones come back (with the licenses that still fit), old ones fail.
    for customer, upn, _ in population.deleted_recent:
        out.append({"Customer": customer, "UserPrincipalName": upn, "Action": "restore"})
    for customer, upn, _ in population.deleted_old:
        out.append({"Customer": customer, "UserPrincipalName": upn, "Action": "restore"})
    # Rows that must fail, each for its own reason.
    bad_kinds = ["country", "sku", "guid", "upn", "domain", "missing", "action", "long", "plan", "restore-active"]
    bad = []
    for index in range(600):
        kind = bad_kinds[index % len(bad_kinds)]
        customer = "contoso" if index % 3 else "fabrikam"
        upn = _user(customer, index, "bad")
        row = {"Customer": customer, "UserPrincipalName": upn, "DisplayName": "Bad Row", "Action": "create",
               "Licenses": "SPE_E3"}
        if kind == "country":
            row["UsageLocation"] = "Atlantis"
        elif kind == "sku":
            row["Licenses"] = "SPE_E9"
        elif kind == "guid":
            row["Licenses"] = "00000000-1111-2222-3333-444444444444"
        elif kind == "upn":
            row["UserPrincipalName"] = f"bad..name{index}.@{DOMAINS[customer][0]}"
        elif kind == "domain":
            row["UserPrincipalName"] = f"bad{index:06d}@example.org"
        elif kind == "missing":
            row["Action"] = "update"
        elif kind == "action":
            row["Action"] = "cretae"
        elif kind == "long":
            row["DisplayName"] = "x" * 300
        elif kind == "plan":
            row["DisabledPlans"] = "SPE_E5:TEAMS1"
        elif kind == "restore-active" and active:
            customer, upn, _ = take(1)[0]
            row = {"Customer": customer, "UserPrincipalName": upn, "Action": "restore"}
        bad.append(row)
    out.extend(bad)
    # New users fill the rest; more E3 than there are seats, so some fail with CountViolation
    # unless a delete earlier in the file freed a seat.
    index = 0
    while len(out) < rows:
        customer = "contoso" if rng.random() < 0.8 else "fabrikam"
        first, last, display = _name(rng)
        row = {"Customer": customer, "UserPrincipalName": _user(customer, index, "new"), "DisplayName": display,
               "FirstName": first, "LastName": last, "Department": rng.choice(DEPARTMENTS),
               "UsageLocation": rng.choice(LOCATIONS[customer]), "Action": rng.choice(["create", ""])}
        kind = rng.random()
        if kind < 0.75:
            row["Licenses"] = "SPE_E3"
            if rng.random() < 0.15:
                row["Licenses"] += ";MCOMEETADV"
        elif kind < 0.85:
            row["Licenses"] = "EXCHANGESTANDARD"
        elif kind < 0.90:
            row["Licenses"] = "SPE_E3;MCOEV"
            row["DisabledPlans"] = "SPE_E3:SWAY"
        elif kind < 0.95:
            row["Licenses"] = "POWER_BI_PRO;AAD_PREMIUM"
        out.append(row)
        index += 1
    rng.shuffle(out)
    return out[:rows]


def write_main(population, path, rows=20000, seed=20261120):
    """Writes the main input file."""
    _write(path, main_rows(population, rows=rows, seed=seed))


def render(rows):
    """The CSV text of `rows` (for tests that want bytes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.get(column, "") for column in HEADER])
    return buffer.getvalue()


# A fourth customer for the concurrency harness (four jobs on four customers at once).
EXTRA_CUSTOMER = ("tailspin", "Tailspin Toys", "US", "tailspintoys.com")
CONCURRENCY_SEATS = {
    "contoso": dict(SEATS["contoso"], SPE_E3=2000, POWER_BI_PRO=900),
    "fabrikam": dict(SEATS["fabrikam"], SPE_E3=900, POWER_BI_PRO=300),
    "northwind": dict(SEATS["northwind"], SPE_E3=900, POWER_BI_PRO=300),
    "tailspin": {"SPE_E3": 900, "POWER_BI_PRO": 300},
}
CONCURRENCY_DOMAINS = {"contoso": "contoso.com", "fabrikam": "fabrikam.de", "northwind": "northwindtraders.com",
                       "tailspin": "tailspintoys.com"}


def concurrency_sample_dir(source, target):
    """SampleData with a fourth customer and seat counts that several jobs compete for."""
    sample_dir(source, target)
    with open(os.path.join(target, "customers.csv"), "a", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerow(list(EXTRA_CUSTOMER))
    _write_subscriptions(target, CONCURRENCY_SEATS)


def concurrency_job(path, customer, job, rows, seed):
    """One job's input: new users of `customer` named after the job, most wanting E3, so that
    jobs on one customer compete for its seats (the one that runs later gets CountViolations),
    plus license changes and deletes of the sample users when the job is the first on contoso."""
    rng = random.Random(seed)
    domain = CONCURRENCY_DOMAINS[customer]
    out = []
    for index in range(rows):
        first, last, display = _name(rng)
        row = {"Customer": customer, "UserPrincipalName": f"job{job}.{index:05d}@{domain}", "DisplayName": display,
               "FirstName": first, "LastName": last, "Action": "create"}
        kind = rng.random()
        row["Licenses"] = "SPE_E3" if kind < 0.7 else ("SPE_E3;POWER_BI_PRO" if kind < 0.9 else "POWER_BI_PRO")
        out.append(row)
    _write(path, out)
