"""durable_rules' error 102 and the state of the heap (ADR 0002, « Une disjonction dans $iany »).

durable 2.0.28 compiles ``{"$iany": {field: {"$or": [...]}}}`` by creating a *forward*
node for the ``$or`` and then reading a type byte of that node which it never wrote: the
byte comes from whatever the node pool's ``realloc`` returned. When it happens to be 9 or
12 (``JSON_IDENTIFIER``, ``JSON_EXPRESSION``) the ruleset is refused with code 102
(``ERR_UNEXPECTED_TYPE``). Which byte it is depends on what the process allocated and
freed before (lxml imported first, ``PYTHONMALLOC``, a busy web worker): the flaky
failures of issue 10.

The tests fill freed heap memory with those two bytes before each compilation, in a
fresh interpreter, which turns the heisenbug into a near-certain failure: the control
shows durable refusing the old encoding, the regression test shows the adapter's
encoding (one ``$iany`` per value, under a top-level ``$or``) compiling every time.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GLIBC = platform.libc_ver()[0] == "glibc"

# Fill freed heap chunks of many sizes with BYTE: the next malloc/realloc of durable's
# node pool then gets memory full of BYTE instead of (often) zeros.
SPRAY = """
    def spray(byte):
        junk = [bytes([byte]) * size for size in range(16, 4096, 8) for _ in range(4)]
        del junk
"""

ADAPTER_SCRIPT = (
    SPRAY
    + """
    from datetime import date

    from clauserules.core import _engine
    from clauserules.core.expr import Any, Fact, evaluate
    from clauserules.core.rulebase import Citation, Nature, Rule, Source, Validity
    from clauserules.rules import rulebase

    SOURCE = Source(id="test.heap", title="Test source", nature=Nature.PRATIQUE)
    conditions = (
        Fact("l").contains("a", "b"),
        Fact("l").contains("c", "d", "e") & (Fact("n") >= 3),
        Any((Fact("l").contains("a", "z"), Fact("m").contains("x", "y"))),
    )
    facts = [
        {"l": ["b"], "n": 3, "m": []},
        {"l": ["d", "a"], "n": 4, "m": ["y"]},
        {"l": [], "n": 1, "m": ["q"]},
    ]
    base = rulebase()
    publics = [base.in_force("publics", date(2026, 11, 22), v) for v in base.variants("publics")]
    compiled = 0
    for byte in (9, 12):
        for i in range(20):
            rules = tuple(
                Rule(id=f"test.heap.{byte}.{i}.{k}", title="règle de test", topic="test",
                     sources=(Citation(SOURCE, "1"),), validity=Validity(date(2000, 1, 1)),
                     when=c)
                for k, c in enumerate(conditions)
            )
            spray(byte)
            for fact in facts:  # the first call compiles, under the sprayed heap
                expected = tuple(r.id for r in rules if evaluate(r.when, fact) is True)
                assert _engine.evaluate(rules, fact) == expected, (rules, fact)
            compiled += 1
            for k, rules in enumerate(publics):
                spray(byte)
                _engine._Compiled(f"heap_publics_{byte}_{i}_{k}", rules)
                compiled += 1
    print("compiled", compiled, "expected", 2 * 20 * (1 + len(publics)), flush=True)
"""
)

CONTROL_SCRIPT = (
    SPRAY
    + """
    import json

    import durable_rules_engine as C

    refused = 0
    for byte in (9, 12):
        for i in range(40):
            definition = {
                "r_0": {"all": [{"m": {"$iany": {"l#l": {"$or": [{"$i": "a"}, {"$i": "b"}]}}}}]},
                "sink": {"all": [{"m": {"_c": 1}}]},
            }
            spray(byte)
            try:
                C.create_ruleset(f"control_{byte}_{i}", json.dumps(definition))
            except Exception as exc:
                assert "error code: 102" in str(exc), exc
                refused += 1
    print("refused", refused, flush=True)
"""
)


def run_python(code: str, pymalloc: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONMALLOC": pymalloc}
    return subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.parametrize("pymalloc", ["pymalloc", "malloc"])
def test_several_values_in_a_list_compile_whatever_the_heap_holds(pymalloc: str) -> None:
    proc = run_python(ADAPTER_SCRIPT, pymalloc)
    assert proc.returncode == 0, proc.stderr[-3000:]
    words = proc.stdout.split()
    compiled, expected = int(words[1]), int(words[3])
    assert compiled == expected >= 200, proc.stdout


@pytest.mark.skipif(not GLIBC, reason="the heap spray relies on glibc malloc reusing chunks")
def test_control_durable_refuses_an_or_inside_iany_on_a_dirty_heap() -> None:
    """The control: the encoding the adapter used before is refused (code 102) often."""
    proc = run_python(CONTROL_SCRIPT, "malloc")
    assert proc.returncode == 0, proc.stderr[-3000:]
    refused = int(proc.stdout.split()[-1])
    assert refused >= 10, f"durable refused {refused} of 80 compilations"
