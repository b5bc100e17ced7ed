"""Benchmark of the eligibility of publics: public API against a bare durable_rules baseline.

One run prints, measured in the same process on the same workload (a fixed set of 50
varied persons, referentials and dates, warmed up first):

(a) µs per assessment through the public API :func:`clauserules.assess_eligibility`
    (input validation, facts, rules in force, engine, decision);
(b) µs per assessment of the same facts through a bare durable_rules baseline: durable's
    own Python host (``durable.engine.Host`` without its timer threads) on the *same*
    compiled rule definition (:func:`clauserules.core._engine.durable_definition`, no-op
    actions): ``assert_fact``, ``get_facts``, ``delete_state``;
(c) their ratio (target ≤ 2);
(d) assessments per second, single-threaded (target ≥ 10,000), and with 2 threads;
plus where the time of the public API goes, stage by stage.

The workload (:func:`varied_calls`) is also the one of ``tests/test_concurrency.py`` and
``tests/test_memory.py``. Run ``python benchmarks/bench_eligibility.py [--profile]``.
Timings are not asserted: other processes on a shared 2-core machine inflate them, so the
load average and the CPU time are printed next to the wall clock.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import io
import itertools
import os
import pstats
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from clauserules import assess_eligibility
from clauserules.core import _engine
from clauserules.core.expr import FactValue
from clauserules.core.inputs import parse_model
from clauserules.core.rulebase import Rule
from clauserules.eligibility.model import Personne
from clauserules.eligibility.service import derive_facts
from clauserules.errors import ClauseRulesError
from clauserules.rules import rulebase
from clauserules.rules.publics import TOPIC

TARGET_RATIO = 2.0
TARGET_PER_SECOND = 10_000
PERSONS = 50

REFERENTIALS = ("ave-2014", "pole-emploi", "daj-2015", "igas-2016")
ALLOCATIONS = ("rsa", "ass", "aah", "ata", "ai", "invalidite", "are")
PRISES_EN_CHARGE = ("siae", "ai", "etti", "ei", "aci", "regie_quartier", "epide", "e2c", "geiq")
ORGANISMES = ("france_travail", "maison_emploi", "plie", "mission_locale", "mdph", "facilitateur")
# Days around the changes of the rule base, and ordinary days.
PIVOTAL_DAYS = (
    date(2016, 4, 18),
    date(2017, 1, 1),
    date(2023, 12, 31),
    date(2024, 1, 1),
    date(2024, 2, 29),
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2026, 11, 22),
)


# --------------------------------------------------------------------------------------
# Workload
# --------------------------------------------------------------------------------------


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def varied_person(rng: random.Random, at: date) -> dict[str, Any]:
    """A valid person (as read from YAML: ISO strings) with a random mix of known facts."""
    birth = _day_between(rng, date(1955, 1, 1), at - timedelta(days=16 * 366))
    person: dict[str, Any] = {"date_naissance": birth.isoformat()}

    def maybe(probability: float) -> bool:
        return rng.random() < probability

    if maybe(0.1):
        del person["date_naissance"]
    if maybe(0.7):
        depuis = _day_between(rng, max(birth, at - timedelta(days=5 * 365)), at)
        inscription: dict[str, Any] = {"depuis": depuis.isoformat()}
        if maybe(0.7):
            inscription["categorie"] = rng.randint(1, 5)
        person["inscription_france_travail"] = inscription
    elif maybe(0.5):
        person["inscription_france_travail"] = False
    if maybe(0.7):
        person["allocations"] = rng.sample(ALLOCATIONS, rng.choice((0, 0, 1, 1, 2)))
    for name in ("ayant_droit_rsa", "obligation_emploi", "orientation_milieu_ordinaire"):
        if maybe(0.5):
            person[name] = maybe(0.3)
    if maybe(0.6):
        person["niveau_qualification"] = rng.randint(1, 8)
    if maybe(0.5):
        leaving = _day_between(rng, birth + timedelta(days=16 * 366), at)
        person["sortie_formation_initiale"] = leaving.isoformat()
    if maybe(0.5):
        person["prise_en_charge"] = rng.sample(PRISES_EN_CHARGE, rng.choice((0, 0, 1, 2)))
    if maybe(0.4):
        person["residence_qpv"] = maybe(0.4)
    if maybe(0.15):
        person["avis_motive"] = {
            "organisme": rng.choice(ORGANISMES),
            "date": _day_between(rng, max(birth, at - timedelta(days=400)), at).isoformat(),
        }
    if maybe(0.3):
        person["id"] = f"p{rng.randint(1, 99_999)}"
    return person


def varied_calls(count: int, *, seed: int = 2026, overlay: bool = True) -> list[dict[str, Any]]:
    """``count`` keyword-argument dicts for :func:`assess_eligibility`, varied and valid.

    Dates are pivotal days of the rule base or any day from 2017 to 2028; ``overlay``
    adds buyer priorities and ANRU funding to some calls.
    """
    rng = random.Random(seed)
    calls = []
    for _ in range(count):
        if rng.random() < 0.3:
            at = rng.choice(PIVOTAL_DAYS)
        else:
            at = _day_between(rng, date(2017, 1, 1), date(2028, 12, 31))
        call: dict[str, Any] = {
            "personne": varied_person(rng, at),
            "at": at.isoformat(),
            "referential": rng.choice(REFERENTIALS),
        }
        if overlay and rng.random() < 0.2:
            call["publics_prioritaires"] = rng.sample(("rsa", "jeune", "deld", "senior"), 2)
        if overlay and rng.random() < 0.2:
            call["anru"] = True
        calls.append(call)
    return calls


def answer(call: Mapping[str, Any]) -> str:
    """The decision of ``call`` as JSON text, or ``error:<code>`` (for comparisons)."""
    try:
        return assess_eligibility(**call).model_dump_json()
    except ClauseRulesError as exc:
        return f"error:{exc.code}"


# --------------------------------------------------------------------------------------
# The bare durable_rules baseline
# --------------------------------------------------------------------------------------


def _noop_action(_closure: Any) -> None:
    return None


class Baseline:
    """durable's own Python host, without its timer threads, on our compiled definitions.

    ``durable.engine.Host`` starts two timer threads that call into the C engine in the
    background (they make the process crash when other threads use the engine):
    :meth:`_run` is overridden to start none. Each distinct rule set gets the definition
    :func:`clauserules.core._engine.durable_definition` produces, with a no-op action per rule.
    """

    _names = itertools.count()

    def __init__(self) -> None:
        from durable import engine

        class QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                return None

        self.host = QuietHost()
        self.rulesets: dict[int, str] = {}
        self.sids = itertools.count()

    def ruleset(self, rules: Sequence[Rule]) -> str:
        name = self.rulesets.get(id(rules))
        if name is None:
            definition = copy.deepcopy(_engine.durable_definition(rules))
            for rule in definition.values():
                rule["run"] = _noop_action
            name = f"baseline_{next(self._names)}"
            self.host.register_rulesets({name: definition})
            self.rulesets[id(rules)] = name
        return name

    def assess(self, name: str, facts: Mapping[str, FactValue]) -> list[dict[str, Any]]:
        """assert the facts in a fresh session, read them back, delete the session."""
        sid = str(next(self.sids))
        self.host.assert_fact(name, {**facts, "_clauserules": 1, "sid": sid})
        found: list[dict[str, Any]] = self.host.get_facts(name, sid)
        self.host.delete_state(name, sid)
        return found


def baseline_inputs(
    calls: Iterable[Mapping[str, Any]],
) -> list[tuple[tuple[Rule, ...], dict[str, FactValue]]]:
    """The rules in force and the facts of each call (computed once, outside the timing)."""
    base = rulebase()
    inputs = []
    for call in calls:
        at = date.fromisoformat(call["at"])
        person = parse_model(Personne, call["personne"], subject="personne")
        inputs.append((base.in_force(TOPIC, at, call["referential"]), derive_facts(person, at)))
    return inputs


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def per_call_us(
    function: Callable[[Any], object],
    items: Sequence[Any],
    *,
    seconds: float = 1.0,
    rounds: int = 5,
) -> tuple[float, float]:
    """Best wall-clock and CPU µs per call over ``rounds`` rounds of about ``seconds`` each."""
    started = time.perf_counter()
    for item in items:
        function(item)
    once = max(time.perf_counter() - started, 1e-6)
    loops = max(1, int(seconds / once))
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(loops):
            for item in items:
                function(item)
        calls = loops * len(items)
        best_wall = min(best_wall, (time.perf_counter() - wall0) / calls * 1e6)
        best_cpu = min(best_cpu, (time.process_time() - cpu0) / calls * 1e6)
    return best_wall, best_cpu


def threaded_per_second(
    calls: Sequence[Mapping[str, Any]], threads: int, seconds: float = 2.0
) -> float:
    """Assessments per second with ``threads`` threads calling the public API together."""
    counts = [0] * threads
    stop = threading.Event()
    barrier = threading.Barrier(threads + 1)

    def worker(index: int) -> None:
        barrier.wait()
        done = 0
        while not stop.is_set():
            for call in calls:
                assess_eligibility(**call)
            done += len(calls)
        counts[index] = done

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in pool:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def run(*, seconds: float = 1.0) -> dict[str, float]:
    """Measure (a)-(d) and the stages of the public API; µs per assessment."""
    calls = varied_calls(PERSONS, seed=2026, overlay=False)
    for call in calls:  # warm-up: compile every rule set, fill the caches
        assess_eligibility(**call)
    inputs = baseline_inputs(calls)
    baseline = Baseline()
    named = [(baseline.ruleset(rules), facts) for rules, facts in inputs]
    for name, facts in named:
        baseline.assess(name, facts)

    public, public_cpu = per_call_us(lambda c: assess_eligibility(**c), calls, seconds=seconds)
    bare, bare_cpu = per_call_us(lambda nf: baseline.assess(*nf), named, seconds=seconds)

    # Stages of the public API, in CPU time (less disturbed by other processes).
    base = rulebase()
    persons = [(c["personne"], date.fromisoformat(c["at"]), c["referential"]) for c in calls]
    parsed = [(parse_model(Personne, p, subject="personne"), at, ref) for p, at, ref in persons]
    short = seconds / 2
    _, engine = per_call_us(lambda rf: _engine.evaluate(*rf), inputs, seconds=short)
    _, stage_parse = per_call_us(
        lambda p: parse_model(Personne, p[0], subject="personne"), persons, seconds=short
    )
    _, stage_facts = per_call_us(lambda p: derive_facts(p[0], p[1]), parsed, seconds=short)
    _, stage_rules = per_call_us(lambda p: base.in_force(TOPIC, p[1], p[2]), parsed, seconds=short)
    one_thread = threaded_per_second(calls, 1, seconds=2 * seconds)
    two_threads = threaded_per_second(calls, 2, seconds=2 * seconds)
    return {
        "public_us": public,
        "public_cpu_us": public_cpu,
        "baseline_us": bare,
        "baseline_cpu_us": bare_cpu,
        "ratio": public / bare,
        "ratio_cpu": public_cpu / bare_cpu,
        "per_second": 1e6 / public,
        "per_second_cpu": 1e6 / public_cpu,
        "one_thread_per_second": one_thread,
        "two_threads_per_second": two_threads,
        "engine_us": engine,
        "parse_us": stage_parse,
        "facts_us": stage_facts,
        "rules_in_force_us": stage_rules,
        "load_average": os.getloadavg()[0],
    }


def profile(seconds: float = 2.0) -> str:
    """cProfile of the public API on the workload: the 25 functions of most own time."""
    calls = varied_calls(PERSONS, seed=2026, overlay=False)
    for call in calls:
        assess_eligibility(**call)
    profiler = cProfile.Profile()
    deadline = time.perf_counter() + seconds
    profiler.enable()
    while time.perf_counter() < deadline:
        for call in calls:
            assess_eligibility(**call)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of a timing round")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    args = parser.parse_args(argv)
    r = run(seconds=args.seconds)
    ratio_ok = "met" if r["ratio"] <= TARGET_RATIO else "NOT met"
    rate_ok = "met" if r["per_second"] >= TARGET_PER_SECOND else "NOT met"
    other = (
        r["public_cpu_us"] - r["engine_us"] - r["parse_us"] - r["facts_us"] - r["rules_in_force_us"]
    )
    print(
        f"eligibility of publics — {PERSONS} varied persons, referentials and dates "
        f"(load average {r['load_average']:.1f})\n"
        f"  (a) public API assess_eligibility   {r['public_us']:8.1f} µs/assessment "
        f"(CPU {r['public_cpu_us']:.1f} µs)\n"
        f"  (b) bare durable_rules baseline      {r['baseline_us']:8.1f} µs/assessment "
        f"(CPU {r['baseline_cpu_us']:.1f} µs): Host without timers, same definition, "
        f"assert_fact + get_facts + delete_state\n"
        f"  (c) ratio public / baseline          {r['ratio']:8.2f}  "
        f"(CPU {r['ratio_cpu']:.2f}) — target ≤ {TARGET_RATIO:g}: {ratio_ok}\n"
        f"  (d) single-threaded                  {r['per_second']:8,.0f} assessments/s "
        f"(CPU {r['per_second_cpu']:,.0f}/s) — target ≥ {TARGET_PER_SECOND:,}: {rate_ok}\n"
        f"      in a worker thread, 1 thread     {r['one_thread_per_second']:8,.0f} assessments/s\n"
        f"      in worker threads, 2 threads     {r['two_threads_per_second']:8,.0f} assessments/s "
        f"(the engine is serialised by a lock)\n"
        f"  where the public API's time goes (CPU µs/assessment, of {r['public_cpu_us']:.1f}):\n"
        f"      validate the input (pydantic)    {r['parse_us']:8.1f}\n"
        f"      derive the facts                 {r['facts_us']:8.1f}\n"
        f"      rules in force (cached)          {r['rules_in_force_us']:8.1f}\n"
        f"      engine (_engine.evaluate)        {r['engine_us']:8.1f}\n"
        f"      the rest (decision, sources...)  {other:8.1f}"
    )
    if args.profile:
        print(profile())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
