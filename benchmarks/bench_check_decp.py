"""Benchmark of ``clauserules check-decp`` on 500,000 generated DECP records.

The generator writes one official DECP 2.0 JSON document (``{"marches": {"marche": [...],
"contrat-concession": [...]}}``) record by record: amounts around the European thresholds,
notification dates around the start of the mandatory social condition and the threshold
periods, CPV codes of works, supplies, services and social services, every value of
``considerationsSociales``. The audit then runs in a child process (the command line, with
a CSV export of every record), whose wall time and peak resident memory are printed.

Run ``python benchmarks/bench_check_decp.py [--records 500000] [--keep FILE]``.
Target: one pass, bounded memory (peak RSS independent of the number of records).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

_AMOUNTS = (40_000, 139_999, 140_000, 215_999, 216_000, 221_000, 431_999, 750_000, 5_404_000)
_CPVS = ("45000000-7", "45210000-2", "79710000", "85312300", "30192000-1", "90910000-9")
_SOCIAL = (
    ["Clause sociale"],
    ["Clause sociale", "Critère social"],
    ["Critère social"],
    ["Marché réservé"],
    ["Pas de considération sociale"],
)
_START = date(2025, 6, 1)


def record(index: int, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """One generated record and its list (``marche`` or ``contrat-concession``)."""
    day = _START + timedelta(days=rng.randrange(0, 1000))
    amount = rng.choice(_AMOUNTS) + rng.choice((0, 0, 1, -1))
    social = rng.choice(_SOCIAL)
    buyer = f"{21000000000000 + rng.randrange(0, 2000):014d}"
    if index % 20 == 0:
        values = ["Concession réservée" if v == "Marché réservé" else v for v in social]
        return "contrat-concession", {
            "id": f"C{index:012d}",
            "autoriteConcedante": {"id": buyer},
            "nature": "Concession de service",
            "objet": "Concession générée",
            "procedure": "Procédure négociée ouverte",
            "dureeMois": 60,
            "dateSignature": day.isoformat(),
            "datePublicationDonnees": day.isoformat(),
            "dateDebutExecution": day.isoformat(),
            "valeurGlobale": amount * 10,
            "montantSubventionPublique": 0,
            "concessionnaires": [{"concessionnaire": {"id": "38103128500491", "typeIdentifiant": "SIRET"}}],
            "considerationsSociales": {"considerationSociale": values},
            "considerationsEnvironnementales": {"considerationEnvironnementale": ["Pas de considération environnementale"]},
        }  # fmt: skip
    return "marche", {
        "id": f"M{index:012d}",
        "acheteur": {"id": buyer},
        "nature": "Marché",
        "objet": "Marché généré",
        "codeCPV": rng.choice(_CPVS),
        "techniques": {"technique": ["Sans objet"]},
        "modalitesExecution": {"modaliteExecution": ["Sans objet"]},
        "marcheInnovant": False,
        "ccag": "Travaux",
        "offresRecues": 3,
        "attributionAvance": False,
        "typeGroupementOperateurs": "Pas de groupement",
        "procedure": "Appel d'offres ouvert",
        "lieuExecution": {"code": "75056", "typeCode": "Code commune"},
        "dureeMois": 24,
        "dateNotification": day.isoformat(),
        "datePublicationDonnees": day.isoformat(),
        "montant": amount,
        "typesPrix": {"typePrix": ["Définitif ferme"]},
        "formePrix": "Forfaitaire",
        "sousTraitanceDeclaree": False,
        "titulaires": [{"titulaire": {"id": "55204599900869", "typeIdentifiant": "SIRET"}}],
        "considerationsSociales": {"considerationSociale": social},
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Clause environnementale"]},
    }  # fmt: skip


def write_document(out: TextIO, count: int, seed: int = 16) -> None:
    """Write ``count`` generated records as one official DECP document, one at a time."""
    rng = random.Random(seed)
    # two passes over the same seed keep memory flat: marchés first, then concessions
    out.write('{"marches": {')
    for position, wanted in enumerate(("marche", "contrat-concession")):
        rng.seed(seed)
        out.write(("," if position else "") + f'"{wanted}": [')
        first = True
        for index in range(count):
            kind, data = record(index, rng)
            if kind != wanted:
                continue
            out.write(("" if first else ",\n") + json.dumps(data, ensure_ascii=False))
            first = False
        out.write("]")
    out.write("}}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--keep", help="keep the generated file at this path")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "decp.json"
        started = time.perf_counter()
        with path.open("w", encoding="utf-8") as handle:
            write_document(handle, args.records)
        generated = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        print(f"generated {args.records:,} records ({size:,.0f} MB) in {generated:.1f} s")
        out = Path(tmp) / "audit.csv"
        command = [sys.executable, "-m", "clauserules.cli", "check-decp", str(path)]
        command += ["--format", "json", "--out", str(out)]
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stderr)
            return 1
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = json.loads(proc.stdout)
        print(
            f"check-decp: {summary['enregistrements']:,} records in {elapsed:.1f} s "
            f"({summary['enregistrements'] / elapsed:,.0f} records/s), peak RSS {peak:.0f} MB"
        )
        print(f"  obligation: {summary['obligation']}")
        print(f"  constats: {summary['constats']}")
        print(
            f"  buyers x years: {len(summary['par_acheteur_annee']):,} rows; CPU load {os.getloadavg()[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
