"""The buyer's drafting choices: the optional ``documents`` key of a consultation.

Validated like every input (pydantic, unknown keys refused), with errors that name the
field under ``documents.`` (``documents.ccag``). The defaults are those of
``docs/decisions/0030-generation-documents.md`` (§4): globalisation as written by the AVE,
the CCAG of the nature of the contract, the four counting rules, no penalty amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, StrictStr, ValidationError, field_validator

from clauserules.core.inputs import Fraction, InputModel, Positif, problems_from
from clauserules.errors import FieldProblem, InvalidInputError
from clauserules.rules.redaction import CCAG_CODES
from clauserules.vocabulaire import GlobalisationCCAP

__all__ = ["CCAG_BY_NATURE", "COUNTING_RULES", "DocumentOptions", "parse_options"]

COUNTING_RULES = (
    "regle_24_mois",
    "regle_cdi_deuxieme_annee",
    "regle_marche_long",
    "regle_heures_formation",
)
"""Counting rules a CCAP may adopt, in the order the CCAP writes them."""

CodeCcag = Literal["travaux", "fcs", "pi", "tic", "mi", "moe"]
assert get_args(CodeCcag) == CCAG_CODES, "the CCAG codes are those of the drafting rules"

CCAG_BY_NATURE: dict[str, str] = {
    "travaux": "travaux",
    "fournitures": "fcs",
    "services": "fcs",
    "prestations_intellectuelles": "pi",
}
"""CCAG of reference by nature of the contract, when the buyer does not choose one."""


class DocumentOptions(InputModel):
    """Drafting choices of the buyer, read from the ``documents`` key of the consultation."""

    penalite_par_heure: Positif | None = None
    """Penalty per missing insertion hour, in euros (none: the CCAP sets no amount)."""
    globalisation: GlobalisationCCAP = GlobalisationCCAP.AVE_2014
    """Wording of the globalisation clause: ``ave-2014``, ``igas-2016`` or ``aucune``."""
    ccag: CodeCcag | None = None
    """CCAG of reference (default: from the nature of the contract)."""
    decompte: tuple[str, ...] = COUNTING_RULES
    """Counting rules adopted in the CCAP (default: the four rules of the AVE recueil)."""
    reference: Annotated[StrictStr, Field(max_length=20_000)] = ""
    """The buyer's reference of the consultation."""
    penalite_suivi_par_jour: Positif | None = None
    """Penalty per day of delay in sending the monthly tracking sheet, in euros (none: a
    placeholder the buyer fills)."""
    derogation_ccag_penalites: bool = False
    """The insertion penalties derogate from the CCAG rules on the exoneration of small
    penalties and on their ceiling (stated in the CCAP and its list of derogations)."""
    justification_non_allotissement: StrictStr = ""
    """Why a consultation of one lot is not divided into lots (art. L. 2113-11 CCP)."""
    part_heures_anru: Fraction | None = None
    """Share of the insertion hours to be worked by residents of a priority district (ANRU)."""

    @field_validator("decompte", mode="before")
    @classmethod
    def _counting_rules(cls, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or any(c not in COUNTING_RULES for c in value):
            raise ValueError(f"expected a list among {', '.join(COUNTING_RULES)}")
        return tuple(c for c in COUNTING_RULES if c in value)

    def ccag_for(self, nature: str) -> str:
        """The CCAG of reference: the buyer's, else the one of the nature of the contract."""
        return self.ccag or CCAG_BY_NATURE.get(nature, "fcs")


def parse_options(data: Any, location: str = "documents") -> DocumentOptions:
    """Validate the drafting options; raise :class:`InvalidInputError` naming each field."""
    if data is None:
        return DocumentOptions()
    if isinstance(data, DocumentOptions):
        return data
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            [FieldProblem(location, "expected a mapping of drafting options", repr(data)[:60])],
            subject="consultation",
        )
    try:
        return DocumentOptions.model_validate(data)
    except ValidationError as exc:
        raise InvalidInputError(problems_from(exc, location), subject="consultation") from None
