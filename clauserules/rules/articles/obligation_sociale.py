"""Condition d'exécution sociale obligatoire au-delà des seuils européens (loi Climat et
résilience, L2112-2-1 et L3114-2-1), à partir du 22 août 2026, et ses exceptions motivées.
Voir ``docs/decisions/0015-obligation-sociale-et-seuils.md`` et ``0050-obligation-sociale-conformite.md``.
"""

from __future__ import annotations

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.articles.commun import (
    CONCESSION,
    MARCHE,
    OBLIGATION_SOCIALE,
    OBLIGATION_SOCIALE_DECRET,
    Effet,
    modificateur,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    LOI_CLIMAT_RESILIENCE,
)
from clauserules.rules.sources.doctrine import DREETS_HDF_2025
from clauserules.vocabulaire import MotifException, TypeInstrument

_AMBIGU = (
    "Consultation lancée le 21 août 2026 : le décret n° 2022-767 fait entrer en vigueur ses "
    "propres articles ce jour-là, mais les articles L2112-2-1 et L3114-2-1, issus de l'art. 35 "
    "de la loi n° 2021-1104, s'appliquent au plus tard le 22 août 2026 (lecture de la DAJ de "
    "Bercy). L'obligation n'est pas appliquée ce jour ; prévoir néanmoins une condition "
    "d'exécution sociale si la valeur estimée atteint le seuil européen, par prudence, et "
    "vérifier la date d'entrée en vigueur affichée par Légifrance pour ces articles."
)
_OBLIGATION_INTERP = (
    "La valeur comparée au seuil est la valeur estimée du contrat entier (somme des lots ou "
    "valeur_estimee_ht déclarée), jamais celle du lot ; seuil de la catégorie d'acheteur et de "
    "nature de l'avis annexé au CCP, en vigueur à la date de lancement.",
    "Obligation appliquée aux consultations lancées à compter du 22 août 2026, date au plus "
    "tard fixée par l'art. 35 de la loi n° 2021-1104 "
    "(docs/decisions/0050-obligation-sociale-conformite.md).",
    "Toute condition d'exécution sociale ou relative à l'emploi satisfait l'obligation (heures "
    "d'insertion ou autre condition), de même qu'un marché dont l'objet est l'insertion ; une "
    "réservation seule ne la satisfait pas (ADR 0050).",
)
_SATISFAISANTS = (TypeInstrument.CONDITION_EXECUTION, TypeInstrument.AUTRE_CONDITION_SOCIALE)
"""The execution conditions that satisfy the obligation (marché d'insertion: see plan)."""
_OBLIGATION_WHEN = Fact("valeur_estimee_ge_seuil").is_true() & Fact("defense_securite").eq(False)
_MOTIF_OBLIGATION = (
    "Valeur estimée du contrat au moins égale au seuil européen : une condition d'exécution "
    "sociale ou relative à l'emploi est obligatoire (sauf exception motivée)."
)
_MOTIFS_COMMUNS = (
    MotifException.LIEN_INSUFFISANT_OBJET.value,
    MotifException.RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION.value,
)
_EXCEPTION_VIGILANCE = (
    "Exception à l'obligation de condition d'exécution sociale ({motif_exception_libelle}) : "
    "en consigner les motifs par écrit au dossier de la consultation."
)


_VALEUR_CONCESSION = (
    "Pour un contrat de concession, la valeur estimée comparée au seuil est le chiffre "
    "d'affaires total hors taxes du concessionnaire pendant la durée du contrat (art. "
    "R3121-1), non un prix : renseigner valeur_estimee_ht en conséquence."
)


def _obligation(*, contrat: str, article: str, title: str) -> tuple[Rule, ...]:
    when = Fact("contrat").eq(contrat) & _OBLIGATION_WHEN
    sources = (
        cite(CCP_LEGISLATIF, article=article),
        cite(LOI_CLIMAT_RESILIENCE, article="35"),
        cite(DREETS_HDF_2025, "435-439"),
    )
    return (
        _veille(contrat=contrat, article=article, title=title),
        modificateur(
            id=f"articles.{contrat}.obligation-sociale",
            title=title,
            when=when,
            effet=Effet.OBLIGATOIRE,
            instruments=_SATISFAISANTS,
            motif=_MOTIF_OBLIGATION,
            sources=sources,
            interpretations=_OBLIGATION_INTERP,
            validity=Validity(OBLIGATION_SOCIALE),
            vigilance=(_VALEUR_CONCESSION,) if contrat == "concession" else (),
        ),
    )


