"""Kill anywhere, lose nothing: see Tests/harness/kill-anywhere.sh for the story.

A trial copies the base store, starts `provision apply main.csv` as a child, SIGKILLs it at a
seeded random moment (one to three times in a row), then runs the same command to completion
and compares the store with the reference (an uninterrupted run of the same command on the
same base store).
"""

import argparse
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
import storedump  # noqa: E402
import workload  # noqa: E402

NOW_PREP = "2026-09-01T00:00:00Z"
NOW_DELETE_OLD = "2026-10-01T00:00:00Z"
NOW_DELETE_RECENT = "2026-11-10T00:00:00Z"
NOW_MAIN = "2026-11-20T00:00:00Z"
# The workloads delete and strip far more than the default safety limits allow: the harness
# tests kills, not the limits (those have their own tests), so it lifts them.
UNLIMITED = ["--max-removals", "all", "--max-deletes", "all"]
# provision's --batch-size when none is given (Sources/ProvisionCLI/Jobs/JobRunner.swift).
DEFAULT_BATCH_SIZE = 2000


def run(binary, args, cwd, env, check_codes=(0,)):
    result = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode not in check_codes:
        sys.stderr.write(f"provision {' '.join(args)} exited {result.returncode}\n{result.stderr[-2000:]}\n")
        raise SystemExit(2)
    return result


def prepare(binary, repo, work, rows, env):
    """The sample store with the preparation files applied, and the main input."""
    sample = os.path.join(work, "sample")
    workload.sample_dir(os.path.join(repo, "SampleData"), sample)
    population = workload.Population()
    population.write(work)
    workload.write_main(population, os.path.join(work, "main.csv"), rows=rows)
    store = os.path.join(work, "prep.sqlite")
    run(binary, ["init", "--sample", "--force", "--sample-dir", sample, "--store", store], work, env)
    for name, now in (("prep-create.csv", NOW_PREP), ("prep-delete-old.csv", NOW_DELETE_OLD),
                      ("prep-delete-recent.csv", NOW_DELETE_RECENT)):
        run(binary, ["apply", name, "--store", store, "--now", now, "--quiet", "--credentials", "prep-credentials.csv"]
            + UNLIMITED, work, env)
    base = os.path.join(work, "base.sqlite")
    storedump.backup(store, base)
    return base


def main_args(store, batch_size=None):
    args = ["apply", "main.csv", "--store", store, "--now", NOW_MAIN, "--quiet",
            "--credentials", "credentials.csv", "--report", "report.json"] + UNLIMITED
    if batch_size:
        args += ["--batch-size", str(batch_size)]
    return args


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def reference(binary, work, base, env, batch_size=None, name="reference"):
    folder = fresh_dir(os.path.join(work, name))
    shutil.copy(os.path.join(work, "main.csv"), folder)
    store = os.path.join(folder, "store.sqlite")
    storedump.backup(base, store)
    started = time.monotonic()
    result = run(binary, main_args(store, batch_size), folder, env, check_codes=(0, 1))
    elapsed = time.monotonic() - started
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    return store, elapsed, result.returncode, report


def check_store(store, batch_id, sheets=None):
    """Problems that make a store wrong on its own (whatever the reference holds), and how
    many passwords the batch issued that no credentials sheet hands over.

    With `sheets` (a run that completed), every password the batch issued must be in a sheet
    and match the store's hash, and none may still be marked undelivered: a kill between a
    group's commit and its sheet's write is made whole by the rerun, which re-issues those
    passwords (docs/planner.md, "Passwords and kills"). No password may be lost.
    """
    problems = storedump.integrity(store) + storedump.seat_problems(store)
    duplicates = storedump.audit_duplicates(store, batch_id)
    if duplicates:
        problems.append(f"audit log: {len(duplicates)} entries of batch {batch_id} written twice, e.g. {duplicates[0]}")
    lost = []
    if sheets is not None:
        lost = credentials.lost_passwords(store, sheets, batch_id)
        if lost:
            problems.append(f"{len(lost)} issued passwords not handed over, e.g. {lost[:3]}")
        pending = storedump.undelivered(store)
        if pending:
            problems.append(f"{len(pending)} passwords still marked undelivered after the run, e.g. {pending[:3]}")
    return problems, len(lost)


def journal_state(store, batch_id):
    """(rows journaled by the batch, whether the batch is marked finished)."""
    rows = storedump.query(store, "SELECT key FROM journal WHERE batch_id = "
                                  f"'{batch_id}'")
    keys = [row["key"] for row in rows]
    return sum(1 for key in keys if not key.startswith("#")), "#finished" in keys


