"""Catalogue of the texts the rules cite, typed by normative force.

Seed files are those of ``shared/seeds/`` (indexed in ``shared/research/seeds_digest.md``);
a rule cites the lines it relies on through :class:`~clauserules.core.rulebase.Citation`.
Articles of law cite their official publication where there is one. Most of the material
on publics is soft law (doctrine, guides, internal practice): the ``nature`` says so.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.rulebase import Citation, Nature, Source

SEED_IGAS = "003_7f42dc19c6252b60.txt"
SEED_PLAINE_COMMUNE = "000_9121526655e5a65d.txt"
SEED_DREETS_HDF = "001_cadb1215ce1c2783.txt"
SEED_AVISE_PI = "002_da07f8fd7b3e9310.txt"
SEED_PROFESSION_BANLIEUE = "004_08c7fd75428b5003.txt"

# --- Publics éligibles -----------------------------------------------------------------

AVE_RECUEIL_2014 = Source(
    id="ave.recueil-2014",
    title=(
        "Alliance Villes Emploi, Recueil des fondamentaux de la clause sociale d'insertion "
        "et de promotion de l'emploi (décembre 2014), cité par l'IGAS, rapport 2015-169R, annexe 10"
    ),
    nature=Nature.DOCTRINE,
    date=date(2014, 12, 1),
    seed=SEED_IGAS,
)

POLE_EMPLOI_LISTE_INTERNE = Source(
    id="pole-emploi.liste-interne",
    title=(
        "Pôle emploi, liste interne des publics des clauses d'insertion, citée par l'IGAS, "
        "rapport 2015-169R, annexe 10"
    ),
    nature=Nature.PRATIQUE,
    seed=SEED_IGAS,
    note="Document interne non daté ; attesté par le rapport IGAS (dernière date interne : 18 avril 2016).",
)

DAJ_GUIDE_2015 = Source(
    id="daj.guide-2015",
    title=(
        "OEAP/DAJ, guide « Commande publique et accès à l'emploi des personnes qui en sont "
        "éloignées » (version d'octobre 2015), résumé par l'IGAS, rapport 2015-169R"
    ),
    nature=Nature.GUIDE,
    date=date(2015, 10, 1),
    seed=SEED_IGAS,
)

IGAS_2016 = Source(
    id="igas.rapport-2015-169R",
    title=(
        "IGAS, rapport n° 2015-169R sur l'offre d'appui au développement des clauses sociales "
        "(2016), recommandation n° 1"
    ),
    nature=Nature.DOCTRINE,
    date=date(2016, 4, 18),
    seed=SEED_IGAS,
)

ANRU_CHARTE_2014_2024 = Source(
    id="anru.charte-insertion-2014-2024",
    title=(
        "ANRU, Nouvelle charte nationale d'insertion 2014-2024 (NPNRU), validée par le "
        "conseil d'administration du 24 mars 2015"
    ),
    nature=Nature.GUIDE,
    date=date(2015, 3, 24),
    seed=SEED_IGAS,
)

CODE_TRAVAIL = Source(
    id="code-travail",
    title="Code du travail",
    nature=Nature.LOI,
    url="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/",
)

LOI_PLEIN_EMPLOI = Source(
    id="loi-2023-1196",
    title="Loi n° 2023-1196 du 18 décembre 2023 pour le plein emploi",
    nature=Nature.LOI,
    date=date(2023, 12, 18),
    url="https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000048581944",
    note=(
        "Pôle emploi devient France Travail le 1er janvier 2024 ; inscription automatique "
        "des allocataires du RSA et des jeunes suivis par les missions locales à compter "
        "du 1er janvier 2025."
    ),
)

DECRET_NOMENCLATURE_2019 = Source(
    id="decret-2019-14",
    title=(
        "Décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications "
        "professionnelles"
    ),
    nature=Nature.DECRET,
    date=date(2019, 1, 8),
    url="https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037964754",
)

CODE_PROCEDURE_CIVILE = Source(
    id="code-procedure-civile",
    title="Code de procédure civile",
    nature=Nature.DECRET,
    url="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006410290",
    note="Art. 641 : computation des délais exprimés en mois (appliqué par analogie).",
)

CATALOGUE: dict[str, Source] = {
    source.id: source
    for source in (
        AVE_RECUEIL_2014,
        POLE_EMPLOI_LISTE_INTERNE,
        DAJ_GUIDE_2015,
        IGAS_2016,
        ANRU_CHARTE_2014_2024,
        CODE_TRAVAIL,
        LOI_PLEIN_EMPLOI,
        DECRET_NOMENCLATURE_2019,
        CODE_PROCEDURE_CIVILE,
    )
}


def register(*sources: Source) -> None:
    """Add sources of another topic module to the catalogue (ids must be new)."""
    for source in sources:
        if source.id in CATALOGUE and CATALOGUE[source.id] != source:
            raise ValueError(f"source id {source.id!r} is already used by another source")
        CATALOGUE[source.id] = source


def cite(source: Source, lines: str | None = None, *, article: str | None = None) -> Citation:
    """A citation of ``source`` at seed ``lines`` (``"8189"``, ``"8181-8209"``) or ``article``."""
    return Citation(source=source, lines=lines, article=article)


# --- Parcours, comptage des heures, globalisation (issue 4) ----------------------------

DAJ_POSITION_2016 = Source(
    id="daj.position-globalisation-duree-2016",
    title=(
        "Direction des affaires juridiques (ministères économiques et financiers), position "
        "sur la globalisation des heures et la durée d'éligibilité, rapportée par l'IGAS, "
        "rapport 2015-169R"
    ),
    nature=Nature.DOCTRINE,
    date=date(2016, 4, 18),
    seed=SEED_IGAS,
    note="La lettre de la DAJ n'est pas dans les sources ; seul son résumé par l'IGAS l'est.",
)

PAS_DE_CALAIS_DIFFICULTES = Source(
    id="pas-de-calais.annexe-difficultes-entreprises",
    title=(
        "Département du Pas-de-Calais, annexe « Clause d'insertion et difficultés des "
        "entreprises » aux marchés de BTP, citée par l'IGAS, rapport 2015-169R"
    ),
    nature=Nature.PRATIQUE,
    seed=SEED_IGAS,
    note="Annexe non datée, attestée par le rapport IGAS (2016).",
)

register(DAJ_POSITION_2016, PAS_DE_CALAIS_DIFFICULTES)