def _veille(*, contrat: str, article: str, title: str) -> Rule:
    """The ambiguous day: the décret's articles are in force, the law's are not yet."""
    return modificateur(
        id=f"articles.{contrat}.obligation-sociale",
        title=title,
        validity=Validity(OBLIGATION_SOCIALE_DECRET, OBLIGATION_SOCIALE),
        when=Fact("contrat").eq(contrat) & _OBLIGATION_WHEN,
        effet=Effet.VIGILANCE,
        instruments=_SATISFAISANTS,
        motif="",
        sources=(
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
            cite(CCP_LEGISLATIF, article=article),
        ),
        vigilance=(_AMBIGU,),
    )


_CLIMAT = Validity(OBLIGATION_SOCIALE)

RULES: tuple[Rule, ...] = (
    *_obligation(
        contrat="marche",
        article="L2112-2-1",
        title="Condition d'exécution sociale obligatoire au-delà des seuils européens (marchés)",
    ),
    *_obligation(
        contrat="concession",
        article="L3114-2-1",
        title="Condition d'exécution sociale obligatoire au-delà du seuil européen (concessions)",
    ),
    modificateur(
        id="articles.marche.obligation-sociale.exception",
        title="Exception motivée à la condition d'exécution sociale obligatoire (marchés)",
        validity=_CLIMAT,
        when=MARCHE
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").one_of(*_MOTIFS_COMMUNS),
        effet=Effet.EXCEPTION,
        instruments=_SATISFAISANTS,
        motif="Exception motivée à l'obligation (art. L2112-2-1, II).",
        sources=(
            cite(CCP_LEGISLATIF, article="L2112-2-1, II"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
        vigilance=(_EXCEPTION_VIGILANCE,),
        interpretations=(
            "Texte consolidé de L2112-2-1 non lu : exceptions supposées symétriques de "
            "L3114-2-1, plus le motif de la solution immédiatement disponible (ADR 0050).",
        ),
    ),
    modificateur(
        id="articles.marche.obligation-sociale.exception-solution-disponible",
        title="Exception : besoin satisfait par une solution immédiatement disponible (marchés)",
        validity=_CLIMAT,
        when=MARCHE
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").eq(
            MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE.value
        ),
        effet=Effet.EXCEPTION,
        instruments=_SATISFAISANTS,
        motif="Exception motivée à l'obligation (art. L2112-2-1, II, 1°).",
        sources=(
            cite(CCP_LEGISLATIF, article="L2112-2-1, II, 1°"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
        vigilance=(
            _EXCEPTION_VIGILANCE,
            "Le motif « solution immédiatement disponible sur le marché » n'a pas pu être "
            "vérifié dans la rédaction consolidée de l'art. L2112-2-1 : la lire sur "
            "Légifrance avant de s'en prévaloir.",
        ),
    ),
    modificateur(
        id="articles.concession.obligation-sociale.exception",
        title="Exception motivée à la condition d'exécution sociale obligatoire (concessions)",
        validity=_CLIMAT,
        when=CONCESSION
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").one_of(*_MOTIFS_COMMUNS),
        effet=Effet.EXCEPTION,
        instruments=_SATISFAISANTS,
        motif="Exception motivée à l'obligation (art. L3114-2-1, II).",
        sources=(
            cite(CCP_LEGISLATIF, article="L3114-2-1, II et III"),
            cite(LOI_CLIMAT_RESILIENCE, article="35"),
        ),
        vigilance=(_EXCEPTION_VIGILANCE,),
    ),
    modificateur(
        id="articles.concession.obligation-sociale.exception-irrecevable",
        title="Motif d'exception non prévu pour les concessions",
        validity=_CLIMAT,
        when=CONCESSION
        & _OBLIGATION_WHEN
        & Fact("exception_obligation_sociale").eq(
            MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE.value
        ),
        effet=Effet.EXCEPTION_IRRECEVABLE,
        instruments=_SATISFAISANTS,
        motif="Le motif « solution immédiatement disponible » n'est pas prévu pour les concessions.",
        sources=(cite(CCP_LEGISLATIF, article="L3114-2-1, II"),),
        vigilance=(
            "L'art. L3114-2-1 ne prévoit que deux motifs d'exception (lien insuffisant avec "
            "l'objet ; restriction de la concurrence ou difficulté d'exécution) : l'exception "
            "déclarée n'est pas recevable et la condition d'exécution sociale reste obligatoire.",
        ),
    ),
)
