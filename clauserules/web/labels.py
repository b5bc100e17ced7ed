"""French wording of the fields and codes shown in the forms (wording only, never a branch).

A field or a code missing here is still shown, with a label made from its name, so that a
new field of the library appears in the forms before it is worded here.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from clauserules import Critere, Referentiel
from clauserules.web import _compat

FIELDS: dict[str, str] = {
    # Personne
    "Personne.id": "Identifiant de la personne (facultatif)",
    "Personne.date_naissance": "Date de naissance",
    "Personne.inscription_france_travail": "Inscription à France Travail (ex-Pôle emploi)",
    "Personne.allocations": "Allocations et minima sociaux perçus",
    "Personne.ayant_droit_rsa": "Ayant droit d'un allocataire du RSA",
    "Personne.obligation_emploi": "Bénéficiaire de l'obligation d'emploi (RQTH…)",
    "Personne.orientation_milieu_ordinaire": "Orientée vers le milieu ordinaire de travail",
    "Personne.niveau_qualification": "Niveau de qualification (nomenclature 2019, 3 = CAP/BEP)",
    "Personne.sortie_formation_initiale": "Date de sortie de formation initiale",
    "Personne.prise_en_charge": "Prise en charge par une structure",
    "Personne.residence_qpv": "Réside dans un quartier prioritaire (QPV)",
    "Personne.avis_motive": "Avis motivé (dérogation) ou diagnostic d'éligibilité à l'IAE",
    "Personne.inscriptions": "Inscriptions passées à France Travail",
    "Personne.sortie_ase": "Date de sortie de l'aide sociale à l'enfance",
    "Personne.parent_isole": "Parent isolé",
    "Personne.sans_hebergement": "Sans hébergement, hébergée ou parcours de rue",
    "Personne.protection_internationale": "Réfugiée, protection subsidiaire ou temporaire, demandeuse d'asile",
    "Personne.residence_zrr": "Réside en zone de revitalisation rurale (ZRR / ZFRR)",
    "Personne.sous_main_de_justice": "Placée sous main de justice",
    "Personne.sortie_detention": "Date de sortie de détention",
    "Personne.francais_inferieur_a1": "Maîtrise du français inférieure au niveau A1",
    "Personne.probleme_mobilite": "Problème de mobilité",
    "InscriptionFranceTravail.depuis": "Inscrite depuis le",
    "InscriptionFranceTravail.categorie": "Catégorie d'inscription (1 à 8)",
    "InscriptionFranceTravail.automatique": "Inscription automatique (RSA, CEJ, Cap emploi, depuis 2025)",
    "AvisMotive.organisme": "Organisme qui a donné l'avis",
    "AvisMotive.date": "Date de l'avis",
    # Consultation
    "Consultation.acheteur": "Acheteur",
    "Acheteur.nom": "Nom de l'acheteur",
    "Acheteur.type": "Type d'acheteur",
    "Acheteur.achats_annuels_ht": "Montant annuel des achats (€ HT)",
    "Consultation.objet": "Objet de la consultation",
    "Consultation.contrat": "Type de contrat",
    "Consultation.nature": "Nature de l'achat",
    "Consultation.date_lancement": "Date de lancement",
    "Consultation.duree_mois": "Durée du contrat (mois)",
    "Consultation.defense_securite": "Marché de défense ou de sécurité",
    "Consultation.services_sociaux_specifiques": "Services sociaux et autres services spécifiques",
    "Consultation.financement_anru": "Financement ANRU",
    "Consultation.facilitateur": "Facilitateur de la clause (facultatif)",
    "Facilitateur.nom": "Nom du facilitateur",
    "Facilitateur.contact": "Contact du facilitateur",
    "Facilitateur.consentement_publication": "Consent à la publication de ses coordonnées",
    "Consultation.referentiel_publics": "Liste des publics éligibles",
    "Consultation.publics_prioritaires": "Publics prioritaires de l'acheteur",
    "Consultation.valeur_estimee_ht": "Valeur estimée du contrat (€ HT, options comprises)",
    "Lot.id": "Numéro du lot",
    "Lot.intitule": "Intitulé du lot",
    "Lot.montant_estime_ht": "Montant estimé (€ HT)",
    "Lot.part_main_oeuvre": "Part de main-d'œuvre (ex. 0,4)",
    "Lot.cout_horaire": "Coût horaire de la main-d'œuvre (€/h)",
    "Lot.taux_insertion": "Taux d'heures d'insertion (ex. 0,05)",
    "Lot.euros_par_heure": "Ou : une heure d'insertion par tranche de (€)",
    "Lot.preferences": "Instruments envisagés",
    "Lot.poids_critere": "Poids du critère d'insertion (ex. 0,15)",
    "Lot.exception_obligation_sociale": "Exception à la condition d'exécution sociale obligatoire",
    "ExceptionObligationSociale.motif": "Motif de l'exception",
    "ExceptionObligationSociale.justification": "Justification écrite",
}

HINTS: dict[str, str] = {
    "Personne.inscription_france_travail": "« Non inscrite » si l'on sait qu'elle ne l'est pas.",
    "Personne.allocations": "Cocher « renseigné » et aucune case si elle n'en perçoit aucune.",
    "Personne.prise_en_charge": "Cocher « renseigné » et aucune case s'il n'y en a aucune.",
    "Personne.inscriptions": (
        "Une période par ligne : début, fin, catégorie facultative (2024-01-15 2024-09-30 1)."
    ),
    "Lot.part_main_oeuvre": "Vide : valeur par défaut selon la nature de l'achat.",
    "Lot.cout_horaire": "Vide : valeur par défaut datée.",
    "Lot.taux_insertion": "Vide : valeur par défaut datée.",
    "Consultation.valeur_estimee_ht": "Vide : somme des montants des lots.",
}

TEXTAREAS = frozenset({"ExceptionObligationSociale.justification", "Consultation.objet"})

GROUPS_PERSONNE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Situation", ("id", "date_naissance", "niveau_qualification", "sortie_formation_initiale")),
    ("Inscription", ("inscription_france_travail", "inscriptions")),
    ("Allocations", ("allocations", "ayant_droit_rsa")),
    ("Accompagnement", ("prise_en_charge", "obligation_emploi", "orientation_milieu_ordinaire")),
    ("Résidence", ("residence_qpv", "residence_zrr")),
    (
        "Situation personnelle (critères de l'IAE)",
        (
            "sortie_ase",
            "parent_isole",
            "sans_hebergement",
            "protection_internationale",
            "sous_main_de_justice",
            "sortie_detention",
            "francais_inferieur_a1",
            "probleme_mobilite",
        ),
    ),
    ("Dérogation", ("avis_motive",)),
)

ALLOCATIONS = {
    "rsa": "RSA (revenu de solidarité active)",
    "ass": "ASS (allocation de solidarité spécifique)",
    "aah": "AAH (allocation aux adultes handicapés)",
    "ata": "ATA (allocation temporaire d'attente)",
    "ai": "AI (allocation d'insertion, supprimée en 2006)",
    "invalidite": "Allocation ou pension d'invalidité",
    "are": "ARE (aide au retour à l'emploi)",
    "asp": "ASP (allocation de sécurisation professionnelle)",
    "ada": "ADA (allocation pour demandeur d'asile)",
    "allocation_cej": "Allocation du contrat d'engagement jeune",
}
PRISES_EN_CHARGE = {
    "siae": "SIAE (sans précision)",
    "ai": "Association intermédiaire",
    "etti": "Entreprise de travail temporaire d'insertion",
    "ei": "Entreprise d'insertion",
    "aci": "Atelier et chantier d'insertion",
    "regie_quartier": "Régie de quartier",
    "epide": "EPIDE",
    "e2c": "École de la deuxième chance",
    "geiq": "GEIQ",
    "eiti": "Entreprise d'insertion par le travail indépendant",
    "ea": "Entreprise adaptée",
    "esat": "ESAT",
    "eatt": "Entreprise adaptée de travail temporaire",
    "cdi_inclusion": "CDI inclusion",
    "pec": "Parcours emploi compétences",
    "cej": "Contrat d'engagement jeune",
}
ORGANISMES = {
    "france_travail": "France Travail (ex-Pôle emploi)",
    "maison_emploi": "Maison de l'emploi",
    "plie": "PLIE",
    "mission_locale": "Mission locale",
    "mdph": "MDPH",
    "facilitateur": "Facilitateur de la clause",
    "prescripteur_habilite": "Prescripteur habilité (diagnostic IAE)",
    "siae": "Structure d'insertion (auto-prescription)",
}
ANRU = {
    "aucun": "Aucun",
    "investissement": "Investissement (NPNRU)",
    "gestion_urbaine_proximite": "Gestion urbaine de proximité",
}
SPASER = {
    "obligatoire": "obligatoire",
    "non_obligatoire": "non obligatoire",
    "a_verifier": "à vérifier",
    "non_prevu": "non prévu à cette date",
    "indetermine": "indéterminé",
}
OBLIGATION = {
    "obligatoire": "La condition d'exécution sociale est obligatoire pour ce lot.",
    "exception": "La condition d'exécution sociale obligatoire est écartée par une exception motivée.",
    "non_applicable": "La condition d'exécution sociale obligatoire ne s'applique pas à ce lot.",
}
OUTCOMES = {"eligible": "Éligible", "non_eligible": "Non éligible", "indetermine": "Indéterminé"}
PARAMETERS = {
    "montant_estime_ht": "Montant estimé (€ HT)",
    "part_main_oeuvre": "Part de main-d'œuvre",
    "cout_horaire": "Coût horaire (€/h)",
    "taux_insertion": "Taux d'insertion",
    "euros_par_heure": "Une heure par (€)",
}
GLOBALISATION = {
    "ave-2014": "Globalisation selon l'AVE (2014)",
    "igas-2016": "Globalisation selon l'IGAS (2016)",
    "aucune": "Pas de globalisation",
}
CLES = {
    "heures_dues": "à proportion des heures dues",
    "montant": "à proportion du montant des marchés",
    "parts_egales": "à parts égales",
}


def _enum_labels(kind: type[Enum]) -> dict[str, str]:
    by_name: dict[str, dict[str, str]] = {
        "Allocation": ALLOCATIONS,
        "PriseEnCharge": PRISES_EN_CHARGE,
        "OrganismeAvis": ORGANISMES,
        "FinancementAnru": ANRU,
        "TypeAcheteur": {k: v[0].upper() + v[1:] for k, v in _compat.ACHETEUR_LABELS.items()},
        "Contrat": {k: v[0].upper() + v[1:] for k, v in _compat.CONTRAT_LABELS.items()},
        "NatureAchat": {n.value: n.label[0].upper() + n.label[1:] for n in _compat.NatureAchat},
        "TypeInstrument": _compat.KIND_LABELS,
        "MotifException": {k: v[0].upper() + v[1:] for k, v in _compat.MOTIF_LABELS.items()},
    }
    return by_name.get(kind.__name__, {})


def choice(kind: type[Enum], member: Enum) -> str:
    """The French label of a code of an enumeration."""
    if kind is Critere or kind is Referentiel:
        text = str(getattr(member, "label", member.value))
        return text[0].upper() + text[1:]
    found = _enum_labels(kind).get(str(member.value))
    if found:
        return found
    return humanise(str(member.value))


def humanise(name: str) -> str:
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def field(model: type[BaseModel], name: str) -> str:
    return FIELDS.get(f"{model.__name__}.{name}") or humanise(name)


def hint(model: type[BaseModel], name: str, constraints: dict[str, Any]) -> str:
    return HINTS.get(f"{model.__name__}.{name}", "")
