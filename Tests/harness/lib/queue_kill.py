"""Kill workers anywhere, lose nothing: see Tests/harness/queue-kill.sh for the story.

A base store gets the sample customers plus generated ones; one input names them all. The
reference is one serial `provision apply` of the input. A trial copies the base store,
`provision submit`s the input (one job per customer) and runs W `provision worker`
processes, each with a credentials folder of its own (as on separate machines), SIGKILLing a
random one at random moments and restarting it, until the kills are done and every job has
ended; then it compares the store with the reference and checks every password.

With `--store-server URL` the stores are PostgreSQL databases on that server instead of
SQLite files (pgstore.Databases): the base store built once in a database of its own, the
reference and each trial in a copy of it, the same checks made in SQL through psql, and
every database dropped at the end (unless `--keep`).
"""

import argparse
import csv
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import credentials  # noqa: E402
import pgstore  # noqa: E402
import storedump  # noqa: E402
import workload  # noqa: E402

NOW = "2026-11-20T00:00:00Z"
LEASE = 3


def run(binary, args, cwd, env, codes=(0,)):
    result = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode not in codes:
        sys.stderr.write(f"provision {' '.join(args)} exited {result.returncode}\n{result.stderr[-2000:]}\n")
        raise SystemExit(2)
    return result


def customers(count):
    """The customers of the run: the three of SampleData, then generated ones (id, domain)."""
    known = [("contoso", "contoso.com"), ("fabrikam", "fabrikam.de"), ("northwind", "northwindtraders.com")]
    extra = [(f"cust{index:02d}", f"cust{index:02d}.example") for index in range(1, max(0, count - len(known)) + 1)]
    return (known + extra)[:count]


class Stores:
    """Where the run's stores live: SQLite files in the work folder, or databases on a server."""

    def __init__(self, work, server):
        self.work = work
        self.databases = pgstore.Databases(server, "queue_kill") if server else None

    def new(self, name):
        """The path or URL of a new, empty store."""
        if self.databases:
            return self.databases.create(name)
        return os.path.join(self.work, name + ".sqlite")

    def copy(self, source, folder, name):
        """A copy of the store `source` (in `folder` when a file); returns its path or URL."""
        if self.databases:
            return self.databases.copy(source, name)
        store = os.path.join(folder, "store.sqlite")
        storedump.backup(source, store)
        return store

    def drop_all(self):
        if self.databases:
            self.databases.drop_all()