def trial(binary, work, base, env, seed, reference_seconds, reference_dump, known_ids, batch_id):
    rng = random.Random(seed)
    folder = fresh_dir(os.path.join(work, f"trial-{seed}"))
    shutil.copy(os.path.join(work, "main.csv"), folder)
    store = os.path.join(folder, "store.sqlite")
    storedump.backup(base, store)
    batch_size = rng.choice([None, None, 1000, 250, 50])  # None: the default
    kills = rng.choice([1, 1, 1, 2, 3])
    events = []
    finished = False
    for _ in range(kills):
        moment = rng.uniform(0.0, reference_seconds * 1.05)
        child = subprocess.Popen([binary] + main_args(store, batch_size), cwd=folder, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            child.wait(timeout=moment)
            events.append(f"finished before the kill at {moment:.2f}s")
            # The run is complete; running the same file again would be a new batch (which
            # resets the reset-password rows' passwords once more, as it should).
            finished = True
            break
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
            journaled, done = journal_state(store, batch_id)
            events.append(f"killed at {moment:.2f}s with {journaled} journaled" + (" (batch finished)" if done else ""))
            problems, _ = check_store(store, batch_id)
            if problems:
                return False, batch_size, events, 0, 0, ["after the kill: " + p for p in problems]
            if done:
                # Killed after the run recorded its end: it is complete, and running the same
                # file again would be a new batch.
                finished = True
                break
    problems = []
    if not finished:
        result = subprocess.run([binary] + main_args(store, batch_size), cwd=folder, env=env, capture_output=True,
                                text=True)
        if result.returncode not in (0, 1):
            problems.append(f"the rerun exited {result.returncode}: {result.stderr[-500:]}")
    # A killed run's sheet is never overwritten: the rerun writes credentials-2.csv and so on.
    sheets = sorted(glob.glob(os.path.join(folder, "credentials*.csv")))
    found, lost = check_store(store, batch_id, sheets)
    problems += found
    problems += storedump.differences(reference_dump, storedump.dump(store, known_ids))
    return not problems, batch_size, events, lost, storedump.reissued(store, batch_id), problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--results", help="write the trial results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the trial folders")
    options = parser.parse_args()

    env = dict(os.environ, PROVISION_OPERATOR="harness", NO_COLOR="1")
    env.pop("PROVISION_STORE", None)
    env.pop("PROVISION_NOW", None)
    work = options.work
    os.makedirs(work, exist_ok=True)
    print(f"preparing the base store and a {options.rows}-row input in {work}", flush=True)
    base = prepare(options.binary, options.repo, work, options.rows, env)
    known_ids = storedump.object_ids(base)
    ref_store, seconds, code, report = reference(options.binary, work, base, env)
    batch_id = report["header"]["batchID"]
    counts = report["summary"]["counts"]
    print(f"reference run: {seconds:.1f}s, exit {code}, {counts}", flush=True)
    failures = 0
    reference_problems, _ = check_store(ref_store, batch_id, [os.path.join(work, "reference", "credentials.csv")])
    reference_dump = storedump.dump(ref_store, known_ids)
    # The same input in groups of 97 users must end the same way as in the default groups.
    other_store, _, _, _ = reference(options.binary, work, base, env, batch_size=97, name="reference-97")
    reference_problems += storedump.differences(reference_dump, storedump.dump(other_store, known_ids))
    if reference_problems:
        print("reference run is wrong on its own:\n  " + "\n  ".join(reference_problems), flush=True)
        failures += 1
    results = []
    identical = 0
    lost_total = 0
    reissued_total = 0
    for number in range(options.trials):
        seed = options.seed * 1000 + number
        ok, batch_size, events, lost, reissued, problems = trial(options.binary, work, base, env, seed, seconds,
                                                                 reference_dump, known_ids, batch_id)
        lost_total += lost
        reissued_total += reissued
        identical += 1 if ok else 0
        status = "identical" if ok else "DIFFERENT"
        notes = []
        if reissued:
            notes.append(f"{reissued} undelivered passwords re-issued")
        if lost:
            notes.append(f"{lost} passwords lost")
        note = f" ({', '.join(notes)})" if notes else ""
        batch_size = batch_size or DEFAULT_BATCH_SIZE
        print(f"trial {number + 1} (seed {seed}, batch size {batch_size}): {'; '.join(events)}: "
              f"{status}{note}", flush=True)
        for problem in problems:
            print("    " + problem, flush=True)
        results.append({"seed": seed, "batchSize": batch_size, "events": events, "identical": ok,
                        "lostPasswords": lost, "reissuedPasswords": reissued, "problems": problems[:20]})
        if ok and not options.keep:
            shutil.rmtree(os.path.join(work, f"trial-{seed}"), ignore_errors=True)
    kills = sum(1 for r in results for e in r["events"] if e.startswith("killed"))
    print(f"{options.trials} trials, {identical} identical ({kills} kills, {options.rows} rows, "
          f"reference {counts['succeeded']} succeeded / {counts['failed']} failed / {counts['unchanged']} unchanged; "
          f"{lost_total} passwords lost, {reissued_total} re-issued after a kill between a commit and its sheet)")
    if options.results:
        with open(options.results, "w", encoding="utf-8") as handle:
            json.dump({"trials": options.trials, "identical": identical, "kills": kills, "rows": options.rows,
                       "lostPasswords": lost_total, "reissuedPasswords": reissued_total,
                       "referenceSeconds": round(seconds, 1), "referenceCounts": counts,
                       "referenceOK": not reference_problems, "results": results}, handle, indent=1)
    return 0 if identical == options.trials and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
