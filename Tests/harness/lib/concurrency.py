"""Concurrent jobs: see Tests/harness/concurrency.sh for the story.

Each scenario starts several `provision apply` processes at the same moment on one store.
Jobs on the same customer must serialise on the customer's lock: with `--wait` all of them
run, one after the other; without it, every job but the first fails fast with exit 3 naming
the holder and writes nothing. The final store must equal the one the same commands produce
run one at a time, in the order the jobs actually took their locks (read from the audit log),
and seats are never oversubscribed.
"""

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import storedump  # noqa: E402
import workload  # noqa: E402

NOW = "2026-11-20T00:00:00Z"


def command(binary, store, name, wait):
    # The workloads delete more users than the default safety limits allow; the limits have
    # tests of their own.
    args = [binary, "apply", name, "--store", store, "--now", NOW, "--quiet", "--report", name + ".json",
            "--credentials", name + ".credentials.csv", "--max-removals", "all", "--max-deletes", "all"]
    if wait is not None:
        args += ["--wait", str(wait)]
    return args


def batch_of(folder, name):
    path = os.path.join(folder, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        try:
            return json.load(handle)["header"]["batchID"]
        except ValueError:
            # A job refused with exit 3 leaves its report empty.
            return None


def lock_order(store, batches):
    """Batch ids in the order their first audit entry was written."""
    rows = storedump.query(store, "SELECT batch_id, min(id) AS first FROM audit_log GROUP BY batch_id")
    first = {row["batch_id"]: row["first"] for row in rows}
    return sorted((b for b in batches if b in first), key=lambda b: first[b])


def scenario(binary, work, base, env, title, jobs, wait, expect_busy=False, twins=False):
    """Runs `jobs` [(file name, customer)] at once; returns (ok, lines).

    With `twins` (the same file started twice), a job that started while its twin was
    running joins the twin's batch and applies nothing again (docs/planner.md): the store
    then equals the file applied once, which is accepted besides the serial order.
    """
    folder = os.path.join(work, title.replace(" ", "-"))
    os.makedirs(folder)
    for name, _ in jobs:
        shutil.copy(os.path.join(work, name), folder)
    store = os.path.join(folder, "store.sqlite")
    storedump.backup(base, store)
    started = time.monotonic()
    # Output goes to files: a job blocked on a full pipe while holding the lock would stall
    # the others waiting for it.
    children = []
    for name, _ in jobs:
        with open(os.path.join(folder, name + ".out"), "w") as out, open(os.path.join(folder, name + ".err"), "w") as err:
            children.append((name, subprocess.Popen(command(binary, store, name, wait), cwd=folder, env=env,
                                                    stdout=out, stderr=err)))
    results = []
    for name, child in children:
        child.wait(timeout=900)
        with open(os.path.join(folder, name + ".err"), encoding="utf-8") as handle:
            err = handle.read()
        results.append((name, child.returncode, err, time.monotonic() - started))
    problems = []
    lines = []
    customers = {}
    for name, customer in jobs:
        customers.setdefault(customer, []).append(name)
    for name, code, err, elapsed in results:
        lines.append(f"    {name}: exit {code} after {elapsed:.1f}s")
        if code == 3:
            if "is locked by another job (" not in err or "batch " not in err:
                problems.append(f"{name}: exit 3 without naming the holder: {err.strip()[-300:]}")
        elif code not in (0, 1):
            problems.append(f"{name}: exit {code}: {err.strip()[-300:]}")
    busy = [name for name, code, _, _ in results if code == 3]
    if expect_busy:
        # Jobs that found the customer locked are refused; one that started after another
        # ended may run instead (the order of two short jobs is the scheduler's), so what is
        # checked is that at least one job per customer ran, that every refusal was fast and
        # named the holder (above), and that the store equals the jobs that ran, in order.
        for customer, names in customers.items():
            if all(name in busy for name in names):
                problems.append(f"every job on {customer} was refused")
        for name in busy:
            fast = next(elapsed for n, _, _, elapsed in results if n == name)
            if fast > 10:
                problems.append(f"{name} took {fast:.1f}s to be refused: not fast")
    elif busy:
        problems.append(f"jobs refused although they wait: {busy}")
    # The serial order the jobs actually ran in, and the same commands run one by one in it.
    ran = [name for name, code, _, _ in results if code in (0, 1)]
    batches = {batch_of(folder, name): name for name in ran}
    order = [batches[b] for b in lock_order(store, batches.keys())]
    order += [name for name in ran if name not in order]
    serial_folder = folder + "-serial"
    os.makedirs(serial_folder)
    for name, _ in jobs:
        shutil.copy(os.path.join(work, name), serial_folder)
    serial = os.path.join(serial_folder, "store.sqlite")
    storedump.backup(base, serial)
    for name in order:
        subprocess.run(command(binary, serial, name, None), cwd=serial_folder, env=env, capture_output=True, check=False)
    known = storedump.object_ids(base)
    problems += storedump.integrity(store) + storedump.seat_problems(store)
    actual = storedump.dump(store, known)
    differences = storedump.differences(storedump.dump(serial, known), actual)
    if differences and twins:
        once = serial + "-once"
        storedump.backup(base, once)
        subprocess.run(command(binary, once, order[0], None), cwd=serial_folder, env=env, capture_output=True,
                       check=False)
        if not storedump.differences(storedump.dump(once, known), actual):
            differences = []
            order = [f"{order[0]} (the twin joined its batch)"]
    problems += differences
    lines.insert(0, f"  {title}: ran in the order {' → '.join(order) or '(none)'}" + (f", refused {busy}" if busy else ""))
    return not problems, lines + ["    " + p for p in problems]


def blocked(binary, work, base, env, wait):
    """While the customer's lock is held (by the harness itself, with the same flock(2) the
    store uses, so the timing is the test's and not a long job's), a job fails fast without
    --wait, or gives up after --wait seconds; either way exit 3, naming the holder, nothing
    written. A real job holding the lock is what the no-wait scenarios show."""
    title = f"blocked job with --wait {wait}" if wait else "blocked job without --wait"
    folder = os.path.join(work, title.replace(" ", "-"))
    os.makedirs(folder)
    shutil.copy(os.path.join(work, "c1.csv"), folder)
    store = os.path.join(folder, "store.sqlite")
    storedump.backup(base, store)
    os.makedirs(store + ".locks", exist_ok=True)
    holder = os.open(store + ".locks/contoso.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(holder, fcntl.LOCK_EX)
    os.ftruncate(holder, 0)
    os.write(holder, b"batch nightly-import, harness holder, pid 1 on elsewhere")
    started = time.monotonic()
    result = subprocess.run(command(binary, store, "c1.csv", wait), cwd=folder, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    fcntl.flock(holder, fcntl.LOCK_UN)
    os.close(holder)
    problems = []
    if result.returncode != 3:
        problems.append(f"exit {result.returncode}, expected 3: {result.stderr.strip()[-300:]}")
    if "locked by another job (batch nightly-import, harness holder, pid 1 on elsewhere)" not in result.stderr:
        problems.append(f"the message does not name the holder: {result.stderr.strip()[-300:]}")
    if wait and elapsed < wait:
        problems.append(f"gave up after {elapsed:.1f}s, before --wait {wait}")
    if not wait and elapsed > 5:
        problems.append(f"took {elapsed:.1f}s: not fast")
    written = storedump.query(store, "SELECT count(*) AS n FROM users WHERE upn LIKE 'job1.%'")[0]["n"]
    if written:
        problems.append(f"the refused job wrote {written} users")
    message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    lines = [f"  {title}: exit {result.returncode} after {elapsed:.1f}s: {message[:160]}"]
    return not problems, lines + ["    " + p for p in problems]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rows", type=int, default=1500, help="rows per job")
    parser.add_argument("--rounds", type=int, default=3, help="times each scenario runs")
    parser.add_argument("--results")
    options = parser.parse_args()
    env = dict(os.environ, PROVISION_OPERATOR="harness", NO_COLOR="1")
    env.pop("PROVISION_STORE", None)
    work = options.work
    sample = os.path.join(work, "sample")
    workload.concurrency_sample_dir(os.path.join(options.repo, "SampleData"), sample)
    base = os.path.join(work, "base.sqlite")
    subprocess.run([options.binary, "init", "--sample", "--force", "--sample-dir", sample, "--store", base, "--now", NOW],
                   check=True, capture_output=True, env=env)
    for job in range(1, 5):
        # c1..c4 on contoso; d2..d4 on the other customers.
        workload.concurrency_job(os.path.join(work, f"c{job}.csv"), "contoso", job, options.rows, seed=job)
    for job, customer in ((2, "fabrikam"), (3, "northwind"), (4, "tailspin")):
        workload.concurrency_job(os.path.join(work, f"d{job}.csv"), customer, job, options.rows, seed=10 + job)
    # The same file twice: the second copy gets its own report and sheet names.
    shutil.copy(os.path.join(work, "c1.csv"), os.path.join(work, "c1-again.csv"))
    scenarios = [
        ("two jobs on one customer, waiting", [("c1.csv", "contoso"), ("c2.csv", "contoso")], 600, False),
        ("two jobs on one customer, no wait", [("c1.csv", "contoso"), ("c2.csv", "contoso")], None, True),
        ("the same file twice at once, waiting", [("c1.csv", "contoso"), ("c1-again.csv", "contoso")], 600, False),
        ("four jobs on one customer, waiting",
         [("c1.csv", "contoso"), ("c2.csv", "contoso"), ("c3.csv", "contoso"), ("c4.csv", "contoso")], 600, False),
        ("four jobs on one customer, no wait",
         [("c1.csv", "contoso"), ("c2.csv", "contoso"), ("c3.csv", "contoso"), ("c4.csv", "contoso")], None, True),
        ("two jobs on two customers", [("c1.csv", "contoso"), ("d2.csv", "fabrikam")], None, False),
        ("four jobs on four customers",
         [("c1.csv", "contoso"), ("d2.csv", "fabrikam"), ("d3.csv", "northwind"), ("d4.csv", "tailspin")], None, False),
    ]
    passed = failed = 0
    rows = []
    for round_number in range(1, options.rounds + 1):
        for title, jobs, wait, busy in scenarios:
            run_title = f"{title} (round {round_number})"
            twins = ("c1-again.csv", "contoso") in jobs
            ok, lines = scenario(options.binary, work, base, env, run_title, jobs, wait, busy, twins)
            print(("PASS " if ok else "FAIL ") + "\n".join(lines).lstrip(), flush=True)
            passed, failed = passed + ok, failed + (not ok)
            rows.append({"scenario": title, "ok": ok})
        for wait in (None, 2):
            ok, lines = blocked(options.binary, work, base, env, wait)
            print(("PASS " if ok else "FAIL ") + "\n".join(lines).lstrip(), flush=True)
            passed, failed = passed + ok, failed + (not ok)
            rows.append({"scenario": "blocked job " + ("with --wait 2" if wait else "without --wait"), "ok": ok})
            shutil.rmtree(os.path.join(work, (f"blocked job with --wait {wait}" if wait else "blocked job without --wait")
                                      .replace(" ", "-")), ignore_errors=True)
        for title, _, _, _ in scenarios:
            for suffix in ("", "-serial"):
                shutil.rmtree(os.path.join(work, f"{title} (round {round_number})".replace(" ", "-") + suffix),
                              ignore_errors=True)
    print(f"concurrency: {passed + failed} scenario runs, {passed} passed, {failed} failed")
    if options.results:
        with open(options.results, "w", encoding="utf-8") as handle:
            json.dump({"runs": passed + failed, "passed": passed, "failed": failed, "rowsPerJob": options.rows,
                       "rounds": options.rounds, "results": rows}, handle, indent=1)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
