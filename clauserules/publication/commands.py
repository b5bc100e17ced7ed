"""Command-line commands of the publication data: ``export decp|eforms`` and ``check-decp``.

:func:`add_commands` adds them to the ``clauserules`` parser; every handler returns the
text to print, like the other commands (errors: one line, exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from clauserules import plan_consultation
from clauserules.publication._compat import load_document, parse_consultation

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

    check = commands.add_parser(
        "check-decp",
        help="audit de données essentielles publiées : obligation sociale et déclaration",
        description=(
            "Lit des données essentielles publiées (JSON officiel, JSON Lines ou forme "
            "consolidée CSV/JSON) et dit, pour chaque enregistrement, si la condition "
            "d'exécution sociale obligatoire s'appliquait (montant, seuil européen de la "
            "période, nature selon le CPV, dates) et si une considération sociale est "
            "déclarée ; « indéterminé » quand la date de lancement, absente des DECP, décide."
        ),
    )
    check.add_argument("file", help="DECP.json | DECP.jsonl | DECP.csv")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--out", help="écrit le détail par enregistrement (fichier .csv ou .xlsx)")
    check.add_argument(
        "--details",
        action="store_true",
        help="json : ajoute le détail de chaque enregistrement (petits fichiers)",
    )
    check.add_argument(
        "--type-acheteur",
        help="catégorie des acheteurs si elle est connue (etat, collectivite, "
        "etablissement_public, etablissement_sante, bailleur_social, entite_adjudicatrice, "
        "autre) ; toutes sont essayées sinon",
    )
    check.add_argument(
        "--delai-lancement-max",
        type=int,
        metavar="MOIS",
        help="hypothèse : délai maximal en mois entre lancement et notification",
    )
    check.add_argument("--strict", action="store_true", help="statut 2 au premier champ illisible")
    check.add_argument(
        "--progress",
        action="store_true",
        help="barre de progression même hors terminal (au-delà de 10 000 enregistrements)",
    )
    check.set_defaults(handler=_cmd_check_decp)


def _cmd_export(args: argparse.Namespace) -> str:
    from clauserules.publication.decp import plan_to_decp
    from clauserules.publication.eforms import plan_to_eforms

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


def _cmd_check_decp(args: argparse.Namespace) -> str:
    from clauserules.publication.check_decp import check_decp
    from clauserules.publication.decp_audit import audit_decp, audit_text, progress_bar

    options: dict[str, Any] = {
        "type_acheteur": args.type_acheteur,
        "delai_lancement_max_mois": args.delai_lancement_max,
        "strict": args.strict,
    }
    show = args.progress or sys.stderr.isatty()
    try:
        audit, written = audit_decp(
            args.file, out=args.out, progress=progress_bar() if show else None, **options
        )
    except RecursionError:  # a record nested thousands deep (ADR 0070)
        from clauserules.errors import InputFileError

        raise InputFileError(f"{args.file}: nesting too deep for a DECP record") from None
    if args.format == "text":
        return audit_text(audit, written)
    payload = audit.as_dict()
    payload["fichiers_ecrits"] = [str(p) for p in written]
    if args.details:
        payload["enregistrements_detail"] = [c.as_dict() for c in check_decp(args.file, **options)]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
