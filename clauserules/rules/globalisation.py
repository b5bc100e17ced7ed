"""Globalisation (mutualisation) des heures d'insertion entre plusieurs marchés.

Deux rédactions d'une clause de CCAP s'opposent (IGAS, annexe 10) ; chacune est une
**variante** nommée du thème ``globalisation`` :

* ``ave-2014`` — texte du recueil des fondamentaux de l'AVE (003_7f42dc19c6252b60.txt:
  8240-8266) : l'entreprise demande au facilitateur, pendant l'exécution, dans le cadre
  territorial du facilitateur, pour une personne dont le facilitateur a vérifié
  l'éligibilité ;
* ``igas-2016`` — version alternative de la mission IGAS (8272-8290) : l'entreprise ou le
  facilitateur demande aux donneurs d'ordre, dans le même bassin d'emploi.

Dans les deux, la mesure doit être favorable au parcours, recueillir l'accord de tous les
maîtres d'ouvrage, être demandée avant la prise de poste, et l'entreprise s'engage à
réaliser l'ensemble des prestations (condition posée par la DAJ, 3760-3762, 8268-8270).
Chaque condition est une règle qui se déclenche quand elle est **remplie** ; la demande
est recevable quand toutes les règles en vigueur de la variante se sont déclenchées, et
les conditions non remplies sont celles qui ne l'ont pas été.

Faits (calculés par :mod:`clauserules.ledger`) : ``globalisation_prevue_ccap``,
``nb_marches``, ``nb_marches_autre_titulaire``, ``demandeur``, ``destinataire``,
``demande_pendant_execution``, ``engagement_execution``, ``favorable_parcours``,
``nb_maitres_ouvrage_sans_accord``, ``territoire_commun``, ``eligibilite_verifiee``,
``demande_avant_prise_poste`` ; pour la répartition : ``demande_recevable``.
"""

from __future__ import annotations

from datetime import date

from clauserules.core.expr import Expr, Fact
from clauserules.core.rulebase import Citation, Rule, Validity
from clauserules.rules.sources import cite
from clauserules.rules.sources.doctrine import AVE_RECUEIL_2014, DAJ_POSITION_2016, IGAS_2016
from clauserules.vocabulaire import CleRepartition, VarianteGlobalisation

TOPIC = "globalisation"
TOPIC_REPARTITION = "globalisation.repartition"


DEFAULT_CLE = CleRepartition.HEURES_DUES

AVE_VALIDITY = Validity(date(2014, 12, 1))
IGAS_VALIDITY = Validity(date(2016, 4, 18))

_AVE = VarianteGlobalisation.AVE_2014
_IGAS = VarianteGlobalisation.IGAS_2016
_DAJ = cite(DAJ_POSITION_2016, "3760-3762")


def _condition(
    variante: VarianteGlobalisation | None,
    name: str,
    title: str,
    when: Expr,
    sources: tuple[Citation, ...],
    *,
    interpretations: tuple[str, ...] = (),
    unmodelled: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=f"{TOPIC}.{variante.value}.{name}" if variante else f"{TOPIC}.{name}",
        title=title,
        topic=TOPIC,
        variant=variante.value if variante else None,
        sources=sources,
        validity=(AVE_VALIDITY if variante is None or variante is _AVE else IGAS_VALIDITY),
        when=when,
        then={"condition": name},
        interpretations=interpretations,
        unmodelled=unmodelled,
    )


PLUSIEURS_MARCHES = (Fact("nb_marches") >= 2) & Fact("nb_marches_autre_titulaire").eq(0)
ACCORD_TOUS = Fact("nb_maitres_ouvrage_sans_accord").eq(0)
INTERP_TITULAIRE = (
    "L'entreprise doit être titulaire de chacun des marchés : un marché dont le titulaire "
    "est renseigné et différent de l'entreprise fait échouer la condition ; un titulaire non "
    "renseigné n'est pas opposé."
)
INTERP_PRISE_POSTE = (
    "« Préalablement à la prise de poste » : la date de la demande est au plus tard le jour "
    "de la prise de poste (les dates n'ont pas d'heure) ; à défaut de date de prise de poste, "
    "celle de la première embauche de la personne (décision 0024)."
)
INTERP_TERRITOIRE = (
    "Les marchés sont sur le même territoire quand leurs champs territoire sont égaux ; si "
    "l'un manque, la déclaration meme_territoire de la demande est retenue."
)

