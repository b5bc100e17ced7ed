"""The only place where :mod:`clauserules.publication` reaches into private modules.

Everything else in the package uses the public names of :mod:`clauserules`. Paths here
may change when the package layout changes; fix them here and nowhere else.
"""

from __future__ import annotations

from ..consultation import parse_consultation
from ..dates import add_months
from ..errors import FieldProblem, OutputNotWritableError
from ..expr import evaluate
from ..io import load_document
from ..rules.articles import TypeInstrument
from ..rules.seuils import SEUILS, CategorieSeuil
from ..rules.seuils import TOPIC as TOPIC_SEUILS

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
    "parse_consultation",
]
