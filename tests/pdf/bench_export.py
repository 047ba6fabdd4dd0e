#!/usr/bin/env python3
"""Times the example's whole submission package, whole process, for one or
more builds of the `proposal` tool taken in turn.

    bench_export.py PROPOSAL [PROPOSAL ...] [--runs N] [--file F]

Each run is `PROPOSAL export --out DIR --date 2027-01-01 F` into a new
folder (F is the built-in example unless given). The builds alternate run by
run, so a machine that grows busier or quieter meanwhile weighs on each
alike; the fastest run, the median and the 90th percentile are printed for
each. Every build must write the same zip as the first, or this says so.
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "assets", "example", "example-proposal.json")


def export(tool, source, out):
    started = time.perf_counter()
    subprocess.run([tool, "export", "--out", out, "--date", "2027-01-01", source], check=True, stdout=subprocess.DEVNULL)
    took = (time.perf_counter() - started) * 1000
    (zip_name,) = [n for n in os.listdir(out) if n.endswith(".zip")]
    with open(os.path.join(out, zip_name), "rb") as f:
        return took, hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tools", nargs="+")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--file", default=EXAMPLE)
    args = parser.parse_args()
    tools = [os.path.abspath(t) for t in args.tools]
    times = {t: [] for t in tools}
    digests = set()
    work = tempfile.mkdtemp(prefix="bench-export-")
    try:
        for run in range(args.runs):
            for i, tool in enumerate(tools):
                out = os.path.join(work, f"{run}-{i}")
                took, digest = export(tool, args.file, out)
                times[tool].append(took)
                digests.add(digest)
                shutil.rmtree(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for tool in tools:
        v = sorted(times[tool])
        p90 = v[min(len(v) - 1, int(len(v) * 0.9))]
        print(f"{tool}: fastest {v[0]:.1f} ms, median {statistics.median(v):.1f} ms, p90 {p90:.1f} ms ({len(v)} runs)")
    if len(digests) > 1:
        print("the builds wrote different zips")


if __name__ == "__main__":
    main()