def prepare(binary, repo, work, count, rows, seed, env, stores):
    sample = os.path.join(work, "sample")
    workload.sample_dir(os.path.join(repo, "SampleData"), sample)
    chosen = customers(count)
    with open(os.path.join(sample, "customers.csv"), "a", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        for customer, domain in chosen:
            if customer.startswith("cust"):
                writer.writerow([customer, f"Customer {customer}", "US", domain])
    per = max(1, rows // len(chosen))
    seats = {}
    for customer, _ in chosen:
        # About 85% of the E3 the rows ask for: the last rows of each customer fail with CountViolation.
        seats[customer] = dict(workload.SEATS.get(customer, {}), SPE_E3=int(per * 0.6), POWER_BI_PRO=per // 5)
    workload._write_subscriptions(sample, seats)
    rng = random.Random(seed)
    lines = []
    for customer, domain in chosen:
        for index in range(per):
            first, last, display = workload._name(rng)
            kind = rng.random()
            licenses = "SPE_E3" if kind < 0.6 else ("SPE_E3;POWER_BI_PRO" if kind < 0.75 else "POWER_BI_PRO")
            lines.append({"Customer": customer, "UserPrincipalName": f"q.{index:05d}@{domain}", "DisplayName": display,
                          "FirstName": first, "LastName": last, "UsageLocation": "US", "Licenses": licenses,
                          "Action": "create"})
    # Interleave the customers, as a real nightly file might.
    rng.shuffle(lines)
    workload._write(os.path.join(work, "main.csv"), lines)
    base = stores.new("base")
    run(binary, ["init", "--sample", "--force", "--sample-dir", sample, "--store", base], work, env)
    return base, len(lines)


def reference(binary, work, base, env, stores):
    folder = os.path.join(work, "reference")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    store = stores.copy(base, folder, "reference")
    started = time.monotonic()
    run(binary, ["apply", os.path.join(work, "main.csv"), "--store", store, "--quiet", "--credentials", "credentials.csv",
                 "--report", "report.json", "--max-removals", "all", "--max-deletes", "all"], folder, env, codes=(0, 1))
    seconds = time.monotonic() - started
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as handle:
        batch_id = json.load(handle)["header"]["batchID"]
    return store, batch_id, seconds


class Workers:
    """W worker processes on one store, each with its own credentials folder and log."""

    def __init__(self, binary, folder, store, count, env):
        self.binary, self.folder, self.store, self.env = binary, folder, store, env
        self.processes = [None] * count
        self.starts = [0] * count
        for slot in range(count):
            self.start(slot)

    def start(self, slot):
        self.starts[slot] += 1
        log = open(os.path.join(self.folder, f"worker-{slot}.log"), "a")
        self.processes[slot] = subprocess.Popen(
            [self.binary, "worker", "--store", self.store, "--lease", str(LEASE), "--poll", "1",
             "--credentials-dir", os.path.join(self.folder, f"sheets-{slot}")],
            cwd=self.folder, env=self.env, stdout=log, stderr=log)
        log.close()

    def kill(self, slot):
        self.processes[slot].send_signal(signal.SIGKILL)
        self.processes[slot].wait()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = []
        for process in self.processes:
            try:
                codes.append(process.wait(timeout=120))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append("hung")
        return codes


def jobs(binary, store, folder, env):
    result = run(binary, ["jobs", "list", "--store", store, "--format", "json"], folder, env)
    return json.loads(result.stdout)


def exactly_one(store, sheets, batch_id):
    """Users whose current password is in no sheet or in more than one (credentials.lost_passwords
    checks "at least one"; this checks "exactly one")."""
    issued = storedump.query(store, f"""
        SELECT DISTINCT a.customer_id AS customer, u.upn AS upn, {storedump.hex_of(store, "u.password_salt")} AS salt,
               {storedump.hex_of(store, "u.password_hash")} AS hash
        FROM audit_log a JOIN users u ON u.object_id = a.object_id
        WHERE a.batch_id = '{batch_id}' AND u.deleted_at IS NULL AND a.action = 'create'""")
    found = {}
    for sheet in sheets:
        for key, values in credentials.read_sheet(sheet).items():
            found.setdefault(key, []).extend(values)
    wrong = []
    for row in issued:
        candidates = found.get((row["customer"], row["upn"].lower()), [])
        salt, digest = bytes.fromhex(row["salt"] or ""), bytes.fromhex(row["hash"] or "")
        good = sum(1 for password in candidates if credentials.verifies(password, salt, digest))
        if good != 1:
            wrong.append((row["customer"], row["upn"], good))
    return len(issued), wrong


def trial(binary, work, base, env, options, seed, known_ids, reference_dump, batch_id, reference_seconds, stores):
    rng = random.Random(seed)
    folder = os.path.join(work, f"trial-{seed}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    store = stores.copy(base, folder, f"trial_{seed}")
    # Groups of 250 (the reference used the default 2,000; groups do not change the result): many
    # commits per job, so that kills land after commits as well as before them.
    submitted = json.loads(run(binary, ["submit", os.path.join(work, "main.csv"), "--store", store, "--format", "json",
                                        "--max-removals", "all", "--max-deletes", "all", "--attempts", "100",
                                        "--batch-size", "250"],
                               folder, env).stdout)
    started = time.monotonic()
    workers = Workers(binary, folder, store, options.workers, env)
    kills = 0
    # The longest pause between kills: by default spread over 4 serial runs' time; workers in
    # parallel can finish sooner (PostgreSQL), so --kill-gap can set it.
    spread = options.kill_gap or max(1.0, reference_seconds * 4 / max(1, options.kills))
    while kills < options.kills:
        time.sleep(rng.uniform(0.05, spread))
        state = jobs(binary, store, folder, env)
        if all(job["status"] in ("done", "failed") for job in state):
            break
        slot = rng.randrange(options.workers)
        workers.kill(slot)
        kills += 1
        time.sleep(rng.uniform(0, 0.5))
        workers.start(slot)
    deadline = time.monotonic() + options.timeout
    while time.monotonic() < deadline:
        state = jobs(binary, store, folder, env)
        if all(job["status"] in ("done", "failed") for job in state):
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    codes = workers.stop()
    problems = []
    state = jobs(binary, store, folder, env)
    unfinished = [job for job in state if job["status"] != "done"]
    if unfinished:
        problems.append(f"{len(unfinished)} of {len(state)} jobs not done: {unfinished[:3]}")
    if any(code != 0 for code in codes):
        problems.append(f"workers' exits after SIGTERM: {codes}")
    problems += storedump.integrity(store) + storedump.seat_problems(store)
    duplicates = storedump.audit_duplicates(store, batch_id)
    if duplicates:
        problems.append(f"audit: {len(duplicates)} entries written twice, e.g. {duplicates[0]}")
    sheets = sorted(glob.glob(os.path.join(folder, "sheets-*", "*.csv")))
    lost = credentials.lost_passwords(store, sheets, batch_id)
    if lost:
        problems.append(f"{len(lost)} passwords lost, e.g. {lost[:3]}")
    issued, wrong = exactly_one(store, sheets, batch_id)
    if wrong:
        problems.append(f"{len(wrong)} of {issued} new users' passwords not in exactly one sheet, e.g. {wrong[:3]}")
    pending = storedump.undelivered(store)
    if pending:
        problems.append(f"{len(pending)} passwords still marked undelivered")
    problems += storedump.differences(reference_dump, storedump.dump(store, known_ids))
    attempts = sum(job["attempts"] for job in state)
    return {"seed": seed, "ok": not problems, "kills": kills, "jobs": len(submitted["jobs"]), "attempts": attempts,
            "seconds": round(seconds, 1), "sheets": len(sheets), "passwords": issued,
            "reissued": storedump.reissued(store, batch_id), "problems": problems}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--trials", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--results")
    parser.add_argument("--kill-gap", type=float, default=0, help="the longest pause between kills, seconds")
    parser.add_argument("--store-server", help="a postgresql:// URL: the stores are databases on that server")
    parser.add_argument("--keep", action="store_true", help="keep the databases (--store-server)")
    options = parser.parse_args()
    env = dict(os.environ, PROVISION_OPERATOR="harness", NO_COLOR="1", PROVISION_NOW=NOW)
    env.pop("PROVISION_STORE", None)
    work = options.work
    os.makedirs(work, exist_ok=True)
    stores = Stores(work, options.store_server)
    try:
        return run_trials(options, env, work, stores)
    finally:
        if not options.keep:
            stores.drop_all()


def run_trials(options, env, work, stores):
    base, rows = prepare(options.binary, options.repo, work, options.customers, options.rows, options.seed, env, stores)
    known_ids = storedump.object_ids(base)
    ref_store, batch_id, seconds = reference(options.binary, work, base, env, stores)
    reference_dump = storedump.dump(ref_store, known_ids)
    where = "PostgreSQL" if options.store_server else "SQLite"
    print(f"{rows} rows over {options.customers} customers on {where}; serial apply {seconds:.1f}s, batch {batch_id}", flush=True)
    results = []
    for number in range(options.trials):
        result = trial(options.binary, work, base, env, options, options.seed + number, known_ids, reference_dump,
                       batch_id, seconds, stores)
        results.append(result)
        status = "identical" if result["ok"] else "DIFFERENT"
        print(f"trial {result['seed']}: {options.workers} workers, {result['kills']} kills, {result['jobs']} jobs in "
              f"{result['attempts']} attempts, {result['seconds']}s, {result['passwords']} passwords in "
              f"{result['sheets']} sheets ({result['reissued']} re-issued): {status}", flush=True)
        for problem in result["problems"][:20]:
            print(f"  {problem}", flush=True)
    if options.results:
        with open(options.results, "w", encoding="utf-8") as out:
            json.dump({"rows": rows, "customers": options.customers, "workers": options.workers,
                       "serialSeconds": round(seconds, 1), "trials": results}, out, indent=2)
    good = sum(1 for result in results if result["ok"])
    print(f"{len(results)} trials, {good} identical")
    return 0 if good == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
