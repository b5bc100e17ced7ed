"""Benchmark of the hours ledger on a national-scale dataset.

The generator writes, as CSV files in a directory, a dataset of the order of the 2014
national consolidation (IGAS: ~23,000 participants, ~34,000 contracts, ~9 million hours):
25,000 people, 35,000 contracts, 2,000 markets, 1,000,000 monthly hours lines and about
2,000 globalisation requests, with every counting rule adopted by some markets. A quarter
of the markets are framework agreements à bons de commande whose dues follow about
100,000 orders, and about a third of the contracts are held by a sub-contractor,
co-contractor or placement structure (AVE: 34.5 % of the hours, 001:431-433).
It is seeded: the same seed and scale give the same files.

Run ``python benchmarks/bench_ledger.py [--scale 1.0] [--seed 2014]``: it prints the time
to read and to count, the lines per second and the peak memory (resident set size).
Target: ≤ 20 s and ≤ 2 GB on a 2-core machine.

It then counts a YAML document of the same data at ``--document-scale`` (5 %: 50,000 lines)
against the same data read from CSV, in the same run: a document is validated by pydantic,
then checked and counted once (the YAML parse itself is timed apart).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from clauserules._files import load_document
from clauserules.core.dates import add_months
from clauserules.ledger.readers import COLUMNS, read_parcours
from clauserules.ledger.service import count_hours

PEOPLE = 25_000
CONTRACTS = 35_000
MARKETS = 2_000
LINES = 1_000_000
REQUESTS = 2_000
ORDERS = 100_000
_LIENS = (
    ("titulaire", 655),
    ("sous_traitant", 150),
    ("cotraitant", 45),
    ("mise_a_disposition", 150),
)

_TYPES = (
    ("cdd", 30),
    ("cdi", 12),
    ("cddi", 15),
    ("interim", 12),
    ("ctti", 8),
    ("contrat_professionnalisation", 6),
    ("apprentissage", 5),
    ("cipi", 3),
    ("cdpi", 2),
    ("mise_a_disposition", 7),
)


def _month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _flag(rng: random.Random, p: float) -> str:
    return "oui" if rng.random() < p else "non"


def generate(directory: str | Path, *, scale: float = 1.0, seed: int = 2014) -> dict[str, int]:
    """Write marches.csv, personnes.csv, contrats.csv, heures.csv and
    demandes_globalisation.csv into ``directory``; return the row counts."""
    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    n_markets = max(4, round(MARKETS * scale))
    n_people = max(2, round(PEOPLE * scale))
    n_contracts = max(n_people, round(CONTRACTS * scale))
    n_lines = max(10, round(LINES * scale))
    n_requests = max(1, round(REQUESTS * scale))
    types = [t for t, _ in _TYPES]
    weights = [w for _, w in _TYPES]
    origin = date(2023, 1, 1)

    markets = []
    for i in range(n_markets):
        start = add_months(origin, rng.randrange(0, 30))
        start = date(start.year, start.month, rng.choice((1, 1, 1, 15)))
        months = rng.choice((6, 12, 12, 18, 24, 36, 48))
        end = date.fromordinal(add_months(start, months).toordinal() - 1)
        proratisation = ""
        if rng.random() < 0.05:
            a = add_months(start, rng.randrange(0, max(1, months - 3)))
            b = date.fromordinal(add_months(a, rng.randrange(1, 7)).toordinal() - 1)
            motif = rng.choice(("chomage_partiel", "licenciement_economique"))
            proratisation = f"{a}..{b}:{motif}"
        markets.append(
            {
                "id": f"M{i:05d}",
                "maitre_ouvrage": f"MO{rng.randrange(400):04d}",
                "debut_execution": start.isoformat(),
                "fin_execution": end.isoformat(),
                "heures_dues": str(rng.randrange(200, 20_000)),
                "territoire": f"bassin-{rng.randrange(60):02d}",
                "titulaire": f"E{rng.randrange(600):04d}",
                "montant": str(rng.randrange(100_000, 20_000_000)),
                "globalisation": rng.choices(("aucune", "ave-2014", "igas-2016"), (5, 3, 2))[0],
                "penalite_par_heure": rng.choice(("", "", "25", "30", "45.50")),
                "regle_24_mois": _flag(rng, 0.8),
                "cdi_deuxieme_annee": _flag(rng, 0.4),
                "marche_long": _flag(rng, 0.4),
                "heures_formation": _flag(rng, 0.6),
                "proratisation": proratisation,
                "euros_par_heure": rng.choice(("1000", "1500")) if rng.random() < 0.25 else "",
                "membres_groupement": "",
            }
        )

    people = []
    for i in range(n_people):
        review = ""
        if rng.random() < 0.1:
            review = (
                f"{add_months(origin, rng.randrange(12, 40))}:{rng.choice(('maintien', 'fin'))}"
            )
        people.append(
            {
                "id": f"P{i:06d}",
                "eligibilite_validee": _flag(rng, 0.95),
                "eligibilite_date": "",
                "referentiel": "ave-2014",
                "revue_annuelle": review,
            }
        )

    # contracts: every person has one, the rest are spread; successive, never overlapping
    owners = list(range(n_people)) + [
        rng.randrange(n_people) for _ in range(n_contracts - n_people)
    ]
    owners.sort()
    contracts = []
    cursor: dict[int, date] = {}
    for i, owner in enumerate(owners):
        follows = cursor.get(owner)
        if follows is None:
            begin = add_months(origin, rng.randrange(0, 30))
            begin = date(begin.year, begin.month, rng.choice((1, 1, 3, 10, 15, 20)))
        else:
            begin = date.fromordinal(follows.toordinal() + rng.choice((0, 0, 3, 20)))
        kind = rng.choices(types, weights)[0]
        months = rng.randrange(6, 40)
        end = date.fromordinal(add_months(begin, months).toordinal() - 1)
        last = i + 1 == len(owners) or owners[i + 1] != owner
        open_cdi = kind == "cdi" and last and rng.random() < 0.5
        contracts.append(
            {
                "id": f"C{i:06d}",
                "personne": f"P{owner:06d}",
                "employeur": f"E{rng.randrange(600):04d}",
                "type": kind,
                "debut": begin.isoformat(),
                "fin": "" if open_cdi else end.isoformat(),
                "lien": rng.choices([k for k, _ in _LIENS], [w for _, w in _LIENS])[0],
                "_end": end,
                "_begin": begin,
            }
        )
        cursor[owner] = date.fromordinal(end.toordinal() + 1)

    # hours: one line per contract month (two markets some months), cut at n_lines
    by_start: list[tuple[date, str]] = sorted(
        (date.fromisoformat(m["debut_execution"]), m["id"]) for m in markets
    )
    lines: list[list[str]] = []
    per_contract = max(1, n_lines // len(contracts))
    for c in contracts:
        begin, end = c["_begin"], c["_end"]
        pool = [mid for d, mid in by_start if d <= end][-40:] or [by_start[0][1]]
        main = rng.choice(pool)
        other = rng.choice(pool)
        month = date(begin.year, begin.month, 1)
        count = 0
        while month <= end and count < per_contract * 2:
            travail = rng.choice(("151.67", "151.67", "120", "75.5", "35", "8.25"))
            formation = "0" if rng.random() < 0.8 else rng.choice(("7", "14", "21.5"))
            lines.append([c["personne"], c["id"], main, _month_text(month), travail, formation])
            if rng.random() < 0.08:
                lines.append([c["personne"], c["id"], other, _month_text(month), "12", "0"])
            month = add_months(month, 1)
            count += 1
    rng.shuffle(lines)
    while len(lines) < n_lines:  # top up with extra lines on existing contract months
        lines.append(list(rng.choice(lines)))
        lines[-1][4] = "1"
    del lines[n_lines:]

    by_person: dict[str, list[str]] = {}
    for line in lines[: n_lines // 5]:
        by_person.setdefault(line[0], []).append(line[2])
    candidates = sorted(by_person)
    rng.shuffle(candidates)
    requests: list[dict[str, str]] = []
    taken: set[tuple[str, str]] = set()
    by_id = {m["id"]: m for m in markets}
    by_variant: dict[tuple[str, str], list[str]] = {}
    for m in markets:
        by_variant.setdefault((m["globalisation"], m["territoire"]), []).append(m["id"])
    for i, person in enumerate(candidates):
        if len(requests) >= n_requests:
            break
        worked = by_id[by_person[person][0]]
        if worked["globalisation"] == "aucune":
            continue
        peers = [
            mid
            for mid in by_variant[(worked["globalisation"], worked["territoire"])]
            if mid != worked["id"]
        ]
        if not peers:
            continue
        chosen = [worked["id"], *rng.sample(peers, min(len(peers), rng.choice((1, 1, 2))))]
        if any((person, m) in taken for m in chosen):
            continue
        taken.update((person, m) for m in chosen)
        mos = {m["maitre_ouvrage"] for m in markets if m["id"] in chosen}
        requests.append(
            {
                "id": f"G{i:05d}",
                "entreprise": f"E{rng.randrange(600):04d}",
                "marches": ";".join(chosen),
                "personne": person,
                "date_demande": "2023-01-01",
                "date_prise_poste": "",
                "accords_maitres_ouvrage": ";".join(sorted(mos)) if rng.random() < 0.9 else "",
                "meme_territoire": _flag(rng, 0.9),
                "favorable_parcours": _flag(rng, 0.95),
                "eligibilite_verifiee": _flag(rng, 0.95),
                "engagement_execution": _flag(rng, 0.95),
                "demandeur": "entreprise",
                "destinataire": (
                    "facilitateur" if worked["globalisation"] == "ave-2014" else "maitre_ouvrage"
                )
                if rng.random() < 0.9
                else "",
            }
        )

    # orders: spread over the execution of the framework agreements
    frameworks = [m for m in markets if m["euros_par_heure"]]
    n_orders = max(1, round(ORDERS * scale)) if frameworks else 0
    orders = []
    for i in range(n_orders):
        m = rng.choice(frameworks)
        first = date.fromisoformat(m["debut_execution"]).toordinal()
        last = date.fromisoformat(m["fin_execution"]).toordinal()
        orders.append(
            {
                "id": f"BC{i:06d}",
                "marche": m["id"],
                "date": date.fromordinal(rng.randint(first, last)).isoformat(),
                "montant_ht": f"{rng.randrange(500, 200_000)}.{rng.randrange(100):02d}",
            }
        )

    def write(name: str, rows: list[dict[str, str]] | list[list[str]]) -> None:
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS[name])
            for row in rows:
                writer.writerow(row if isinstance(row, list) else [row[k] for k in COLUMNS[name]])

    for market in markets:  # the titulaire is unknown in the generator's requests
        market["titulaire"] = ""
    write("marches", markets)
    write("personnes", people)
    write("contrats", contracts)
    write("heures", lines)
    write("demandes_globalisation", requests)
    write("commandes", orders)
    return {
        "marches": len(markets),
        "personnes": len(people),
        "contrats": len(contracts),
        "heures": len(lines),
        "demandes_globalisation": len(requests),
        "commandes": len(orders),
    }


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(scale: float = 1.0, seed: int = 2014) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="clauserules-bench-") as tmp:
        started = time.perf_counter()
        # generated in a child process, so that the peak memory measured is the count's
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--generate",
                tmp,
                "--scale",
                str(scale),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        generated = time.perf_counter() - started
        rss_before = peak_rss_mb()
        cpu = time.process_time()
        started = time.perf_counter()
        parcours = read_parcours(tmp)
        read = time.perf_counter() - started
        started = time.perf_counter()
        ledger = count_hours(parcours)
        counted = time.perf_counter() - started
        cpu = time.process_time() - cpu
        lines = len(parcours.heures)
    total = read + counted
    result = {
        "lines": lines,
        "generate_s": generated,
        "read_s": read,
        "count_s": counted,
        "total_s": total,
        "lines_per_s": lines / total,
        "cpu_s": cpu,
        "load": os.getloadavg()[0],
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_generate_mb": rss_before,
        "markets": len(ledger.marches),
        "orders": len(parcours.commandes),
        "subcontracted_contracts": sum(1 for c in parcours.contrats if c.lien != "titulaire"),
        "requests_admissible": sum(1 for g in ledger.globalisation if g.recevable),
    }
    return result


def run_document(scale: float = 0.05, seed: int = 2014) -> dict[str, float]:
    """Count the same data from CSV and from a YAML document (best of three each)."""
    with tempfile.TemporaryDirectory(prefix="clauserules-bench-doc-") as tmp:
        generate(tmp, scale=scale, seed=seed)
        path = Path(tmp) / "parcours.yaml"
        data = read_parcours(tmp).model_dump(mode="json")
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        started = time.perf_counter()
        document = load_document(path)
        parse = time.perf_counter() - started
        csv_s, document_s = [], []
        for _ in range(3):
            started = time.perf_counter()
            count_hours(read_parcours(tmp))
            csv_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            count_hours(document)
            document_s.append(time.perf_counter() - started)
    return {
        "lines": len(data["heures"]),
        "yaml_parse_s": parse,
        "csv_s": min(csv_s),
        "document_s": min(document_s),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--document-scale", type=float, default=0.05)
    parser.add_argument("--generate", metavar="DIR", help="only write the dataset into DIR")
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate, scale=args.scale, seed=args.seed)
        return 0
    r = run(args.scale, args.seed)
    print(
        f"ledger: {int(r['lines']):,} hours lines, {int(r['markets']):,} markets, "
        f"{int(r['requests_admissible']):,} admissible globalisation requests, "
        f"{int(r['orders']):,} orders, {int(r['subcontracted_contracts']):,} contracts held "
        "by a sub-contractor, co-contractor or placement\n"
        f"  generate {r['generate_s']:.1f} s (not counted)\n"
        f"  read CSV {r['read_s']:.1f} s + count {r['count_s']:.1f} s = {r['total_s']:.1f} s "
        f"({r['lines_per_s']:,.0f} lines/s)\n"
        f"  CPU {r['cpu_s']:.1f} s (load average {r['load']:.1f})\n"
        f"  peak RSS {r['peak_rss_mb']:,.0f} MB (before reading: {r['rss_after_generate_mb']:,.0f} MB)"
    )
    print(f"  CPU time {r['cpu_s']:.1f} s; load average {r['load']:.1f} on {os.cpu_count()} CPUs")
    ok = r["total_s"] <= 20 and r["peak_rss_mb"] <= 2048
    print("  target ≤ 20 s and ≤ 2 GB:", "met" if ok else "NOT met")
    d = run_document(args.document_scale, args.seed)
    print(
        f"  YAML document of {int(d['lines']):,} lines: count {d['document_s']:.2f} s vs "
        f"CSV read + count {d['csv_s']:.2f} s (ratio {d['document_s'] / d['csv_s']:.2f}); "
        f"YAML parse {d['yaml_parse_s']:.1f} s apart"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
