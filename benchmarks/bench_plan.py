"""Benchmark of the plan of a 20-lot consultation (article choice and hours).

Each run parses the consultation (a plain mapping, as read from YAML), evaluates the rules
in force at the launch date for every lot and renders the decision; the rule sets are
compiled once per process (the first, cold run is reported apart). Lots differ in amount,
labour share, preferences and exceptions so that several distinct fact sets reach the
engine.

Run ``python benchmarks/bench_plan.py [--runs 300] [--lots 20]``.
Target: median ≤ 10 ms on this machine. The wall-clock median is the target; the CPU time
of the process and the load average are printed too, since other processes on a shared
2-core machine inflate the wall clock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from clauserules import plan_consultation

TARGET_MS = 10.0

_PREFERENCES: tuple[list[str], ...] = (
    ["condition_execution"],
    ["condition_execution", "critere_attribution"],
    ["condition_execution", "reserve_ea_esat_siae"],
    ["reserve_siae"],
    [],
)
_TITLES = (
    "Gros œuvre",
    "Nettoyage des locaux",
    "Espaces verts",
    "Menuiseries",
    "Électricité",
    "Plomberie",
    "Peinture",
)


def consultation(lots: int = 20) -> dict[str, Any]:
    """A realistic works consultation of ``lots`` lots, above the European threshold."""
    items = []
    for i in range(lots):
        lot: dict[str, Any] = {
            "id": str(i + 1),
            "intitule": f"{_TITLES[i % len(_TITLES)]} — tranche {i + 1}",
            "montant_estime_ht": str(150_000 + 37_500 * i),
            "preferences": _PREFERENCES[i % len(_PREFERENCES)],
        }
        if i % 3 == 0:
            lot["part_main_oeuvre"] = "0.55"
        if i % 4 == 1:
            lot["taux_insertion"] = "0.07"
        if i % 5 == 4:
            lot["exception_obligation_sociale"] = {
                "motif": "lien_insuffisant_objet",
                "justification": "Prestation sans main-d'œuvre sur site.",
            }
        items.append(lot)
    return {
        "acheteur": {"nom": "Métropole", "type": "collectivite", "achats_annuels_ht": "80000000"},
        "objet": "Construction d'un pôle culturel",
        "contrat": "marche",
        "nature": "travaux",
        "date_lancement": "2026-10-01",
        "duree_mois": 30,
        "financement_anru": "investissement",
        "lots": items,
    }


def _time(fn: Any, runs: int) -> tuple[list[float], list[float]]:
    """Sorted wall-clock and CPU (process) times of ``runs`` calls, in milliseconds."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return sorted(wall), sorted(cpu)


def run(runs: int = 300, lots: int = 20) -> dict[str, float]:
    """Time ``runs`` plans of a ``lots``-lot consultation; milliseconds.

    ``median_ms`` is the plan itself (the target); ``json_median_ms`` adds its rendering
    as a JSON-able dict (``model_dump``), as the CLI does.
    """
    document = consultation(lots)
    started = time.perf_counter()
    plan_consultation(document)
    cold = (time.perf_counter() - started) * 1000
    plan_only, plan_cpu = _time(lambda: plan_consultation(document), runs)
    with_json, _ = _time(lambda: plan_consultation(document).model_dump(mode="json"), runs)
    return {
        "lots": float(lots),
        "runs": float(runs),
        "cold_ms": cold,
        "median_ms": statistics.median(plan_only),
        "p95_ms": plan_only[int(0.95 * (len(plan_only) - 1))],
        "min_ms": plan_only[0],
        "cpu_median_ms": statistics.median(plan_cpu),
        "json_median_ms": statistics.median(with_json),
        "load_average": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--lots", type=int, default=20)
    args = parser.parse_args(argv)
    result = run(args.runs, args.lots)
    verdict = "OK" if result["median_ms"] <= TARGET_MS else "MISSED"
    print(
        f"plan of a {int(result['lots'])}-lot consultation ({int(result['runs'])} runs): "
        f"median {result['median_ms']:.2f} ms (CPU {result['cpu_median_ms']:.2f} ms), "
        f"p95 {result['p95_ms']:.2f} ms, min {result['min_ms']:.2f} ms, "
        f"first (cold) {result['cold_ms']:.1f} ms; with JSON rendering: median "
        f"{result['json_median_ms']:.2f} ms; load average {result['load_average']:.1f} — "
        f"target ≤ {TARGET_MS:.0f} ms median: {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
