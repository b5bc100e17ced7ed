"""The one error tree of clauserules.

Every error has a stable ``code`` (kebab-case), documented under a heading of the same
name in ``docs/errors.md``; a test keeps the two lists equal. Messages are in English,
say what was expected and what was found, and name the offending field.

::

    ClauseRulesError
    ├── InputError                      bad input from the caller
    │   ├── InvalidInputError           invalid-input: a field has the wrong form or value
    │   └── InputFileError              input-file: a file cannot be read or parsed
    ├── RuleBaseError                   the rule base itself is inconsistent (checked at load)
    │   ├── DuplicateRuleError          duplicate-rule
    │   ├── RuleWithoutSourceError      rule-without-source
    │   ├── OverlappingValidityError    overlapping-validity
    │   ├── InvalidValidityError        invalid-validity
    │   └── UnknownSourceError          unknown-source
    ├── NoRulesInForceError             no-rules-in-force: nothing is in force at that date
    ├── UnknownVariantError             unknown-variant: a referential or variant name is unknown
    ├── EngineError                     engine-failure: the rule engine failed or an action raised
    ├── TemplateError                   template-error: a Word template cannot be used
    │   ├── TemplateNotFoundError       template-not-found
    │   ├── TemplateFormatError         template-not-docx
    │   ├── TemplateSyntaxError         template-syntax
    │   ├── TemplateVariableError       template-variable
    │   └── TemplateSecurityError       template-unsafe
    └── OutputError                     output-error: generated documents cannot be written
        ├── OutputNotWritableError      output-not-writable
        └── PdfConversionError          pdf-conversion

    InvalidInputError
    └── ControlCharacterError           control-character: a text holds a control character
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

DOCS_URL = "docs/errors.md"


EXIT_INPUT = 2
"""Exit status of the command line for an error of the caller (any :class:`ClauseRulesError`)."""
EXIT_INTERNAL = 3
"""Exit status for an internal error: a bug of clauserules, to report."""


class ClauseRulesError(Exception):
    """Base class of every error raised by clauserules."""

    code: str = "clauserules-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}, see {DOCS_URL}#{self.code}]"


class InputError(ClauseRulesError):
    """Bad input from the caller."""

    code = "input-error"


@dataclass(frozen=True)
class FieldProblem:
    """One problem in one field of an input.

    ``location`` names the field as a dotted path (``inscription_france_travail.depuis``,
    ``lots.2.montant_estime_ht``), optionally prefixed by a file or sheet and a row.
    """

    location: str
    message: str
    found: str | None = None

    def render(self) -> str:
        found = f" (found {self.found})" if self.found is not None else ""
        return f"{self.location}: {self.message}{found}"


MAX_PROBLEMS_SHOWN = 50
"""An error message lists at most this many problems, then how many more there are."""


class InvalidInputError(InputError):
    """A field of an input has the wrong form or an impossible value."""

    code = "invalid-input"

    def __init__(self, problems: Sequence[FieldProblem], *, subject: str = "input") -> None:
        self.problems: tuple[FieldProblem, ...] = tuple(problems)
        self.subject = subject
        rendered = "; ".join(p.render() for p in self.problems[:MAX_PROBLEMS_SHOWN])
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            more = len(self.problems) - MAX_PROBLEMS_SHOWN
            rendered += f"; and {more:,} more problem{'s' if more > 1 else ''}"
        super().__init__(f"invalid {subject}: {rendered}")

    @property
    def fields(self) -> tuple[str, ...]:
        """The locations of the offending fields, in order."""
        return tuple(p.location for p in self.problems)


class PlanToCorrectError(InvalidInputError):
    """The plan of the consultation is ``a_corriger``: documents would contradict it.

    ``problems`` lists, lot by lot, what to correct; ask for a draft (``brouillon``) to
    generate documents marked « PROJET — à corriger » anyway.
    """

    code = "plan-a-corriger"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__(problems, subject="consultation (plan à corriger, documents refusés)")


class InputFileError(InputError):
    """An input file cannot be read or parsed."""

    code = "input-file"


class RuleBaseError(ClauseRulesError):
    """The rule base is inconsistent; raised when it is loaded."""

    code = "rule-base-error"


class DuplicateRuleError(RuleBaseError):
    """Two rules declare the same id and the same start of validity."""

    code = "duplicate-rule"


class RuleWithoutSourceError(RuleBaseError):
    """A rule declares no source."""

    code = "rule-without-source"


class OverlappingValidityError(RuleBaseError):
    """Two versions of one rule id are in force on the same day."""

    code = "overlapping-validity"


class InvalidValidityError(RuleBaseError):
    """A validity interval ends before it starts."""

    code = "invalid-validity"


class UnknownSourceError(RuleBaseError):
    """A rule cites a source that is not in the catalogue."""

    code = "unknown-source"


class NoRulesInForceError(ClauseRulesError):
    """No version of the requested rules is in force at the evaluation date."""

    code = "no-rules-in-force"


class UnknownVariantError(ClauseRulesError):
    """A referential or variant name is not one the rule base knows."""

    code = "unknown-variant"


class EngineError(ClauseRulesError):
    """The rule engine failed, or the action of a rule raised an exception."""

    code = "engine-failure"


class ControlCharacterError(InvalidInputError):
    """A text of the input holds a control character that no Word document can carry.

    Tabs and line breaks are turned into spaces; any other control character (C0, C1,
    lone surrogates, U+FFFE, U+FFFF) is rejected rather than silently dropped.
    """

    code = "control-character"


class TemplateError(ClauseRulesError):
    """A Word template cannot be used to generate a document."""

    code = "template-error"

    def __init__(self, message: str, *, template: str = "", context: str = "") -> None:
        self.template = template
        self.context = context
        where = f" in {template}" if template else ""
        near = f" near: {context}" if context else ""
        super().__init__(f"{message}{where}{near}")


class TemplateNotFoundError(TemplateError):
    """A template directory does not hold the expected ``rc.docx``, ``ccap.docx``..."""

    code = "template-not-found"


class TemplateFormatError(TemplateError):
    """A template file is not a Word ``.docx`` document."""

    code = "template-not-docx"


class TemplateSyntaxError(TemplateError):
    """A template tag cannot be parsed (often « » or a non-breaking space inside a tag)."""

    code = "template-syntax"


class TemplateVariableError(TemplateError):
    """A template uses a variable or attribute the document context does not define."""

    code = "template-variable"


class TemplateSecurityError(TemplateError):
    """A template tried to reach Python internals; the sandbox refused."""

    code = "template-unsafe"


class OutputError(ClauseRulesError):
    """Generated documents cannot be written."""

    code = "output-error"


class OutputNotWritableError(OutputError):
    """The output directory cannot be created or written to."""

    code = "output-not-writable"


class PdfConversionError(OutputError):
    """PDF files were asked for but LibreOffice is absent or failed."""

    code = "pdf-conversion"


E = TypeVar("E", bound=StrEnum)


def coerce_variant(kind: type[E], value: str, what: str) -> E:
    """``kind(value)``, or :class:`UnknownVariantError` naming ``what`` and the known codes."""
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise UnknownVariantError(f"unknown {what} {value!r}; expected one of: {known}") from None


def all_error_classes() -> tuple[type[ClauseRulesError], ...]:
    """Every concrete error class, for documentation and tests."""
    seen: list[type[ClauseRulesError]] = []
    stack: list[type[ClauseRulesError]] = [ClauseRulesError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return tuple(sorted(seen, key=lambda c: c.code))
