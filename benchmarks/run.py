"""Run the benchmarks of clauserules: ``make bench`` (``python benchmarks/run.py``).

Each benchmark is a module of this directory with a ``main(argv) -> int`` that prints its
figures; :data:`BENCHMARKS` lists them in order. To add one, write ``bench_<name>.py`` and
add a line below. ``--only NAME`` (repeatable) runs some of them; ``--list`` names them.
Timings are printed, never asserted: a section fails only if it raises or returns non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (name, module, arguments passed to its main, what it measures)
BENCHMARKS: list[tuple[str, str, list[str], str]] = [
    ("eligibility", "benchmarks.bench_eligibility", [], "assess_eligibility vs bare durable_rules"),
    ("plan", "benchmarks.bench_plan", [], "plan of a 20-lot consultation"),
    ("generate", "benchmarks.bench_generate", [], "generation of the consultation documents"),
    ("ledger", "benchmarks.bench_ledger", [], "hours ledger of 1,000,000 lines"),
    ("check-decp", "benchmarks.bench_check_decp", [], "audit of 500,000 published DECP records"),
    ("web", "benchmarks.bench_web", [], "JSON API under load on 127.0.0.1 (plan, documents)"),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", action="append", metavar="NAME", help="run only NAME")
    parser.add_argument("--list", action="store_true", help="list the benchmarks")
    args = parser.parse_args(argv)
    known = {name for name, *_ in BENCHMARKS}
    if args.list:
        for name, module, _, what in BENCHMARKS:
            print(f"{name:12} {module:36} {what}")
        return 0
    unknown = sorted(set(args.only or ()) - known)
    if unknown:
        parser.error(
            f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    print(f"clauserules benchmarks — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    failed: list[str] = []
    for name, module, bench_argv, what in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"\n== {name}: {what}", flush=True)
        started = time.perf_counter()
        try:
            status = importlib.import_module(module).main(list(bench_argv))
        except Exception:
            traceback.print_exc()
            status = 1
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        if status:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
