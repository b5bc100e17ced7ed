"""Concurrency: 8 threads × 2,000 assessments give exactly the sequential answers.

durable_rules is not thread-safe (threads asserting facts segfault it; threads racing the
first use of a ruleset get "Ruleset with name … not found"). The adapter serialises every
call to the C engine. The threads here start **cold** — no rule set compiled yet — and
all start together, then the sequential answers are computed in the same process.

The interpreter switches threads every 10 µs instead of 5 ms, so that threads interleave
inside evaluations. Without the adapter's lock the test still passes (the C extension
holds the GIL during each call, and every evaluation has its own session); it fails, by a
segfault, as soon as two evaluations share a session.

It runs in a subprocess, so that a crash of the C engine fails this test instead of
killing the test run; the exit code must be 0.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

THREADS = 8
CALLS_PER_THREAD = 2_000

SCRIPT = """
    import random
    import sys
    import threading
    import traceback

    from benchmarks.bench_eligibility import answer, varied_calls

    THREADS, CALLS = {threads}, {calls}
    sys.setswitchinterval(1e-5)  # switch threads often: interleave inside evaluations
    calls = varied_calls(CALLS, seed=8)
    results = [None] * THREADS
    failures = []
    barrier = threading.Barrier(THREADS)

    def worker(index):
        try:
            order = list(range(CALLS))
            random.Random(index).shuffle(order)  # each thread its own order
            out = [None] * CALLS
            barrier.wait()
            for i in order:
                out[i] = answer(calls[i])
            results[index] = out
        except BaseException:
            failures.append(traceback.format_exc())

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print("THREAD FAILURE\\n" + failures[0], flush=True)
        sys.exit(3)

    sequential = [answer(call) for call in calls]
    mismatches = [
        (k, i) for k in range(THREADS) for i in range(CALLS) if results[k][i] != sequential[i]
    ]
    eligible = sum('"eligible":true' in a for a in sequential)
    errors = sum(a.startswith("error:") for a in sequential)
    print(f"answers {{len(sequential)}} eligible {{eligible}} errors {{errors}}")
    print(f"mismatches {{len(mismatches)}}")
    if mismatches:
        k, i = mismatches[0]
        print(f"first mismatch: thread {{k}}, call {{calls[i]!r}}")
        print(f"  thread     {{results[k][i]}}")
        print(f"  sequential {{sequential[i]}}")
        sys.exit(4)
"""


def test_threads_give_the_sequential_answers_without_crashing() -> None:
    code = textwrap.dedent(SCRIPT.format(threads=THREADS, calls=CALLS_PER_THREAD))
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise AssertionError(f"the subprocess was killed by {name}:\n{proc.stderr[-4000:]}")
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr[-4000:]}"
    assert "mismatches 0" in proc.stdout
    # The workload is varied enough to mean something: both outcomes occur, few errors.
    words = proc.stdout.split()
    answers, eligible, errors = (int(words[i]) for i in (1, 3, 5))
    assert answers == CALLS_PER_THREAD
    assert 0.2 * answers < eligible < 0.95 * answers, proc.stdout
    assert errors == 0, proc.stdout
