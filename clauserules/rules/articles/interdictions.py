"""Interdictions qui dépendent du lot : défense ou sécurité, services listés, durée, nature.

Elles rendent un instrument ``interdit`` (ou ajoutent un point de vigilance) quel que soit son
statut de base ; le service combine : interdit > obligatoire > autorisé.
"""

from __future__ import annotations

from clauserules.core.expr import Fact
from clauserules.core.rulebase import Rule, Validity
from clauserules.rules.articles.commun import (
    CCP,
    CMP,
    ENTREE_ORDONNANCES,
    MARCHE,
    ORD,
    PREFS,
    Effet,
    modificateur,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    CMP_2006,
    DECRET_2016_360,
    ORD_2015_899,
)
from clauserules.vocabulaire import TypeInstrument

_SIAE_DEFENSE = (
    "Un marché de défense ou de sécurité ne peut pas être réservé aux SIAE (ni, par suite, "
    "conjointement aux EA/ESAT et aux SIAE)."
)
_ESS_DEFENSE = (
    "Un marché de défense ou de sécurité ne peut pas être réservé aux entreprises de l'ESS."
)
_ESS_SERVICES = (
    "La réservation ESS ne vaut que pour des marchés portant exclusivement sur des services "
    "sociaux, de santé ou culturels de la liste publiée (services sociaux et spécifiques)."
)
_ESS_DUREE = "Un marché réservé aux entreprises de l'ESS ne peut durer plus de trois ans (36 mois)."
_INSERTION_SERVICES = (
    "L'insertion comme objet suppose un marché de services de qualification et d'insertion "
    "professionnelle : impossible pour un lot de travaux, de fournitures ou de prestations "
    "intellectuelles."
)
_DEFENSE = Fact("defense_securite").is_true()
_SIAE_KINDS = (TypeInstrument.RESERVE_SIAE, TypeInstrument.RESERVE_EA_ESAT_SIAE)
_CCP_DEFENSE_INTERP = (
    "L'exclusion des marchés de défense ou de sécurité, explicite dans l'ordonnance "
    "n° 2015-899, est tenue pour maintenue par la codification à droit constant (livre III de "
    "la deuxième partie du CCP) ; à vérifier.",
)

