"""clauserules — the rules of French public procurement's social insertion clauses.

A declarative rule base, executed on durable_rules, that answers with typed, traced
decisions: which persons are eligible (publics éligibles), under which list of publics,
on which date, and why. See ``README.md`` and ``docs/``.

The public API is exactly ``__all__``; everything else is private and may change.
"""

from ._version import __version__
from .consultation import Consultation
from .eligibility import assess_eligibility
from .errors import (
    ClauseRulesError,
    EngineError,
    InputError,
    InputFileError,
    InvalidInputError,
    NoRulesInForceError,
    RuleBaseError,
    UnknownVariantError,
)
from .generator import generate_documents
from .ledger import Ledger, count_hours
from .models import Decision, EligibilityDecision, Personne, SourceRef
from .parcours import Parcours
from .plan import Plan, estimate_hours, plan_consultation
from .rulebase import Citation, Rule, RuleBase, Source, Validity
from .rules import rulebase
from .rules.publics import Critere, Referentiel

__all__ = [
    "Citation",
    "ClauseRulesError",
    "Consultation",
    "Critere",
    "Decision",
    "EligibilityDecision",
    "EngineError",
    "InputError",
    "InputFileError",
    "InvalidInputError",
    "Ledger",
    "NoRulesInForceError",
    "Parcours",
    "Personne",
    "Plan",
    "Referentiel",
    "Rule",
    "RuleBase",
    "RuleBaseError",
    "Source",
    "SourceRef",
    "UnknownVariantError",
    "Validity",
    "__version__",
    "assess_eligibility",
    "count_hours",
    "estimate_hours",
    "generate_documents",
    "plan_consultation",
    "rulebase",
]
