"""clauserules — the rules of French public procurement's social insertion clauses.

A declarative rule base, executed on durable_rules, that answers with typed, traced
decisions: which persons are eligible (publics éligibles), under which list of publics,
on which date, and why. See ``README.md`` and ``docs/``.

The public API is exactly ``__all__``; everything else is private and may change.
"""

from clauserules._version import __version__
from clauserules.core.decision import Decision, SourceRef
from clauserules.core.rulebase import Citation, Rule, RuleBase, Source, Validity
from clauserules.documents.service import generate_documents
from clauserules.eligibility.model import Personne
from clauserules.eligibility.output import EligibilityDecision
from clauserules.eligibility.service import assess_eligibility
from clauserules.errors import (
    ClauseRulesError,
    EngineError,
    InputError,
    InputFileError,
    InvalidInputError,
    NoRulesInForceError,
    RuleBaseError,
    UnknownVariantError,
)
from clauserules.ledger.model import Parcours
from clauserules.ledger.output import Ledger
from clauserules.ledger.service import count_hours
from clauserules.plan.model import Consultation
from clauserules.plan.service import Plan, estimate_hours, plan_consultation
from clauserules.rules import rulebase
from clauserules.vocabulaire import Critere, Referentiel

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
