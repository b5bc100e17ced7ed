"""The wording of decision codes in the documents (a label never drives a branch).

These are the words of the RC, the CCAP and the record for the codes of the plan
(instrument kinds, statuses, motives, methods of the hours...); templates branch on the
codes, never on these texts.
"""

from __future__ import annotations

from clauserules.vocabulaire import Contrat, MotifException, Statut, TypeAcheteur, TypeInstrument

__all__ = [
    "ACHETEUR_LABELS",
    "CONTRAT_LABELS",
    "KIND_LABELS",
    "METHOD_LABELS",
    "MOTIF_LABELS",
    "PARAMETERS_OF_METHOD",
    "PARAMETER_LABELS",
    "RESERVATION_PUBLICS",
    "STATUS_LABELS",
]

KIND_LABELS = {kind.value: kind.libelle_document for kind in TypeInstrument}
"""Document wording of each instrument, from :attr:`TypeInstrument.libelle_document`."""
RESERVATION_PUBLICS = {
    "reserve_ea_esat": (
        "les entreprises adaptées, les établissements et services d'aide par le travail "
        "et les structures équivalentes"
    ),
    "reserve_siae": (
        "les structures d'insertion par l'activité économique et les structures équivalentes"
    ),
    "reserve_ea_esat_siae": (
        "les entreprises adaptées, les établissements et services d'aide par le travail, "
        "les structures d'insertion par l'activité économique et les structures équivalentes"
    ),
    "reserve_detenus": (
        "les opérateurs économiques qui exécutent le marché par une activité de production "
        "en établissement pénitentiaire employant des personnes détenues"
    ),
    "reserve_ess": (
        "les entreprises de l'économie sociale et solidaire et les structures équivalentes "
        "ayant pour objectif d'assumer une mission de service public liée aux services du lot"
    ),
}
STATUS_LABELS = {s.value: s.label for s in Statut}
METHOD_LABELS = {
    "main_oeuvre": "montant × part de main-d'œuvre ÷ coût horaire × taux d'insertion",
    "ratio_montant": "une heure par tranche de montant facturé",
}
MOTIF_LABELS = {m.value: m.libelle_document for m in MotifException}
CONTRAT_LABELS = {c.value: c.label for c in Contrat}
ACHETEUR_LABELS = {a.value: a.label for a in TypeAcheteur}
PARAMETER_LABELS = {
    "montant_estime_ht": "montant estimé HT",
    "part_main_oeuvre": "part de main-d'œuvre",
    "cout_horaire": "coût horaire",
    "taux_insertion": "taux d'insertion",
    "euros_par_heure": "montant facturé par heure d'insertion",
}
PARAMETERS_OF_METHOD = {
    "main_oeuvre": ("montant_estime_ht", "part_main_oeuvre", "cout_horaire", "taux_insertion"),
    "ratio_montant": ("montant_estime_ht", "euros_par_heure"),
}
