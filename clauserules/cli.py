"""Command-line interface: ``clauserules <command> ...``.

JSON for machines, French text for people. Any error in the input gives one line on
standard error and exit status 2, never a traceback; output is written only once
everything has been computed, so an error never leaves partial output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ._version import __version__
from .eligibility import assess_eligibility, coerce_date
from .errors import ClauseRulesError, FieldProblem, InvalidInputError
from .io import load_document
from .models import EligibilityDecision
from .rules import rulebase
from .rules.publics import DEFAULT_REFERENTIEL, Critere, Referentiel

EXIT_INPUT = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, like every input error
        self.exit(EXIT_INPUT, f"clauserules: error [usage]: {message} (see --help)\n")


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="clauserules",
        description="Règles des clauses sociales d'insertion (commande publique française).",
    )
    parser.add_argument("--version", action="version", version=f"clauserules {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    elig = commands.add_parser(
        "eligibility",
        help="éligibilité d'une ou plusieurs personnes à une clause d'insertion",
        description=(
            "Évalue l'éligibilité des personnes d'un fichier YAML ou JSON (une personne, une "
            "liste, ou une clé 'personnes') à la date --at."
        ),
    )
    elig.add_argument("file", help="PERSONNE.yaml|.json")
    elig.add_argument("--at", required=True, type=_date_arg, help="date d'évaluation YYYY-MM-DD")
    elig.add_argument(
        "--referential",
        default=DEFAULT_REFERENTIEL.value,
        choices=[r.value for r in Referentiel],
        help=f"liste de publics (défaut : {DEFAULT_REFERENTIEL.value})",
    )
    elig.add_argument(
        "--priorites",
        default="",
        help=f"publics prioritaires de l'acheteur, codes séparés par des virgules ({', '.join(c.value for c in Critere)})",
    )
    elig.add_argument(
        "--anru", action="store_true", help="opération financée par l'ANRU (résidence en QPV)"
    )
    elig.add_argument("--format", choices=["json", "text"], default="json")
    elig.set_defaults(handler=_cmd_eligibility)

    rules = commands.add_parser(
        "rules",
        help="liste les règles (id, titre, sources, validité)",
        description="Liste les règles de la base, éventuellement celles en vigueur à une date.",
    )
    rules.add_argument("--at", type=_date_arg, help="seulement les règles en vigueur à cette date")
    rules.add_argument("--topic", help="seulement ce thème (ex. publics) et ses sous-thèmes")
    rules.add_argument("--format", choices=["json", "text"], default="text")
    rules.set_defaults(handler=_cmd_rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``clauserules`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], str] = args.handler
    try:
        output = handler(args)
    except ClauseRulesError as exc:
        sys.stderr.write(f"clauserules: error [{exc.code}]: {_one_line(exc.message)}\n")
        return EXIT_INPUT
    except Exception as exc:  # never a traceback: report and fail
        sys.stderr.write(
            f"clauserules: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(please report it)\n"
        )
        return EXIT_INTERNAL
    sys.stdout.write(output)
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- eligibility ------------------------------------------------------------------------


def _persons(document: Any, name: str) -> tuple[list[Any], bool]:
    """The persons of a document and whether it holds a single one."""
    if isinstance(document, dict) and "personnes" in document:
        document = document["personnes"]
        if not isinstance(document, list):
            raise InvalidInputError(
                [FieldProblem("personnes", "expected a list of persons", type(document).__name__)],
                subject=name,
            )
        return document, False
    if isinstance(document, list):
        return document, False
    return [document], True


def _cmd_eligibility(args: argparse.Namespace) -> str:
    document = load_document(args.file)
    persons, single = _persons(document, args.file)
    priorities = [p.strip() for p in args.priorites.split(",") if p.strip()]
    decisions: list[EligibilityDecision] = []
    for index, person in enumerate(persons):
        try:
            decisions.append(
                assess_eligibility(
                    person,
                    at=args.at,
                    referential=args.referential,
                    publics_prioritaires=priorities,
                    anru=args.anru,
                )
            )
        except InvalidInputError as exc:
            if single:
                raise
            prefix = f"personnes.{index}"
            raise InvalidInputError(
                [FieldProblem(f"{prefix}.{p.location}", p.message, p.found) for p in exc.problems],
                subject=args.file,
            ) from None
    if args.format == "json":
        payload: Any = [eligibility_json(d) for d in decisions]
        return json.dumps(payload[0] if single else payload, ensure_ascii=False, indent=2) + "\n"
    return "\n".join(eligibility_text(d) for d in decisions)


def eligibility_json(decision: EligibilityDecision) -> dict[str, Any]:
    """The JSON object of an eligibility decision (documented keys first)."""
    data = decision.model_dump(mode="json")
    first = [
        "personne",
        "eligible",
        "outcome",
        "referential",
        "at",
        "criteria",
        "prioritaire",
        "anru_qpv",
        "rules",
        "sources",
        "missing",
        "vigilance",
    ]
    return {**{k: data[k] for k in first}, **{k: v for k, v in data.items() if k not in first}}


_OUTCOME_FR = {"eligible": "éligible", "non_eligible": "non éligible", "indetermine": "indéterminé"}


def eligibility_text(decision: EligibilityDecision) -> str:
    """A French, human-readable rendering of an eligibility decision."""
    who = f"Personne {decision.personne}" if decision.personne else "Personne"
    ref = Referentiel(decision.referential)
    lines = [
        f"{who} — {_OUTCOME_FR[decision.outcome]} au {decision.at.strftime('%d/%m/%Y')}",
        f"  Référentiel : {ref.value} ({ref.label})",
    ]
    if decision.criteria:
        met = ", ".join(f"{Critere(c).label} [{c}]" for c in decision.criteria)
        lines.append(f"  Critères remplis : {met}")
    else:
        lines.append("  Critères remplis : aucun")
    if decision.prioritaire is not None:
        lines.append(
            f"  Public prioritaire de l'acheteur : {'oui' if decision.prioritaire else 'non'}"
        )
    if decision.anru_qpv is not None:
        lines.append(f"  Résidence en QPV (ANRU) : {'oui' if decision.anru_qpv else 'non'}")
    if decision.missing:
        lines.append(f"  Informations manquantes : {', '.join(decision.missing)}")
    if decision.vigilance:
        lines.append("  Points de vigilance :")
        lines.extend(f"    - {point}" for point in decision.vigilance)
    lines.append(f"  Règles appliquées : {', '.join(decision.rules) or '(aucune)'}")
    lines.append("  Sources :")
    lines.extend(f"    - {s.citation}" for s in decision.sources)
    return "\n".join(lines) + "\n"


# --- rules ------------------------------------------------------------------------------


def _cmd_rules(args: argparse.Namespace) -> str:
    at: date | None = coerce_date(args.at, "at") if args.at else None
    selected = [
        rule
        for rule in rulebase().rules
        if (
            args.topic is None
            or rule.topic == args.topic
            or rule.topic.startswith(args.topic + ".")
        )
        and (at is None or rule.in_force(at))
    ]
    if args.format == "json":
        return json.dumps([r.as_dict() for r in selected], ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for rule in selected:
        lines.append(f"{rule.id}  {rule.validity.render()}")
        lines.append(f"  {rule.title}")
        lines.append(f"  Condition : {rule.describe()}")
        for citation in rule.sources:
            lines.append(f"  Source : {citation.render()}")
    lines.append(f"{len(selected)} règle(s).")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
