"""Command-line commands of the publication data: ``export decp|eforms`` and ``check-decp``.

:func:`add_commands` adds them to the ``clauserules`` parser; every handler returns the
text to print, like the other commands (errors: one line, exit status 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .. import plan_consultation
from ._compat import load_document, parse_consultation

__all__ = ["add_commands"]


def add_commands(commands: Any) -> None:
    """Add ``export`` and ``check-decp`` to the sub-parsers ``commands``."""
    export = commands.add_parser(
        "export",
        help="données de publication d'une consultation : DECP ou eForms, lot par lot",
        description=(
            "Exporte, pour chaque lot d'une consultation (YAML ou JSON), les considérations "
            "sociales retenues au format des données essentielles (DECP 2.0) ou des avis "
            "européens (eForms), en JSON. Un plan à corriger est refusé (statut 2)."
        ),
    )
    export.add_argument("standard", choices=["decp", "eforms"], help="format de publication")
    export.add_argument("file", help="CONSULTATION.yaml|.json")
    export.add_argument(
        "--politique", help="politique de recommandation (YAML ou JSON), défauts sinon"
    )
    export.add_argument(
        "--technique",
        action="append",
        default=[],
        help="DECP : valeur de techniques (répétable), ex. Accord-cadre ; omise sinon",
    )
    export.add_argument(
        "--modalite",
        action="append",
        default=[],
        help="DECP : valeur de modalitesExecution (répétable), ex. Tranches ; omise sinon",
    )
    export.add_argument(
        "--xml", action="store_true", help="eForms : ajoute l'extrait XML de chaque lot"
    )
    export.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> str:
    from .decp import plan_to_decp
    from .eforms import plan_to_eforms

    consultation = parse_consultation(load_document(args.file))
    politique = load_document(args.politique) if args.politique else None
    plan = plan_consultation(consultation, politique=politique)
    result: dict[str, Any]
    if args.standard == "decp":
        result = plan_to_decp(
            plan,
            consultation=consultation,
            techniques=args.technique,
            modalites_execution=args.modalite,
        )
    else:
        result = plan_to_eforms(plan, consultation=consultation, xml=args.xml)
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
