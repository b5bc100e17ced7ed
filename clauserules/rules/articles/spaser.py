"""Schéma de promotion des achats socialement et écologiquement responsables (SPASER),
informatif : loi n° 2014-856 art. 13, décrets n° 2015-90 et n° 2022-767, L2111-3 et D2111-3,
loi « industrie verte ».

Thème ``articles.spaser`` ; faits ``type_acheteur``, ``achats_annuels_ht_centimes``.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.articles.commun import (
    COUVERTURE_MARCHES,
    TOPIC_SPASER,
)
from clauserules.rules.sources import cite
from clauserules.rules.sources.codes import (
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    DECRET_2015_90,
    DECRET_2022_767,
    LOI_ESS_2014,
    LOI_INDUSTRIE_VERTE,
)
from clauserules.vocabulaire import TypeAcheteur

_TOUS_ACHETEURS = tuple(t.value for t in TypeAcheteur)
_AUTRES_QUE_COLLECTIVITES = tuple(t for t in _TOUS_ACHETEURS if t != "collectivite")
SPASER_100M = 10_000_000_000  # centimes
SPASER_50M = 5_000_000_000
SPASER_DEBUT = date(2015, 1, 31)
SPASER_50M_DEBUT = date(2023, 1, 1)
SPASER_TOUS_ACHETEURS = date(2023, 10, 25)


def _spaser(
    *,
    id: str,
    validity: Validity,
    seuil: int | None,
    acheteurs: tuple[str, ...],
    statut: str,
    sources: tuple[Citation, ...],
    vigilance: tuple[str, ...] = (),
    interpretations: tuple[str, ...] = (),
) -> Rule:
    when: Expr = Fact("type_acheteur").one_of(*acheteurs)
    if seuil is not None:
        when = when & (Fact("achats_annuels_ht_centimes") > seuil)
    return Rule(
        id=id,
        title=(
            "Schéma de promotion des achats socialement et écologiquement responsables (SPASER)"
            if seuil
            else "SPASER : pas d'obligation avant le décret n° 2015-90"
        ),
        topic=TOPIC_SPASER,
        sources=sources,
        validity=validity,
        when=when,
        then={"spaser": statut, "seuil_centimes": seuil},
        vigilance=vigilance,
        interpretations=interpretations,
    )


_SPASER_INTERP = (
    "« Supérieur à » : le montant annuel des achats doit dépasser strictement le seuil.",
    "Le montant est celui des achats annuels déclaré par l'acheteur (année précédente).",
)
_LOI_ESS = cite(LOI_ESS_2014, "686-709", article="13")
_D2111_3 = cite(CCP_REGLEMENTAIRE, article="D2111-3")
_L2111_3 = cite(CCP_LEGISLATIF, article="L2111-3")
_STATUT_LEGAL = (
    "Acheteur autre qu'une collectivité territoriale : le SPASER n'est obligatoire que si son "
    "statut est fixé par la loi (organisme de nature législative) ; à vérifier."
)

RULES: tuple[Rule, ...] = (
    _spaser(
        id="articles.spaser.obligation",
        validity=Validity(COUVERTURE_MARCHES, SPASER_DEBUT),
        seuil=None,
        acheteurs=_TOUS_ACHETEURS,
        statut="non_prevu",
        sources=(_LOI_ESS,),
        interpretations=(
            "L'obligation, créée par la loi du 31 juillet 2014, s'applique à partir du décret "
            "fixant le seuil (n° 2015-90 du 28 janvier 2015), daté ici du lendemain de sa "
            "publication présumée au JORF du 30 janvier 2015 (à vérifier).",
        ),
    ),
    _spaser(
        id="articles.spaser.obligation",
        validity=Validity(SPASER_DEBUT, SPASER_50M_DEBUT),
        seuil=SPASER_100M,
        acheteurs=("collectivite",),
        statut="obligatoire",
        sources=(_LOI_ESS, cite(DECRET_2015_90, "731-733"), _L2111_3),
        interpretations=_SPASER_INTERP,
    ),
    _spaser(
        id="articles.spaser.obligation",
        validity=Validity(SPASER_50M_DEBUT, SPASER_TOUS_ACHETEURS),
        seuil=SPASER_50M,
        acheteurs=("collectivite",),
        statut="obligatoire",
        sources=(_L2111_3, _D2111_3, cite(DECRET_2022_767, article="1er")),
        interpretations=_SPASER_INTERP,
    ),
    _spaser(
        id="articles.spaser.obligation",
        validity=Validity(SPASER_TOUS_ACHETEURS),
        seuil=SPASER_50M,
        acheteurs=_TOUS_ACHETEURS,
        statut="obligatoire",
        sources=(_L2111_3, _D2111_3, cite(LOI_INDUSTRIE_VERTE, article="29")),
        interpretations=(
            *_SPASER_INTERP,
            "Depuis la loi « industrie verte », tout acheteur au-dessus du seuil adopte un "
            "SPASER (éventuellement commun à plusieurs acheteurs).",
        ),
    ),
    _spaser(
        id="articles.spaser.statut-legal",
        validity=Validity(SPASER_DEBUT, SPASER_50M_DEBUT),
        seuil=SPASER_100M,
        acheteurs=_AUTRES_QUE_COLLECTIVITES,
        statut="a_verifier",
        sources=(_LOI_ESS, cite(DECRET_2015_90, "731-733"), _L2111_3),
        vigilance=(_STATUT_LEGAL,),
    ),
    _spaser(
        id="articles.spaser.statut-legal",
        validity=Validity(SPASER_50M_DEBUT, SPASER_TOUS_ACHETEURS),
        seuil=SPASER_50M,
        acheteurs=_AUTRES_QUE_COLLECTIVITES,
        statut="a_verifier",
        sources=(_L2111_3, _D2111_3),
        vigilance=(_STATUT_LEGAL,),
    ),
)
