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

from clauserules import _fr
from clauserules._files import load_document
from clauserules._version import __version__
from clauserules.core.inputs import coerce_date
from clauserules.eligibility import assess_persons, eligibility_json, eligibility_text
from clauserules.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    ClauseRulesError,
    FieldProblem,
    InvalidInputError,
)
from clauserules.rules import rulebase
from clauserules.rules.publics import DEFAULT_REFERENTIEL
from clauserules.schemas import SCHEMAS, json_schema
from clauserules.vocabulaire import (
    CleRepartition,
    Critere,
    FinancementAnru,
    NatureAchat,
    Referentiel,
    StructureIae,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, like every input error
        self.exit(EXIT_INPUT, f"clauserules: error [usage]: {message} (see --help)\n")


def _date_arg(value: str) -> date:
    try:
        return coerce_date(value, "--at")
    except InvalidInputError:
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
    elig.add_argument(
        "--structure-iae",
        choices=[s.value for s in StructureIae],
        help="avec --referential iae-2021 : type de structure qui recrute (seuil du compte)",
    )
    elig.add_argument(
        "--complet",
        action="store_true",
        help="dossier complet : un champ absent vaut « non », la réponse est oui ou non",
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
    _add_plan_commands(commands)
    _add_generate_commands(commands)
    _add_count_command(commands)
    _add_schema_command(commands)
    from clauserules.publication.commands import add_commands as _add_publication_commands

    _add_publication_commands(commands)
    _add_serve_command(commands)
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
    sys.stdout.write(terminal_safe(output) if sys.stdout.isatty() else output)
    return int(getattr(args, "exit_status", 0))


_CONTROLS = {
    code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in "\n\t"
}


def terminal_safe(text: str) -> str:
    """``text`` with its control characters (ESC, BEL, CSI…, but not line breaks and tabs)
    written visibly as ``\\x1b``: an id or a name cannot drive the terminal (set its title,
    clear the screen)."""
    return text.translate(_CONTROLS)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- eligibility ------------------------------------------------------------------------


def _cmd_eligibility(args: argparse.Namespace) -> str:
    decisions, single = assess_persons(
        load_document(args.file),
        subject=args.file,
        at=args.at,
        referential=args.referential,
        publics_prioritaires=[p.strip() for p in args.priorites.split(",") if p.strip()],
        anru=args.anru,
        structure_iae=args.structure_iae,
        complet=args.complet,
    )
    if args.format == "json":
        payload: Any = [eligibility_json(d) for d in decisions]
        return _json(payload[0] if single else payload)
    return "\n".join(eligibility_text(d) for d in decisions)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- rules ------------------------------------------------------------------------------


def _cmd_rules(args: argparse.Namespace) -> str:
    at: date | None = args.at
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
        return _json([r.as_dict() for r in selected])
    lines: list[str] = []
    for rule in selected:
        lines.append(f"{rule.id}  {rule.validity.render()}")
        lines.append(f"  {rule.title}")
        lines.append(f"  Condition : {rule.describe()}")
        for citation in rule.sources:
            lines.append(f"  Source : {citation.render()}")
    lines.append(f"{_fr.pluriel(len(selected), 'règle')}.")
    return "\n".join(lines) + "\n"


# --- plan, hours -----------------------------------------------------------------------


def _add_plan_commands(commands: Any) -> None:
    plan = commands.add_parser(
        "plan",
        help="choix de l'article et heures d'insertion de chaque lot d'une consultation",
        description=(
            "Donne, pour chaque lot d'une consultation (YAML ou JSON), les instruments "
            "d'insertion obligatoires, recommandés, autorisés ou interdits sous le régime en "
            "vigueur à la date de lancement, et les heures d'insertion."
        ),
    )
    plan.add_argument("file", help="CONSULTATION.yaml|.json")
    plan.add_argument(
        "--politique", help="politique de recommandation (YAML ou JSON), défauts sinon"
    )
    plan.add_argument("--format", choices=["json", "text"], default="json")
    plan.set_defaults(handler=_cmd_plan)

    hours = commands.add_parser(
        "hours",
        help="heures d'insertion d'un lot (montant × part de main-d'œuvre ÷ coût horaire × taux)",
        description=(
            "Estime les heures d'insertion d'un lot ; les paramètres omis prennent les valeurs "
            "par défaut datées en vigueur à --at (date de lancement de la consultation, "
            "obligatoire : la date d'évaluation est toujours explicite)."
        ),
    )
    hours.add_argument("--montant", required=True, help="montant estimé HT en euros")
    hours.add_argument("--nature", help=_fr.liste([n.value for n in NatureAchat], "ou"))
    hours.add_argument("--part-main-oeuvre", help="part de main-d'œuvre, ex. 0.4")
    hours.add_argument("--cout-horaire", help="coût horaire en euros, ex. 30")
    hours.add_argument("--taux", help="taux d'heures d'insertion, ex. 0.05")
    hours.add_argument("--euros-par-heure", help="méthode alternative : une heure par N euros")
    hours.add_argument(
        "--anru",
        default=FinancementAnru.AUCUN.value,
        help=f"financement ANRU : {', '.join(f.value for f in FinancementAnru)}",
    )
    hours.add_argument("--at", required=True, type=_date_arg, help="date de lancement YYYY-MM-DD")
    hours.add_argument("--format", choices=["json", "text"], default="json")
    hours.set_defaults(handler=_cmd_hours)


def _cmd_plan(args: argparse.Namespace) -> str:
    from clauserules.plan import plan_consultation, plan_json, plan_text

    document = load_document(args.file)
    politique = load_document(args.politique) if args.politique else None
    result = plan_consultation(document, politique=politique)
    if args.format == "json":
        return _json(plan_json(result))
    return plan_text(result)


def _cmd_hours(args: argparse.Namespace) -> str:
    from clauserules.plan import estimate_hours, hours_text

    result = estimate_hours(
        args.montant,
        at=args.at,
        nature=args.nature,
        part_main_oeuvre=args.part_main_oeuvre,
        cout_horaire=args.cout_horaire,
        taux_insertion=args.taux,
        euros_par_heure=args.euros_par_heure,
        financement_anru=args.anru,
    )
    if args.format == "json":
        return _json(result.model_dump(mode="json"))
    return hours_text(result)


# --- generate, check-template -----------------------------------------------------------


def _add_generate_commands(commands: Any) -> None:
    generate = commands.add_parser(
        "generate",
        help="génère le RC, le CCAP et le registre des décisions (Word) d'une consultation",
        description=(
            "Écrit rc.docx, ccap.docx et decision.docx dans --out pour la consultation "
            "(YAML ou JSON) ; la clé facultative 'documents' porte les choix de rédaction "
            "(penalite_par_heure, globalisation, ccag, decompte, reference)."
        ),
    )
    generate.add_argument("file", help="CONSULTATION.yaml|.json, ou - pour l'entrée standard")
    generate.add_argument("--out", required=True, help="répertoire de sortie (créé au besoin)")
    generate.add_argument(
        "--templates", help="répertoire de modèles rc.docx, ccap.docx, decision.docx"
    )
    generate.add_argument(
        "--pdf", action="store_true", help="écrit aussi les PDF (LibreOffice requis)"
    )
    generate.add_argument(
        "--brouillon",
        action="store_true",
        help="génère un projet même si le plan est à corriger (chaque page porte "
        "« PROJET — à corriger », la première liste les points à corriger)",
    )
    generate.add_argument(
        "--article",
        metavar="N",
        help="écrit aussi ccap-article.docx : la clause du CCAP en « Article N — Clause "
        "sociale d'insertion » (sous-articles N.1…) à insérer dans votre CCAP, avec la liste "
        "des dérogations au CCAG pour son dernier article",
    )
    generate.add_argument(
        "--annexes",
        action="store_true",
        help="écrit aussi les annexes à remettre au titulaire : engagement d'insertion "
        "(annexe-engagement.docx), modèle de bilan (annexe-bilan.docx) et fiche de suivi "
        "mensuel (annexe-suivi-mensuel.xlsx)",
    )
    generate.add_argument(
        "--format",
        "--formats",
        dest="formats",
        action="append",
        metavar="docx|md|html",
        help="formes écrites : docx (Word, par défaut), md (Markdown), html (page autonome), "
        "à répéter ou séparées par des virgules (--format docx,md,html)",
    )
    generate.set_defaults(handler=_cmd_generate)

    check = commands.add_parser(
        "check-template",
        help="vérifie un modèle Word : variables utilisées, inconnues, erreurs de balises",
        description=(
            "Liste les variables d'un modèle docx, celles que le contexte ne connaît pas et "
            "les erreurs de balises (« » ou espaces insécables dans une balise, {%%p %%} mal "
            "placé). Statut de sortie 1 si le modèle est à corriger."
        ),
    )
    check.add_argument("file", help="MODELE.docx")
    check.set_defaults(handler=_cmd_check_template)


def _cmd_generate(args: argparse.Namespace) -> str:
    from clauserules.documents.service import generate_documents

    document = _load_input(args.file)
    result = generate_documents(
        document,
        args.out,
        templates=args.templates,
        pdf=args.pdf,
        brouillon=args.brouillon,
        article=args.article,
        formats=args.formats or ("docx",),
        annexes=args.annexes,
    )
    return "".join(f"{path}\n" for path in result.paths())


def _load_input(name: str) -> Any:
    """A YAML/JSON input file, or standard input for ``-`` (YAML, which reads JSON too)."""
    if name != "-":
        return load_document(name)
    import yaml

    from clauserules.errors import InputFileError

    try:
        return yaml.safe_load(sys.stdin.read())
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputFileError(f"standard input: not valid YAML or JSON ({exc})") from None


def _cmd_check_template(args: argparse.Namespace) -> str:
    from pathlib import Path

    from clauserules._files import read_bounded
    from clauserules.documents.check import MAX_TEMPLATE_BYTES, check_template, report_text
    from clauserules.errors import InputFileError, TemplateNotFoundError

    path = Path(args.file)
    try:
        data = read_bounded(path, MAX_TEMPLATE_BYTES, what="Word template")
    except InputFileError as exc:
        raise TemplateNotFoundError(exc.message, template=str(path)) from None
    report = check_template(data, str(path))
    args.exit_status = 0 if report.ok else 1
    return report_text(report)


# --- count (hours ledger) ----------------------------------------------------------------

PROGRESS_MIN_LINES = 100_000


def _add_count_command(commands: Any) -> None:
    count = commands.add_parser(
        "count",
        help="décompte des heures d'insertion par marché et par personne",
        description=(
            "Compte les heures d'insertion (24 mois, cas particuliers du CCAP, globalisation, "
            "proratisation) à partir d'un classeur XLSX, d'un répertoire de fichiers CSV ou "
            "d'un fichier YAML/JSON, et donne l'écart et la pénalité de chaque marché."
        ),
    )
    count.add_argument("data", help="DATA.xlsx | RÉPERTOIRE de CSV | FICHIER.yaml|.json")
    count.add_argument("--format", choices=["json", "csv", "xlsx", "text"], default="json")
    count.add_argument(
        "--out",
        help="fichier de sortie (pour csv : répertoire recevant marches.csv, personnes.csv, "
        "globalisation.csv) ; obligatoire pour xlsx",
    )
    count.add_argument(
        "--cle",
        default=CleRepartition.HEURES_DUES.value,
        choices=[c.value for c in CleRepartition],
        help="clé de répartition « à due proportion » des heures globalisées",
    )
    count.add_argument(
        "--at",
        metavar="AAAA-MM-JJ",
        help="date du décompte : heures dues au prorata de l'exécution écoulée (ou des "
        "commandes émises), écart et pénalité provisoires pour les marchés en cours",
    )
    count.set_defaults(handler=_cmd_count)


def _progress_bar() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r  comptage [{bar:<25}] {percent:3d} % ({done:,}/{total:,} lignes)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _cmd_count(args: argparse.Namespace) -> str:
    from clauserules.ledger.export import export
    from clauserules.ledger.readers import read_parcours
    from clauserules.ledger.service import count_hours

    if args.format == "xlsx" and not args.out:
        raise InvalidInputError(
            [FieldProblem("--out", "required with --format xlsx (a workbook is binary)")],
            subject="arguments",
        )
    parcours = read_parcours(args.data)
    progress = None
    if sys.stderr.isatty() and len(parcours.heures) >= PROGRESS_MIN_LINES:
        progress = _progress_bar()
    ledger = count_hours(parcours, cle=args.cle, progress=progress, at=args.at)
    return export(ledger, args.format, args.out) or ""


# --- schema ------------------------------------------------------------------------------


def _add_schema_command(commands: Any) -> None:
    schema = commands.add_parser(
        "schema",
        help="schéma JSON d'une entrée ou d'une sortie (pour les logiciels d'achat)",
        description=(
            "Écrit le schéma JSON (draft 2020-12) d'un document d'entrée (personne, "
            "consultation, parcours) ou de sortie (plan, ledger, decision)."
        ),
    )
    schema.add_argument("document", choices=list(SCHEMAS), help="le document décrit")
    schema.set_defaults(handler=_cmd_schema)


def _cmd_schema(args: argparse.Namespace) -> str:
    return _json(json_schema(args.document))


# --- serve (web application, extra 'web') ---------------------------------------------------


def _add_serve_command(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="application web locale et API JSON (extra 'web')",
        description="Lance l'application web et l'API JSON (pip install 'clauserules[web]').",
    )
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (défaut 8000)")
    serve.add_argument("--database", help="base SQLite des travaux enregistrés")
    serve.add_argument("--examples", help="répertoire d'exemples proposés dans les pages")
    serve.add_argument(
        "--max-upload", type=int, default=20, help="taille maximale d'un envoi (Mio)"
    )
    serve.set_defaults(handler=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> str:
    from clauserules.web import serve

    args.exit_status = serve(args.host, args.port, args.database, args.examples, args.max_upload)
    return ""


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
