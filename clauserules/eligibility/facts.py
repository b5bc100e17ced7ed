"""The facts of a person at a date: the flat facts the ``publics`` rules read.

The evaluation date ``at`` has a legal meaning: the date at which the person is hired (or
proposed) under the clause. Ages and durations are computed at that date with the month
convention of :mod:`clauserules.core.dates`; the dates of the person are checked against
it first (:func:`check_dates`).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from clauserules.core.dates import add_months, months_between, whole_months, whole_years
from clauserules.core.expr import FactValue
from clauserules.eligibility.model import Personne
from clauserules.errors import FieldProblem, InvalidInputError
from clauserules.vocabulaire import OrganismeAvis

__all__ = [
    "INPUT_OF_FACT",
    "check_dates",
    "derive_facts",
    "diagnostic_expiry",
    "months_registered",
]

# Validity of an IAE eligibility diagnosis (decision 0055): 6 months when an authorised
# prescriber makes it, 92 days when the structure makes it (auto-prescription).
DIAGNOSTIC_PRESCRIPTEUR_MOIS = 6
DIAGNOSTIC_STRUCTURE_JOURS = 92

# Derived fact -> input field that supplies it (reported in ``missing``).
INPUT_OF_FACT: dict[str, str] = {
    "age": "date_naissance",
    "inscrit_ft": "inscription_france_travail",
    "mois_inscription_ft": "inscription_france_travail",
    "categorie_ft": "inscription_france_travail.categorie",
    "allocations": "allocations",
    "ayant_droit_rsa": "ayant_droit_rsa",
    "obligation_emploi": "obligation_emploi",
    "orientation_milieu_ordinaire": "orientation_milieu_ordinaire",
    "niveau_qualification": "niveau_qualification",
    "mois_depuis_sortie_formation": "sortie_formation_initiale",
    "prise_en_charge": "prise_en_charge",
    "residence_qpv": "residence_qpv",
    "mois_inscription_18": "inscription_france_travail",
    "mois_inscription_36": "inscription_france_travail",
    "sortant_ase": "sortie_ase",
    "parent_isole": "parent_isole",
    "sans_hebergement": "sans_hebergement",
    "protection_internationale": "protection_internationale",
    "residence_zrr": "residence_zrr",
    "sous_main_de_justice": "sous_main_de_justice",
    "sortant_detention": "sortie_detention",
    "francais_inferieur_a1": "francais_inferieur_a1",
    "probleme_mobilite": "probleme_mobilite",
}

_AS_GIVEN = (
    "ayant_droit_rsa",
    "obligation_emploi",
    "orientation_milieu_ordinaire",
    "niveau_qualification",
    "residence_qpv",
    "parent_isole",
    "sans_hebergement",
    "residence_zrr",
    "sous_main_de_justice",
    "francais_inferieur_a1",
    "probleme_mobilite",
)
# Inputs given as a date (or ``false``) that the rules read as « is or was » (a boolean).
_DATES_AS_FLAGS = (("sortie_ase", "sortant_ase"), ("sortie_detention", "sortant_detention"))


def diagnostic_expiry(organisme: OrganismeAvis, day: date) -> date | None:
    """First day on which an IAE diagnosis made on ``day`` by ``organisme`` is no longer valid."""
    if organisme is OrganismeAvis.PRESCRIPTEUR_HABILITE:
        return add_months(day, DIAGNOSTIC_PRESCRIPTEUR_MOIS)
    if organisme is OrganismeAvis.SIAE:
        return day + timedelta(days=DIAGNOSTIC_STRUCTURE_JOURS)
    return None


def months_registered(periods: list[tuple[date, date]], at: date, window: int) -> int:
    """Whole months of registration in the ``window`` months before ``at`` (decision 0056).

    ``periods`` are half-open ``[start, end)``; overlapping periods count once; the months
    of each separate stretch are added as exact fractions of calendar months, then floored.
    """
    low = add_months(at, -window)
    total = Fraction(0)
    merged: list[list[date]] = []
    for start, end in sorted(periods):
        start, end = max(start, low), min(end, at)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        total += months_between(start, end)
    return int(total)


def check_dates(personne: Personne, at: date) -> None:
    """Each date of ``personne`` is not after ``at`` and not before the birth date."""
    problems: list[FieldProblem] = []
    birth = personne.date_naissance

    def not_after_at(location: str, day: date) -> None:
        if day > at:
            problems.append(
                FieldProblem(location, f"must not be after the evaluation date {at}", str(day))
            )

    def not_before_birth(location: str, day: date) -> None:
        if birth is not None and day < birth:
            problems.append(
                FieldProblem(location, f"must not be before date_naissance {birth}", str(day))
            )

    if birth is not None:
        not_after_at("date_naissance", birth)
    inscription = personne.inscription_france_travail
    if inscription:
        not_after_at("inscription_france_travail.depuis", inscription.depuis)
        not_before_birth("inscription_france_travail.depuis", inscription.depuis)
    if personne.sortie_formation_initiale is not None:
        not_after_at("sortie_formation_initiale", personne.sortie_formation_initiale)
        not_before_birth("sortie_formation_initiale", personne.sortie_formation_initiale)
    if personne.avis_motive is not None:
        not_after_at("avis_motive.date", personne.avis_motive.date)
        not_before_birth("avis_motive.date", personne.avis_motive.date)
    for index, period in enumerate(personne.inscriptions or ()):
        where = f"inscriptions.{index}"
        not_after_at(f"{where}.jusqu_au", period.jusqu_au)
        not_before_birth(f"{where}.depuis", period.depuis)
        if period.jusqu_au < period.depuis:
            problems.append(
                FieldProblem(
                    f"{where}.jusqu_au",
                    f"must not be before depuis {period.depuis}",
                    str(period.jusqu_au),
                )
            )
    for name in ("sortie_ase", "sortie_detention"):
        value = getattr(personne, name)
        if isinstance(value, date):
            not_after_at(name, value)
            not_before_birth(name, value)
    if problems:
        raise InvalidInputError(problems, subject="personne")


def derive_facts(personne: Personne, at: date) -> dict[str, FactValue]:
    """The flat facts the ``publics`` rules read, computed at ``at``.

    Absent inputs give absent facts (unknown); ``avis_organisme`` is ``"aucun"`` when no
    derogation was given (closed world: a derogation is an act, its absence is known).
    """
    facts: dict[str, FactValue] = {}
    if personne.date_naissance is not None:
        facts["age"] = whole_years(personne.date_naissance, at)
    inscription = personne.inscription_france_travail
    if inscription is False:
        facts["inscrit_ft"] = False
    elif inscription is not None:
        facts["inscrit_ft"] = True
        months = whole_months(_continuous_since(personne, at), at)
        facts["mois_inscription_ft"] = months
        if inscription.categorie is not None:
            facts["categorie_ft"] = inscription.categorie
    if inscription is not None:
        # The IAE windows: the current registration plus the past periods (an absent
        # history counts as no past period, decision 0056).
        if not personne.inscriptions:
            # One period ending at ``at``: its whole months, capped by the window.
            facts["mois_inscription_18"] = min(18, months) if inscription else 0
            facts["mois_inscription_36"] = min(36, months) if inscription else 0
        else:
            periods = [(p.depuis, p.jusqu_au + _DAY) for p in personne.inscriptions]
            if inscription:
                periods.append((inscription.depuis, at))
            facts["mois_inscription_18"] = months_registered(periods, at, 18)
            facts["mois_inscription_36"] = months_registered(periods, at, 36)
    if personne.allocations is not None:
        facts["allocations"] = sorted({a.value for a in personne.allocations})
    for name in _AS_GIVEN:
        value = getattr(personne, name)
        if value is not None:
            facts[name] = value
    for name, fact in _DATES_AS_FLAGS:
        flag = getattr(personne, name)
        if flag is not None:
            facts[fact] = flag is not False
    if personne.protection_internationale is not None:
        facts["protection_internationale"] = personne.protection_internationale is not False
    if personne.sortie_formation_initiale is not None:
        facts["mois_depuis_sortie_formation"] = whole_months(personne.sortie_formation_initiale, at)
    if personne.prise_en_charge is not None:
        facts["prise_en_charge"] = sorted({p.value for p in personne.prise_en_charge})
    avis = personne.avis_motive
    facts["avis_organisme"] = avis.organisme.value if avis else "aucun"
    if avis is not None:
        expiry = diagnostic_expiry(avis.organisme, avis.date)
        if expiry is not None:
            facts["diagnostic_iae_valide"] = at < expiry
    return facts


_DAY = timedelta(days=1)


def _continuous_since(personne: Personne, at: date) -> date:
    """Start of the current registration, extended through past periods that join it.

    A past period that ends the day before (or after) the current start joins it: the
    registration is then continuous (decision 0056). Used by the 2014-2016 lists.
    """
    inscription = personne.inscription_france_travail
    assert inscription
    since = inscription.depuis
    periods = sorted(personne.inscriptions or (), key=lambda p: p.depuis, reverse=True)
    for period in periods:
        if period.depuis < since <= period.jusqu_au + _DAY:
            since = period.depuis
    return since