COMMON: tuple[Rule, ...] = (
    _condition(
        None,
        "prevue-ccap",
        "La globalisation est écrite dans le CCAP de chacun des marchés, dans la même rédaction",
        Fact("globalisation_prevue_ccap").is_true(),
        (cite(IGAS_2016, "8233-8235"), cite(IGAS_2016, "1658-1659"), _DAJ),
        interpretations=(
            "« La mutualisation doit être écrite dans les pièces du marché » : chaque marché "
            "de la demande prévoit la globalisation (ave-2014 ou igas-2016), tous dans la "
            "même variante, qui est celle appliquée.",
        ),
    ),
)

AVE_RULES: tuple[Rule, ...] = (
    _condition(
        _AVE,
        "plusieurs-marches",
        "L'entreprise est attributaire d'au moins deux marchés clausés",
        PLUSIEURS_MARCHES,
        (cite(AVE_RECUEIL_2014, "8243-8245"),),
        interpretations=(INTERP_TITULAIRE,),
    ),
    _condition(
        _AVE,
        "demandeur",
        "La demande est faite par l'entreprise et adressée au facilitateur",
        Fact("demandeur").eq("entreprise") & Fact("destinataire").eq("facilitateur"),
        (cite(AVE_RECUEIL_2014, "8242-8244"), cite(AVE_RECUEIL_2014, "8253")),
    ),
    _condition(
        _AVE,
        "pendant-execution",
        "La demande est faite pendant l'exécution des marchés",
        Fact("demande_pendant_execution").is_true(),
        (cite(AVE_RECUEIL_2014, "8241-8242"),),
        interpretations=(
            "« À compter de l'attribution et pendant l'exécution » : la demande n'est pas "
            "postérieure à la fin d'exécution d'un des marchés ; la date d'attribution n'est "
            "pas une donnée d'entrée.",
        ),
        unmodelled=("La date d'attribution des marchés n'est pas contrôlée.",),
    ),
    _condition(
        _AVE,
        "engagement-execution",
        "L'entreprise s'engage à réaliser l'ensemble des prestations des marchés",
        Fact("engagement_execution").is_true(),
        (cite(AVE_RECUEIL_2014, "8246-8249"), cite(AVE_RECUEIL_2014, "8268-8270"), _DAJ),
    ),
    _condition(
        _AVE,
        "favorable-parcours",
        "La mesure est favorable au parcours du salarié en insertion",
        Fact("favorable_parcours").is_true(),
        (cite(AVE_RECUEIL_2014, "8256"),),
    ),
    _condition(
        _AVE,
        "accord-maitres-ouvrage",
        "La mesure recueille l'accord de chacun des maîtres d'ouvrage concernés",
        ACCORD_TOUS,
        (cite(AVE_RECUEIL_2014, "8257"), _DAJ),
    ),
    _condition(
        _AVE,
        "territoire",
        "La mesure s'applique dans le cadre territorial d'intervention du facilitateur",
        Fact("territoire_commun").is_true(),
        (cite(AVE_RECUEIL_2014, "8246"), cite(AVE_RECUEIL_2014, "8258")),
        interpretations=(INTERP_TERRITOIRE,),
    ),
    _condition(
        _AVE,
        "eligibilite-verifiee",
        "L'éligibilité de la personne a été vérifiée par le facilitateur",
        Fact("eligibilite_verifiee").is_true(),
        (cite(AVE_RECUEIL_2014, "8259-8261"),),
        interpretations=(
            "À défaut de mention dans la demande, l'éligibilité validée de la personne "
            "(eligibilite.validee) est retenue.",
        ),
    ),
    _condition(
        _AVE,
        "avant-prise-de-poste",
        "La demande est faite avant la prise de poste du salarié",
        Fact("demande_avant_prise_poste").is_true(),
        (cite(AVE_RECUEIL_2014, "8262-8263"),),
        interpretations=(INTERP_PRISE_POSTE,),
    ),
)

