#!/usr/bin/env python3
"""The emulator's own cap: as many concurrent clients as it takes, hammering one cheap call
(ssm:GetParameter of an existing parameter) straight at the emulator (no proxy), for SECONDS.
Prints `calls_per_second=...`. Several processes (the GIL would cap one), threads in each.

    loadgen.py ENDPOINT PARAMETER_NAME [SECONDS=5] [PROCESSES=4] [THREADS=8]
"""
import multiprocessing
import sys
import threading
import time

import boto3


def worker(args):
    ep, name, secs, threads = args
    session = boto3.session.Session(region_name="us-east-1")
    counts = [0] * threads
    deadline = time.monotonic() + secs

    def loop(i):
        c = session.client("ssm", endpoint_url=ep)
        while time.monotonic() < deadline:
            c.get_parameter(Name=name)
            counts[i] += 1

    ts = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(counts)


def main():
    ep, name = sys.argv[1], sys.argv[2]
    secs = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    procs = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8
    t0 = time.monotonic()
    with multiprocessing.Pool(procs) as pool:
        total = sum(pool.map(worker, [(ep, name, secs, threads)] * procs))
    wall = time.monotonic() - t0
    print(f"calls={total} seconds={secs:.1f} clients={procs * threads} calls_per_second={total / secs:.0f}")


if __name__ == "__main__":
    main()
