"""The one place where the web layer reaches past the public API of clauserules.

The command line renders plans, decisions and ledgers with functions that are not in
``clauserules.__all__``; the web layer reuses them rather than re-deciding anything. Every
such import is here so that moving a module (``core/``, ``plan/``, ``ledger/``,
``documents/``, ``eligibility/``) means fixing the paths of this file only.
"""

from __future__ import annotations

from clauserules._files import parse_text
from clauserules._fr import date_courte, nombre, pluriel
from clauserules.core.inputs import coerce_date
from clauserules.documents.labels import (
    ACHETEUR_LABELS,
    CONTRAT_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    MOTIF_LABELS,
    STATUS_LABELS,
)
from clauserules.documents.service import DOCUMENTS
from clauserules.eligibility.text import eligibility_json, eligibility_text
from clauserules.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    FieldProblem,
    PdfConversionError,
    TemplateError,
    all_error_classes,
)
from clauserules.ledger import read_parcours
from clauserules.ledger.export import ledger_json, ledger_tables, write_xlsx
from clauserules.ledger.text import ledger_text
from clauserules.plan.model import ExceptionObligationSociale, Lot
from clauserules.plan.text import hours_text, plan_json, plan_json_bytes, plan_text
from clauserules.rules.comptage import Motif as MotifExclusion
from clauserules.rules.redaction import _CCAG_LABELS as CCAG_LABELS
from clauserules.schemas import SCHEMAS, json_schema
from clauserules.vocabulaire import (
    Allocation,
    FinancementAnru,
    MotifException,
    NatureAchat,
    OrganismeAvis,
    PriseEnCharge,
    TypeAcheteur,
    TypeInstrument,
)

__all__ = [
    "ACHETEUR_LABELS",
    "CCAG_LABELS",
    "CONTRAT_LABELS",
    "DOCUMENTS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "KIND_LABELS",
    "METHOD_LABELS",
    "MOTIF_LABELS",
    "SCHEMAS",
    "STATUS_LABELS",
    "Allocation",
    "ExceptionObligationSociale",
    "FieldProblem",
    "FinancementAnru",
    "Lot",
    "MotifException",
    "MotifExclusion",
    "NatureAchat",
    "OrganismeAvis",
    "PdfConversionError",
    "PriseEnCharge",
    "TemplateError",
    "TypeAcheteur",
    "TypeInstrument",
    "all_error_classes",
    "coerce_date",
    "date_courte",
    "eligibility_json",
    "eligibility_text",
    "hours_text",
    "json_schema",
    "ledger_json",
    "ledger_tables",
    "ledger_text",
    "nombre",
    "parse_text",
    "plan_json",
    "plan_json_bytes",
    "plan_text",
    "pluriel",
    "read_parcours",
    "write_xlsx",
]
