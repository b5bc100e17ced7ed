"""Memory: 100,000 assessments in one process, no error, RSS growth under 50 MB.

Runs in a subprocess (a fresh interpreter, and a crash of the C engine fails the test).
The calls cycle through 5,000 varied calls from a seeded generator — persons,
referentials, dates, buyer overlays — each cycle one day later than the previous one, so
that the caches of rules in force and of compiled rule sets (tens of thousands of
distinct dates) fill up and are cleared as in a long-running service. The resident
set size (``VmRSS`` of ``/proc/self/status``) is read after a warm-up of 2,000 assessments
and at the end.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSESSMENTS = 100_000
WARM_UP = 2_000
MAX_GROWTH_MB = 50

SCRIPT = """
    import gc
    from datetime import date, timedelta

    from clauserules import assess_eligibility
    from clauserules.errors import ClauseRulesError
    from benchmarks.bench_eligibility import varied_calls

    def rss_kb():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    TOTAL, WARM_UP = {total}, {warm_up}
    calls = varied_calls(5_000, seed=100)
    errors = 0
    for done in range(1, TOTAL + 1):
        call = calls[done % len(calls)]
        later = date.fromisoformat(call["at"]) + timedelta(days=done // len(calls))
        try:
            assess_eligibility(**{{**call, "at": later}})
        except ClauseRulesError:
            errors += 1
        if done == WARM_UP:
            gc.collect()
            before = rss_kb()
    gc.collect()
    after = rss_kb()
    print(f"assessments {{done}} errors {{errors}} rss_before_kb {{before}} rss_after_kb {{after}}")
"""


@pytest.mark.slow
def test_100000_assessments_grow_rss_by_less_than_50_mb() -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc/self/status on this system")
    code = textwrap.dedent(SCRIPT.format(total=ASSESSMENTS, warm_up=WARM_UP))
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise AssertionError(f"the subprocess was killed by {name}:\n{proc.stderr[-4000:]}")
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr[-4000:]}"
    words = proc.stdout.split()
    figures = dict(zip(words[0::2], map(int, words[1::2]), strict=True))
    assert figures["assessments"] == ASSESSMENTS
    assert figures["errors"] == 0, "the workload is valid: every call gives a decision"
    growth_mb = (figures["rss_after_kb"] - figures["rss_before_kb"]) / 1024
    print(f"RSS growth over {ASSESSMENTS - WARM_UP:,} assessments: {growth_mb:.1f} MB")
    assert growth_mb < MAX_GROWTH_MB
