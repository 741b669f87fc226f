#!/usr/bin/env python3
"""Python's csv module on the benchmark file, as the peer of `Benchmarks csv`.

Usage: python3 csv_python_peer.py FILE
Prints one line: "<bytes> <CPU seconds> <peak KiB> <records> <fields>", where peak KiB is
VmHWM from /proc/self/status (the same measure the Swift side reports).
"""
import csv
import os
import sys
import time


def peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    path = sys.argv[1]
    start = time.process_time()
    records = fields = 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            records += 1
            fields += len(row)
    elapsed = time.process_time() - start
    print(f"{os.path.getsize(path)} {elapsed:.6f} {peak_kib()} {records} {fields}")


if __name__ == "__main__":
    main()
