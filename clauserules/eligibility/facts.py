"""The facts of a person at a date: the flat facts the ``publics`` rules read.

The evaluation date ``at`` has a legal meaning: the date at which the person is hired (or
proposed) under the clause. Ages and durations are computed at that date with the month
convention of :mod:`clauserules.core.dates`; the dates of the person are checked against
it first (:func:`check_dates`).
"""

from __future__ import annotations

from datetime import date

from clauserules.core.dates import whole_months, whole_years
from clauserules.core.expr import FactValue
from clauserules.eligibility.model import Personne
from clauserules.errors import FieldProblem, InvalidInputError

__all__ = ["INPUT_OF_FACT", "check_dates", "derive_facts"]

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
}


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
        facts["mois_inscription_ft"] = whole_months(inscription.depuis, at)
        if inscription.categorie is not None:
            facts["categorie_ft"] = inscription.categorie
    if personne.allocations is not None:
        facts["allocations"] = sorted({a.value for a in personne.allocations})
    for name in (
        "ayant_droit_rsa",
        "obligation_emploi",
        "orientation_milieu_ordinaire",
        "niveau_qualification",
        "residence_qpv",
    ):
        value = getattr(personne, name)
        if value is not None:
            facts[name] = value
    if personne.sortie_formation_initiale is not None:
        facts["mois_depuis_sortie_formation"] = whole_months(personne.sortie_formation_initiale, at)
    if personne.prise_en_charge is not None:
        facts["prise_en_charge"] = sorted({p.value for p in personne.prise_en_charge})
    avis = personne.avis_motive
    facts["avis_organisme"] = avis.organisme.value if avis else "aucun"
    return facts
