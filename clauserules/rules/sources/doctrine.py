"""Soft law cited by the rules: doctrine, guides, practice, case law, the CCAG.

The texts that are not binding law, or that the rules know through a report: the AVE's
recueil, the IGAS report and what it summarises (DAJ, Pôle emploi, ANRU charters, the
Pas-de-Calais annex), the DREETS Hauts-de-France FAQ, the Avise guide, the Conseil d'État's
Isère decision, and the CCAG of 2021. Seed files are those of ``shared/seeds/`` (indexed in
``shared/research/seeds_digest.md``); a rule cites the lines it relies on through
:func:`clauserules.rules.sources.cite`. The ``nature`` says how binding each text is.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.rulebase import Nature, Source
from clauserules.rules.sources._seeds import SEED_AVISE_PI, SEED_DREETS_HDF, SEED_IGAS

__all__ = [
    "ANRU_CHARTE_2005",
    "ANRU_CHARTE_2014_2024",
    "AVE_RECUEIL_2014",
    "AVISE_PI_2013",
    "CCAG_2021",
    "CE_ISERE_2013",
    "DAJ_GUIDE_2015",
    "DAJ_POSITION_2016",
    "DREETS_HDF_2025",
    "IGAS_2016",
    "PAS_DE_CALAIS_DIFFICULTES",
    "POLE_EMPLOI_LISTE_INTERNE",
    "SOURCES",
]

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

ANRU_CHARTE_2005 = Source(
    id="anru.charte-insertion-2005",
    title="ANRU, Charte nationale d'insertion du PNRU (prise d'effet le 1er mai 2005)",
    nature=Nature.GUIDE,
    date=date(2005, 5, 1),
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

AVISE_PI_2013 = Source(
    id="avise.prestations-intellectuelles-2013",
    title="Avise, « Clauses sociales et prestations intellectuelles » (2013)",
    nature=Nature.GUIDE,
    date=date(2013, 1, 1),
    seed=SEED_AVISE_PI,
)

DREETS_HDF_2025 = Source(
    id="dreets-hdf.faq-2025",
    title="DREETS Hauts-de-France, questions-réponses sur les clauses sociales (2025)",
    nature=Nature.GUIDE,
    date=date(2025, 1, 1),
    seed=SEED_DREETS_HDF,
)

CE_ISERE_2013 = Source(
    id="ce-2013-isere",
    title="Conseil d'État, 25 mars 2013, Département de l'Isère (critère d'insertion pondéré à 15 %)",
    nature=Nature.DOCTRINE,
    date=date(2013, 3, 25),
    url="https://imavocats.fr/actualites/944/quel-avenir-pour-le-critere-d-insertion-professionnelle.htm",
    note="Jurisprudence, connue par un commentaire.",
)

CCAG_2021 = Source(
    id="ccag-2021",
    title=(
        "Cahiers des clauses administratives générales approuvés par les arrêtés du "
        "30 mars 2021 (Travaux, FCS, PI, TIC, MI, MOE)"
    ),
    nature=Nature.ARRETE,
    date=date(2021, 4, 1),
    url="https://www.economie.gouv.fr/daj/commande-publique/ccag",
    note=(
        "Article « Développement durable », premier sous-article « Clause d'insertion "
        "sociale » ; lu pour le CCAG-TIC (art. 16.1). Le numéro dans les autres CCAG est "
        "à vérifier."
    ),
)

SOURCES: tuple[Source, ...] = (
    AVE_RECUEIL_2014,
    POLE_EMPLOI_LISTE_INTERNE,
    DAJ_GUIDE_2015,
    DAJ_POSITION_2016,
    IGAS_2016,
    PAS_DE_CALAIS_DIFFICULTES,
    ANRU_CHARTE_2005,
    ANRU_CHARTE_2014_2024,
    AVISE_PI_2013,
    DREETS_HDF_2025,
    CE_ISERE_2013,
    CCAG_2021,
)
"""Every source of this module, in the order of the catalogue."""
