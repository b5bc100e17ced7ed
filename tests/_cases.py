"""The one reader of the YAML cases of ``tests/cases``: a pydantic model per kind, one collector.

Four kinds of case files, one folder each, every key set closed (``extra="forbid"``): an
unknown key, a missing key or a value of the wrong form is a :class:`CaseFormatError`
naming the file and the case, never a silently ignored expectation.

* ``publics/*.yaml`` (:class:`PublicsFile`): one person, a date, a referential (or several,
  ``par_referentiel``), the expected eligibility decision;
* ``articles/*.yaml`` (:class:`ArticlesFile`): a consultation (``base`` changed by the case)
  and the expected plan;
* ``documents/*.yaml`` (:class:`DocumentsFile`): a consultation and the expected drafting
  rules and text of the RC and the CCAP;
* ``parcours/*.yaml`` (:class:`ParcoursFile`): the tables of a ``Parcours`` and the expected
  ledger.

The formats are documented, with an example, on the models below. Users: the pytest
collector of ``tests/conftest.py`` (publics), ``tests/test_cases_*.py`` and the rule
catalogue (``tools/catalogue.py``), through :func:`load` and :func:`collect`.
:func:`json_schemas` gives the JSON Schema of each kind, for editors
(``python tests/_cases.py tests/cases/schemas`` writes them).

Files are read with :func:`clauserules._files.load_document`, the loader of the CLI (dates
stay strings), so the cases also exercise the validation of textual input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from clauserules._files import load_document
from clauserules.vocabulaire import Critere, Referentiel

__all__ = [
    "KINDS",
    "ArticlesFile",
    "CaseFormatError",
    "DocumentsFile",
    "ParcoursFile",
    "PublicsFile",
    "PublicsRun",
    "collect",
    "json_schemas",
    "load",
    "parse",
]

CRITERIA = frozenset(c.value for c in Critere)
REFERENTIALS = frozenset(r.value for r in Referentiel)


class CaseFormatError(ValueError):
    """A case file does not follow its closed format."""


class _Closed(BaseModel):
    """A mapping with a closed set of keys (the field names)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    what: ClassVar[str] = "a mapping"

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise ValueError(f"{cls.what} must be a mapping, found {type(data).__name__}")
        unknown = sorted(set(map(str, data)) - set(cls.model_fields))
        if unknown:
            raise ValueError(
                f"unknown key(s) {unknown} in {cls.what}; allowed: {sorted(cls.model_fields)}"
            )
        return cls._check_keys(data)

    @classmethod
    def _check_keys(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """Checks on the keys given, once they are known to be allowed."""
        return data

    def given(self) -> dict[str, Any]:
        """The keys the file gave, with their values (nested mappings as dicts)."""
        return self.model_dump(exclude_unset=True)


def _referential(value: Any) -> str:
    if value not in REFERENTIALS:
        raise ValueError(f"unknown referentiel {value!r}; expected one of {sorted(REFERENTIALS)}")
    return str(value)


class _Named(_Closed):
    """A case: its ``nom`` is a French sentence a lawyer can check against the sources."""

    what: ClassVar[str] = "a case"

    nom: str

    @field_validator("nom", mode="before")
    @classmethod
    def _sentence(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("'nom' must be a non-empty French sentence")
        return value

    @property
    def name(self) -> str:
        """``nom`` on one line."""
        return " ".join(self.nom.split())


# --- publics ------------------------------------------------------------------------------


class PublicsExpected(_Closed):
    """What an eligibility case expects (``attendu``).

    ``eligible`` (true, false or null) and ``criteres`` (exact list of criterion codes, any
    order) are required; ``manquants`` too when ``eligible`` is null. ``erreur`` (an error
    code) replaces every other key. The optional keys are checked only when given.
    """

    what: ClassVar[str] = "attendu"

    erreur: str | None = None
    eligible: StrictBool | None = None
    criteres: tuple[str, ...] = ()
    regles: tuple[str, ...] | None = None
    """Exact list of fired rule ids."""
    manquants: tuple[str, ...] | None = None
    """Exact list of missing inputs."""
    prioritaire: StrictBool | None = None
    anru_qpv: StrictBool | None = None
    structures_iae: tuple[str, ...] | None = None
    """``iae-2021``: exact list of the kinds of structure for which the person is eligible."""
    vigilance_contient: tuple[str, ...] | None = None
    """Each text appears in some vigilance point."""
    vigilance_exclut: tuple[str, ...] | None = None
    """No vigilance point contains these texts."""

    @classmethod
    def _check_keys(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        if "erreur" in data:
            if set(data) != {"erreur"} or not isinstance(data["erreur"], str):
                raise ValueError("attendu with erreur takes no other key and a string code")
            return data
        for key in ("eligible", "criteres"):
            if key not in data:
                raise ValueError(f"attendu needs {key!r}")
        if data["eligible"] is None and "manquants" not in data:
            raise ValueError("an undetermined outcome (eligible: null) needs 'manquants'")
        return data

    @field_validator("criteres")
    @classmethod
    def _criteria(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - CRITERIA)
        if unknown:
            raise ValueError(f"unknown criterion code(s) {unknown}; expected {sorted(CRITERIA)}")
        return value

    @property
    def checks(self) -> dict[str, Any]:
        """The optional expectations the case gave."""
        optional = self.model_fields_set - {"erreur", "eligible", "criteres"}
        return {key: getattr(self, key) for key in sorted(optional)}


class PublicsCase(_Named):
    """One person at one date, under one referential (``attendu``) or several
    (``par_referentiel``: one test item per referential, named ``<nom> [<referentiel>]``)."""

    what: ClassVar[str] = "a case"

    at: date
    """Evaluation date, ``YYYY-MM-DD``."""
    referentiel: str | None = None
    """Unless the file gives it."""
    publics_prioritaires: tuple[str, ...] = ()
    """The buyer's overlay."""
    anru: StrictBool = False
    """ANRU-funded operation."""
    structure_iae: str | None = None
    """``iae-2021``: the kind of structure that hires."""
    complet: StrictBool = False
    """The record is declared complete (absent = « non »)."""
    reprend: str | None = None
    """The upstream test this case re-expresses in our own words (name and commit)."""
    personne: dict[str, Any]
    """As a user would write it (possibly empty: ``{}``)."""
    attendu: PublicsExpected | None = None
    par_referentiel: dict[str, PublicsExpected] | None = None

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> Any:
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(f"at must be a date YYYY-MM-DD, found {value!r}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"at is not a valid date: {value!r}") from None

    @field_validator("referentiel")
    @classmethod
    def _ref(cls, value: str | None) -> str | None:
        return None if value is None else _referential(value)

    @field_validator("par_referentiel")
    @classmethod
    def _refs(cls, value: dict[str, PublicsExpected] | None) -> Any:
        if value is not None:
            if not value:
                raise ValueError("'par_referentiel' must map referentials to expectations")
            for ref in value:
                _referential(ref)
        return value

    @classmethod
    def _check_keys(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        if "at" not in data or "personne" not in data:
            raise ValueError("a case needs 'at' and 'personne'")
        if ("attendu" in data) == ("par_referentiel" in data):
            raise ValueError("give exactly one of 'attendu' and 'par_referentiel'")
        if "par_referentiel" in data and "referentiel" in data:
            raise ValueError("'par_referentiel' replaces 'referentiel'")
        return data

    @property
    def name(self) -> str:
        """``nom`` on one line."""
        return " ".join(self.nom.split())


@dataclass(frozen=True)
class PublicsRun:
    """One person, one referential, one date, one expectation: one test item."""

    name: str
    where: str
    at: date
    referentiel: str
    personne: Mapping[str, Any]
    publics_prioritaires: tuple[str, ...]
    anru: bool
    attendu: PublicsExpected
    structure_iae: str | None = None
    complet: bool = False

    def assess(self) -> Any:
        """The eligibility decision of the case."""
        from clauserules.eligibility.service import assess_eligibility

        return assess_eligibility(
            self.personne,
            at=self.at,
            referential=self.referentiel,
            publics_prioritaires=self.publics_prioritaires,
            anru=self.anru,
            structure_iae=self.structure_iae,
            complet=self.complet,
        )


class PublicsFile(_Closed):
    """``tests/cases/publics/*.yaml``.

    Example::

        referentiel: ave-2014          # optional default for the cases of the file
        modeles:                       # optional: YAML anchors reused by the cases (ignored)
          neutre: &neutre {...}
        cas:
          - nom: Un demandeur d'emploi inscrit depuis exactement 12 mois est DELD selon l'AVE.
            at: 2026-03-15
            publics_prioritaires: [rsa]  # optional buyer overlay
            anru: true                 # optional
            personne: {<<: *neutre, inscription_france_travail: {depuis: 2025-03-15}}
            attendu: {eligible: true, criteres: [deld], manquants: []}
          - nom: ...
            at: 2014-11-30
            attendu: {erreur: no-rules-in-force}
    """

    what: ClassVar[str] = "the file"

    referentiel: str | None = None
    modeles: Any = None
    cas: list[PublicsCase]

    @field_validator("referentiel")
    @classmethod
    def _ref(cls, value: str | None) -> str | None:
        return None if value is None else _referential(value)

    @field_validator("cas", mode="before")
    @classmethod
    def _non_empty(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise ValueError("'cas' must be a non-empty list of cases")
        return value

    @model_validator(mode="after")
    def _names_and_referentials(self) -> PublicsFile:
        names: set[str] = set()
        for case in self.cas:
            if case.name in names:
                raise ValueError(f"duplicate nom {case.name!r}")
            names.add(case.name)
            if case.attendu is not None and (case.referentiel or self.referentiel) is None:
                raise ValueError(
                    f"{case.name!r}: no 'referentiel' (neither in the case nor in the file)"
                )
        return self

    def runs(self, where: str) -> list[PublicsRun]:
        """One run per case and referential."""
        return [run for case in self.cas for run in self.runs_of(case, where)]

    def runs_of(self, case: PublicsCase, where: str) -> list[PublicsRun]:
        """The runs of one case: one per referential."""
        here = f"{where}: {case.name!r}"
        if case.attendu is not None:
            ref = case.referentiel or self.referentiel
            assert ref is not None
            expectations = [(case.name, ref, case.attendu)]
        else:
            assert case.par_referentiel is not None
            expectations = [
                (f"{case.name} [{ref}]", ref, expected)
                for ref, expected in case.par_referentiel.items()
            ]
        return [
            PublicsRun(
                name=item_name,
                where=here,
                at=case.at,
                referentiel=ref,
                personne=dict(case.personne),
                publics_prioritaires=case.publics_prioritaires,
                anru=case.anru,
                attendu=expected,
                structure_iae=case.structure_iae,
                complet=case.complet,
            )
            for item_name, ref, expected in expectations
        ]


# --- articles -----------------------------------------------------------------------------


class InstrumentExpected(_Closed):
    """Fields of one instrument of the plan (a bare string stands for ``status``)."""

    what: ClassVar[str] = "an instrument"

    status: Any = None
    code: Any = None
    article: Any = None
    selected: Any = None


class LotExpected(_Closed):
    """What a lot of the plan must show."""

    what: ClassVar[str] = "a lot"

    instruments: dict[str, str | InstrumentExpected] | None = None
    heures: Any = None
    outcome: Any = None
    obligation: Any = None
    vigilance_contient: list[str] | None = None
    nature: Any = None
    accord_cadre: dict[str, Any] | None = None
    tranches: list[dict[str, Any]] | None = None


class SeuilExpected(_Closed):
    """Fields of the plan's European threshold."""

    what: ClassVar[str] = "seuil"

    categorie: Any = None
    label: Any = None
    montant: Any = None
    periode: Any = None
    incertain: Any = None
    valeur_estimee_ht: Any = None
    atteint: Any = None
    citation: Any = None
    base_valeur: Any = None
    base_citation: Any = None


class ArticlesExpected(_Closed):
    """What the plan of an article case must show (``attendu``); every key is optional.

    ``instruments``, ``heures`` and ``vigilance_contient`` are about the first lot (or the
    plan, for vigilance); ``lots`` about the lots named by id. ``erreur`` (with ``champs``,
    the exact fields of an ``invalid-input``) expects an error instead of a plan.
    """

    what: ClassVar[str] = "attendu"

    regime: Any = None
    outcome: Any = None
    obligation_sociale: StrictBool | None = None
    seuil: SeuilExpected | None = None
    spaser: Any = None
    instruments: dict[str, str | InstrumentExpected] | None = None
    heures: Any = None
    accord_cadre: dict[str, Any] | None = None
    """Fields of the first lot's framework-agreement hours (``null``: none expected)."""
    tranches: list[dict[str, Any]] | None = None
    """The first lot's tranches, each with every field (``[]``: no tranche)."""
    lots: dict[str, LotExpected] | None = None
    regles_contient: list[str] | None = None
    regles_exclut: list[str] | None = None
    vigilance_contient: list[str] | None = None
    erreur: str | None = None
    champs: list[str] | None = None


class ArticlesCase(_Named):
    """A consultation (``base`` with ``consultation``'s top-level keys replaced and ``lot``
    merged into the first lot) and its expected plan."""

    consultation: dict[str, Any] | None = None
    lot: dict[str, Any] | None = None
    attendu: ArticlesExpected

    def consultation_from(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The consultation of the case, as a mapping (what a user would give)."""
        consultation = {**base, **(self.consultation or {})}
        if self.lot is not None:
            lots = [dict(lot) for lot in consultation["lots"]]
            lots[0] = {**lots[0], **self.lot}
            consultation["lots"] = lots
        return consultation


class ArticlesFile(_Closed):
    """``tests/cases/articles/*.yaml``.

    Example::

        base:                      # the consultation every case starts from
          acheteur: {nom: Ville, type: collectivite}
          objet: Travaux
          nature: travaux
          date_lancement: 2020-01-01
          duree_mois: 12
          lots: [{id: "1", intitule: Lot unique, montant_estime_ht: 100000}]
        cas:
          - nom: Sous le CMP, la condition d'exécution relève de l'article 14.
            consultation: {date_lancement: 2016-03-31}   # top-level keys replace those of base
            lot: {preferences: [reserve_siae]}           # merged into the first lot of base
            attendu:
              regime: cmp-2006
              outcome: a_corriger                        # of the plan
              obligation_sociale: false
              seuil: {categorie: fcs_autres, montant: 216000, atteint: true}
              spaser: obligatoire
              instruments:                               # of the first (or only) lot
                condition_execution: {status: autorise, code: CMP, article: "14"}
                reserve_siae: interdit                   # status only
              heures: 800                                # hours of the first lot
              lots: {"2": {heures: 10, outcome: conforme, instruments: {...}}}
              regles_contient: [articles.regime.marche]
              regles_exclut: [articles.marche.obligation-sociale]
              vigilance_contient: ["texte"]              # of the first lot or of the plan
          - nom: Une date avant la couverture est une erreur.
            consultation: {date_lancement: 2006-08-31}
            attendu: {erreur: invalid-input, champs: [date_lancement]}
    """

    what: ClassVar[str] = "the file"

    base: dict[str, Any]
    cas: list[ArticlesCase]

    def consultations(self) -> list[tuple[ArticlesCase, dict[str, Any]]]:
        """Each case with its consultation."""
        return [(case, case.consultation_from(self.base)) for case in self.cas]


# --- documents ----------------------------------------------------------------------------


class DocumentsExpected(_Closed):
    """The drafting rules applied, and texts the RC and the CCAP contain or not."""

    what: ClassVar[str] = "attendu"

    regles_contient: list[str] | None = None
    regles_exclut: list[str] | None = None
    rc_contient: list[str] | None = None
    rc_exclut: list[str] | None = None
    ccap_contient: list[str] | None = None
    ccap_exclut: list[str] | None = None


class DocumentsCase(_Named):
    """A consultation (``base`` with ``consultation``'s top-level keys replaced)."""

    consultation: dict[str, Any] | None = None
    attendu: DocumentsExpected

    def consultation_from(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The consultation of the case, as a mapping."""
        return {**base, **(self.consultation or {})}


class DocumentsFile(_Closed):
    """``tests/cases/documents/*.yaml``: the format of the article cases (``base`` and
    ``cas``), the expectations on the generated documents."""

    what: ClassVar[str] = "the file"

    base: dict[str, Any]
    cas: list[DocumentsCase]

    def consultations(self) -> list[tuple[DocumentsCase, dict[str, Any]]]:
        """Each case with its consultation."""
        return [(case, case.consultation_from(self.base)) for case in self.cas]


# --- parcours -----------------------------------------------------------------------------


class ParcoursExpected(_Closed):
    """What the ledger must show. Values are compared as text (``"140.00"``, ``2026-03-14``,
    ``true``); a mapping expected for ``heures_exclues``, ``par_marche`` or ``repartition``
    must be equal as a whole. ``erreurs`` (the exact locations of an ``InvalidInputError``,
    any order) replaces the rest."""

    what: ClassVar[str] = "attendu"

    marches: dict[str, dict[str, Any]] | None = None
    """Per market id, fields of ``MarcheLedger``."""
    personnes: dict[str, dict[str, Any]] | None = None
    """Per person id, fields of ``PersonneLedger``."""
    globalisation: dict[str, dict[str, Any]] | None = None
    """Per request id, fields of ``GlobalisationDecision``."""
    regles: list[str] | None = None
    regles_absentes: list[str] | None = None
    vigilance_contient: list[str] | None = None
    erreurs: list[str] | None = None


class ParcoursCase(_Named):
    """The tables of a ``Parcours`` (``donnees``), an allocation key, the expected ledger."""

    cle: str = "heures_dues"
    au: date | None = None
    """Count date (``count --at``), optional."""
    donnees: dict[str, Any]
    attendu: ParcoursExpected


class ParcoursFile(_Closed):
    """``tests/cases/parcours/*.yaml``.

    Example::

        modeles: {marche: &marche {...}}   # optional: YAML anchors (ignored)
        cas:
          - nom: Le dernier jour des 24 mois compte, le lendemain ne compte pas.
            cle: heures_dues                # optional allocation key
            donnees: {marches: [...], personnes: [...], contrats: [...], heures: [...]}
            attendu:
              marches: {m1: {heures_comptees: "140.00"}}
              personnes: {p1: {dernier_jour_eligible: 2026-03-14}}
    """

    what: ClassVar[str] = "the file"

    modeles: Any = None
    cas: list[ParcoursCase]


# --- the collector ------------------------------------------------------------------------

CaseFile = PublicsFile | ArticlesFile | DocumentsFile | ParcoursFile

KINDS: dict[str, type[CaseFile]] = {
    "publics": PublicsFile,
    "articles": ArticlesFile,
    "documents": DocumentsFile,
    "parcours": ParcoursFile,
}
"""The kinds of case files, by folder name under the cases directory."""


def _problems(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        place = ".".join(
            f"[{part}]" if isinstance(part, int) else str(part) for part in problem["loc"]
        ).replace(".[", "[")
        message = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{place}: {message}" if place else message)
    return "; ".join(lines)


def parse(document: Any, kind: str, where: str) -> CaseFile:
    """Validate one YAML document of ``kind``; :class:`CaseFormatError` on any departure."""
    try:
        return KINDS[kind].model_validate(document)
    except ValidationError as exc:
        raise CaseFormatError(f"{where}: {_problems(exc)}") from None


def load(path: Path, kind: str | None = None) -> CaseFile:
    """Read and validate one case file (its kind is the name of its folder by default)."""
    return parse(load_document(path), kind or path.parent.name, path.name)


def case_files(cases_dir: Path, kind: str) -> list[Path]:
    """The files of ``kind`` under ``cases_dir``, sorted."""
    return sorted((Path(cases_dir) / kind).glob("*.yaml"))


def collect(cases_dir: Path) -> Iterator[tuple[str, Path, CaseFile]]:
    """Every case file of ``cases_dir``: its kind, its path, its validated content (kinds in
    the order of :data:`KINDS`, files sorted by name)."""
    for kind in KINDS:
        for path in case_files(cases_dir, kind):
            yield kind, path, load(path, kind)


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each kind of case file, by kind."""
    return {
        kind: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
        for kind, model in KINDS.items()
    }


def write_schemas(out: Path) -> None:
    """Write ``out/<kind>.schema.json`` for every kind."""
    out.mkdir(parents=True, exist_ok=True)
    for kind, schema in json_schemas().items():
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (out / f"{kind}.schema.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python tests/_cases.py tests/cases/schemas
    write_schemas(Path(sys.argv[1]))