RULES: tuple[Rule, ...] = (
    modificateur(
        id="articles.marche.siae-defense",
        title="Pas de réservation aux SIAE pour un marché de défense ou de sécurité",
        validity=ORD,
        when=MARCHE & _DEFENSE,
        effet=Effet.INTERDIT,
        instruments=_SIAE_KINDS,
        motif=_SIAE_DEFENSE,
        sources=(cite(ORD_2015_899, "488-491", article="36, II"),),
    ),
    modificateur(
        id="articles.marche.siae-defense",
        title="Pas de réservation aux SIAE pour un marché de défense ou de sécurité",
        validity=CCP,
        when=MARCHE & _DEFENSE,
        effet=Effet.INTERDIT,
        instruments=_SIAE_KINDS,
        motif=_SIAE_DEFENSE,
        sources=(
            cite(CCP_LEGISLATIF, article="L2113-13"),
            cite(ORD_2015_899, "488-491", article="36, II"),
        ),
        interpretations=_CCP_DEFENSE_INTERP,
    ),
    modificateur(
        id="articles.marche.ess-defense",
        title="Pas de réservation ESS pour un marché de défense ou de sécurité",
        validity=ORD,
        when=MARCHE & _DEFENSE,
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_DEFENSE,
        sources=(cite(ORD_2015_899, "517-523", article="37, I"),),
    ),
    modificateur(
        id="articles.marche.ess-defense",
        title="Pas de réservation ESS pour un marché de défense ou de sécurité",
        validity=CCP,
        when=MARCHE & _DEFENSE,
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_DEFENSE,
        sources=(
            cite(CCP_LEGISLATIF, article="L2113-15"),
            cite(ORD_2015_899, "517-523", article="37, I"),
        ),
        interpretations=_CCP_DEFENSE_INTERP,
    ),
    modificateur(
        id="articles.marche.ess-services",
        title="Réservation ESS limitée aux services sociaux et spécifiques listés",
        validity=ORD,
        when=MARCHE & Fact("services_sociaux_specifiques").eq(False),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_SERVICES,
        sources=(cite(ORD_2015_899, "517-523", article="37, I"),),
    ),
    modificateur(
        id="articles.marche.ess-services",
        title="Réservation ESS limitée aux services sociaux et spécifiques listés",
        validity=CCP,
        when=MARCHE & Fact("services_sociaux_specifiques").eq(False),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_SERVICES,
        sources=(cite(CCP_LEGISLATIF, article="L2113-15"),),
    ),
    modificateur(
        id="articles.marche.ess-duree",
        title="Marché réservé ESS : durée de trois ans au plus",
        validity=ORD,
        when=MARCHE & (Fact("duree_mois") > 36),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_DUREE,
        sources=(cite(ORD_2015_899, "529-530", article="37, II"),),
        interpretations=("Trois ans = 36 mois ; une durée de 36 mois est admise.",),
    ),
    modificateur(
        id="articles.marche.ess-duree",
        title="Marché réservé ESS : durée de trois ans au plus",
        validity=CCP,
        when=MARCHE & (Fact("duree_mois") > 36),
        effet=Effet.INTERDIT,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif=_ESS_DUREE,
        sources=(cite(CCP_LEGISLATIF, article="L2113-16"),),
        interpretations=(
            "Trois ans = 36 mois ; une durée de 36 mois est admise.",
            "Durée maximale de L2113-16 non lue dans le texte consolidé : la vérifier sur Légifrance.",
        ),
    ),
    modificateur(
        id="articles.marche.ess-liste",
        title="Marché réservé ESS : seuls les services de la liste fermée peuvent être réservés",
        validity=Validity(ENTREE_ORDONNANCES),
        when=MARCHE & PREFS.contains(TypeInstrument.RESERVE_ESS.value),
        effet=Effet.VIGILANCE,
        instruments=(TypeInstrument.RESERVE_ESS,),
        motif="",
        sources=(
            cite(ORD_2015_899, "517-530", article="37"),
            cite(CCP_LEGISLATIF, article="L2113-15"),
        ),
        vigilance=(
            "Réservation ESS : seuls certains services de santé, sociaux et culturels, "
            "énumérés par une liste fermée, peuvent être réservés ; la qualité de service "
            "social ou spécifique ne suffit pas. La réservation n'est ouverte qu'aux pouvoirs "
            "adjudicateurs (une entité adjudicatrice qui n'en est pas un ne peut y recourir).",
        ),
        interpretations=(
            "Les codes de la liste (directive 2014/24, art. 77) ne sont pas modélisés : "
            "l'acheteur les vérifie.",
        ),
    ),
    modificateur(
        id="articles.marche.insertion-objet-liste",
        title="Marché d'insertion : la procédure adaptée vaut pour les services de la liste",
        validity=CCP,
        when=MARCHE
        & Fact("nature").eq("services")
        & Fact("services_sociaux_specifiques").eq(False)
        & PREFS.contains(TypeInstrument.MARCHE_INSERTION.value),
        effet=Effet.VIGILANCE,
        instruments=(TypeInstrument.MARCHE_INSERTION,),
        motif="",
        sources=(cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),),
        vigilance=(
            "Marché d'insertion : la procédure adaptée de l'art. R2123-1, 3° vaut pour les "
            "services sociaux et autres services spécifiques de la liste annexée au code ; la "
            "consultation ne les déclare pas comme tels : vérifier que les services de "
            "qualification et d'insertion professionnelle achetés y figurent.",
        ),
    ),
    *(
        modificateur(
            id="articles.marche.insertion-objet-services",
            title="L'insertion comme objet suppose un marché de services",
            validity=validity,
            when=MARCHE
            & Fact("nature").one_of("travaux", "fournitures", "prestations_intellectuelles"),
            effet=Effet.INTERDIT,
            instruments=(TypeInstrument.MARCHE_INSERTION,),
            motif=_INSERTION_SERVICES,
            sources=sources,
            interpretations=(
                "Les prestations intellectuelles sont des services, mais leur objet n'est pas "
                "la qualification et l'insertion : un lot de prestations intellectuelles ne "
                "peut être un marché d'insertion.",
            ),
        )
        for validity, sources in (
            (CMP, (cite(CMP_2006, "400-402", article="30"),)),
            (ORD, (cite(DECRET_2016_360, article="28"),)),
            (CCP, (cite(CCP_REGLEMENTAIRE, article="R2123-1, 3°"),)),
        )
    ),
)