IGAS_RULES: tuple[Rule, ...] = (
    _condition(
        _IGAS,
        "plusieurs-marches",
        "L'entreprise est attributaire d'au moins deux marchés clausés",
        PLUSIEURS_MARCHES,
        (cite(IGAS_2016, "8274-8276"),),
        interpretations=(INTERP_TITULAIRE,),
    ),
    _condition(
        _IGAS,
        "demandeur",
        "La demande est faite par l'entreprise ou le facilitateur auprès des donneurs d'ordre",
        Fact("demandeur").one_of("entreprise", "facilitateur")
        & Fact("destinataire").eq("maitre_ouvrage"),
        (cite(IGAS_2016, "8274-8275"),),
    ),
    _condition(
        _IGAS,
        "engagement-execution",
        "L'entreprise s'engage à réaliser l'ensemble des prestations des marchés",
        Fact("engagement_execution").is_true(),
        (cite(IGAS_2016, "8277-8279"), _DAJ),
    ),
    _condition(
        _IGAS,
        "favorable-parcours",
        "La mesure est favorable au parcours du salarié en insertion",
        Fact("favorable_parcours").is_true(),
        (cite(IGAS_2016, "8284"),),
    ),
    _condition(
        _IGAS,
        "accord-maitres-ouvrage",
        "La mesure recueille l'accord de chacun des maîtres d'ouvrage concernés",
        ACCORD_TOUS,
        (cite(IGAS_2016, "8285"), _DAJ),
    ),
    _condition(
        _IGAS,
        "territoire",
        "Les marchés sont dans le même bassin d'emploi",
        Fact("territoire_commun").is_true(),
        (cite(IGAS_2016, "8277"),),
        interpretations=(INTERP_TERRITOIRE,),
    ),
    _condition(
        _IGAS,
        "avant-prise-de-poste",
        "La demande est faite avant la prise de poste du salarié",
        Fact("demande_avant_prise_poste").is_true(),
        (cite(IGAS_2016, "8286-8287"),),
        interpretations=(INTERP_PRISE_POSTE,),
    ),
)

REPARTITION_RULES: tuple[Rule, ...] = (
    Rule(
        id="globalisation.repartition",
        title="Les heures d'une demande recevable sont affectées à chacun des marchés à due "
        "proportion",
        topic=TOPIC_REPARTITION,
        sources=(cite(AVE_RECUEIL_2014, "8258-8266"), cite(IGAS_2016, "8285-8290")),
        validity=AVE_VALIDITY,
        when=Fact("demande_recevable").is_true(),
        then={
            "effet": "repartition",
            "cle_defaut": DEFAULT_CLE.value,
            "arrondi": "0.01",
            "methode": "plus_forts_restes",
        },
        interpretations=(
            "« À due proportion » n'est défini par aucune source : par défaut, chaque heure "
            "comptée est répartie entre les marchés de la demande dont l'exécution couvre ce "
            "jour, au prorata de leurs heures dues (autres clés : montant, parts égales) ; "
            "arrondi au centième d'heure par la méthode des plus forts restes pour que les "
            "parts s'additionnent exactement (décision 0020).",
            "Une heure compte d'abord selon les règles du marché sur lequel elle a été "
            "réalisée, puis est répartie.",
        ),
        vigilance=(
            "Une heure globalisée est répartie entre plusieurs marchés : elle ne doit pas "
            "être déclarée une seconde fois ailleurs (double compte).",
        ),
    ),
)

RULES: tuple[Rule, ...] = COMMON + AVE_RULES + IGAS_RULES + REPARTITION_RULES
