"""Benchmark of the generation of the RC, the CCAP and the decision record.

One run plans a 5-lot consultation (a plain mapping, as read from YAML), builds the
document context and renders the three Word documents with the library's templates, then
writes them to a directory (through a temporary directory, as :func:`generate_documents`
always does). Templates are compiled once per process: the first, cold run is reported
apart. A second measure generates 100 distinct consultations (different dates, amounts,
instruments and options) one after the other; some of them combine instruments the regime
of their date forbids, so their plan is ``a_corriger`` and they are generated as drafts
(``brouillon=True``), as a buyer would to see the open points.

Run ``python benchmarks/bench_generate.py [--runs 50] [--batch 100]``.
Targets: median ≤ 150 ms for one consultation; 100 consultations ≤ 15 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from clauserules import generate_documents

TARGET_MS = 150.0
TARGET_BATCH_S = 15.0

_PREFERENCES = (
    ["condition_execution", "critere_attribution"],
    ["condition_execution"],
    ["condition_execution", "reserve_ea_esat_siae"],
    ["reserve_siae"],
    ["condition_execution"],
)
_DATES = ("2026-09-15", "2024-03-01", "2021-06-01", "2018-02-01", "2026-11-02")


def consultation(index: int = 0, lots: int = 5) -> dict[str, Any]:
    """A works consultation of ``lots`` lots; ``index`` varies dates, amounts and options."""
    items = []
    for i in range(lots):
        lot: dict[str, Any] = {
            "id": str(i + 1),
            "intitule": f"Lot {i + 1} — tranche {index}",
            "montant_estime_ht": str(400_000 + 150_000 * i + 1_000 * index),
            "preferences": _PREFERENCES[(i + index) % len(_PREFERENCES)],
        }
        if "critere_attribution" in lot["preferences"]:
            lot["poids_critere"] = "0.15"
        if i == 3 and index % 2 == 0:
            lot["exception_obligation_sociale"] = {
                "motif": "restriction_concurrence_ou_difficulte_execution",
                "justification": "Lot réservé de faible montant.",
            }
        items.append(lot)
    return {
        "acheteur": {"nom": f"Ville n° {index} & agglomération", "type": "collectivite"},
        "objet": f"Rénovation d'équipements publics n° {index}",
        "nature": "travaux",
        "date_lancement": _DATES[index % len(_DATES)],
        "duree_mois": 18 + index % 24,
        "financement_anru": "investissement" if index % 3 == 0 else "aucun",
        "facilitateur": {
            "nom": "Maison de l'emploi",
            "contact": "clauses@mde.example",
            "consentement_publication": index % 2 == 0,
        },
        "publics_prioritaires": ["jeune"] if index % 4 == 0 else [],
        "lots": items,
        "documents": {
            "penalite_par_heure": "40" if index % 2 else None,
            "globalisation": ("ave-2014", "igas-2016", "aucune")[index % 3],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)
    document = consultation()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        generate_documents(document, out / "cold")
        cold = (time.perf_counter() - start) * 1000
        timings = []
        for run in range(args.runs):
            start = time.perf_counter()
            generate_documents(document, out / f"run-{run % 5}")
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        start = time.perf_counter()
        for index in range(args.batch):
            generate_documents(consultation(index), out / f"batch-{index}", brouillon=True)
        batch = time.perf_counter() - start
    print(
        f"generate RC + CCAP + decision, 5 lots: median {median:.1f} ms "
        f"(p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms, cold {cold:.0f} ms, "
        f"{args.runs} runs; target ≤ {TARGET_MS:.0f} ms)"
    )
    print(
        f"generate {args.batch} distinct consultations: {batch:.2f} s "
        f"(target ≤ {TARGET_BATCH_S:.0f} s for 100)"
    )
    ok = median <= TARGET_MS and batch * 100 / max(args.batch, 1) <= TARGET_BATCH_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
