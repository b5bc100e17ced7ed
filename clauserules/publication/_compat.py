"""The only place where :mod:`clauserules.publication` reaches into private modules.

Everything else in the package uses the public names of :mod:`clauserules`. Paths here
may change when the package layout changes; fix them here and nowhere else.
"""

from __future__ import annotations

from clauserules._files import load_document
from clauserules._fr import nombre
from clauserules.core.dates import add_months
from clauserules.core.expr import evaluate
from clauserules.errors import FieldProblem, OutputNotWritableError
from clauserules.plan.model import parse_consultation
from clauserules.rules.seuils import SEUILS
from clauserules.rules.seuils import TOPIC as TOPIC_SEUILS
from clauserules.vocabulaire import CategorieSeuil, TypeInstrument

__all__ = [
    "SEUILS",
    "TOPIC_SEUILS",
    "CategorieSeuil",
    "FieldProblem",
    "OutputNotWritableError",
    "TypeInstrument",
    "add_months",
    "evaluate",
    "load_document",
    "nombre",
    "parse_consultation",
]
