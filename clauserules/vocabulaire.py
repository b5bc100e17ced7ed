"""The domain's closed lists: each enumeration owns its French labels.

Written once and used by the inputs, the rules, the plan, the documents, the CLI and the
docs. This module imports nothing from the package (bottom layer).
"""

from __future__ import annotations

from enum import StrEnum


class Referentiel(StrEnum):
    """The named lists of eligible publics (variants of the topic ``publics``)."""

    AVE_2014 = "ave-2014"
    POLE_EMPLOI = "pole-emploi"
    DAJ_2015 = "daj-2015"
    IGAS_2016 = "igas-2016"
    IAE_2021 = "iae-2021"

    @property
    def label(self) -> str:
        return _REFERENTIEL_LABELS[self]


_REFERENTIEL_LABELS = {
    Referentiel.AVE_2014: "AVE, recueil des fondamentaux (décembre 2014)",
    Referentiel.POLE_EMPLOI: "Pôle emploi / France Travail, liste interne",
    Referentiel.DAJ_2015: "Guide OEAP/DAJ (octobre 2015)",
    Referentiel.IGAS_2016: "IGAS, recommandation n° 1 (2016), catégories restreintes",
    Referentiel.IAE_2021: (
        "critères d'éligibilité à l'insertion par l'activité économique, "
        "arrêté du 1er septembre 2021, annexe 2"
    ),
}


class StructureIae(StrEnum):
    """Kinds of structure d'insertion par l'activité économique (threshold of the count)."""

    AI = "ai"
    ETTI = "etti"
    EI = "ei"
    ACI = "aci"
    EITI = "eiti"

    @property
    def label(self) -> str:
        return _STRUCTURE_IAE_LABELS[self]

    @property
    def criteres_niveau_2(self) -> int:
        """Level-2 criteria required without a level-1 one (arrêté du 1er septembre 2021)."""
        return 2 if self in (StructureIae.AI, StructureIae.ETTI) else 3


_STRUCTURE_IAE_LABELS = {
    StructureIae.AI: "association intermédiaire",
    StructureIae.ETTI: "entreprise de travail temporaire d'insertion",
    StructureIae.EI: "entreprise d'insertion",
    StructureIae.ACI: "atelier et chantier d'insertion",
    StructureIae.EITI: "entreprise d'insertion par le travail indépendant",
}


class ProtectionInternationale(StrEnum):
    """Status of a person under international or temporary protection, or asking for asylum."""

    REFUGIE = "refugie"
    PROTECTION_SUBSIDIAIRE = "protection_subsidiaire"
    PROTECTION_TEMPORAIRE = "protection_temporaire"
    DEMANDEUR_ASILE = "demandeur_asile"


class Critere(StrEnum):
    """Codes of the criteria a person can meet (the conclusion of a ``publics`` rule)."""

    DELD = "deld"
    RSA = "rsa"
    TRAVAILLEUR_HANDICAPE = "travailleur_handicape"
    MINIMA_SOCIAUX = "minima_sociaux"
    JEUNE = "jeune"
    SENIOR = "senior"
    IAE = "iae"
    DISPOSITIF_PARTICULIER = "dispositif_particulier"
    GEIQ = "geiq"
    DEROGATION = "derogation"
    # Criteria of the IAE (arrêté du 1er septembre 2021, annexe 2).
    ASS = "ass"
    AAH = "aah"
    DETLD = "detld"
    CAP_BEP = "cap_bep"
    SORTANT_ASE = "sortant_ase"
    PARENT_ISOLE = "parent_isole"
    SANS_HEBERGEMENT = "sans_hebergement"
    PROTECTION_INTERNATIONALE = "protection_internationale"
    RESIDENCE_ZRR = "residence_zrr"
    RESIDENCE_QPV = "residence_qpv"
    SOUS_MAIN_DE_JUSTICE = "sous_main_de_justice"
    FRANCAIS_INFERIEUR_A1 = "francais_inferieur_a1"
    PROBLEME_MOBILITE = "probleme_mobilite"
    DIAGNOSTIC_PRESCRIPTEUR = "diagnostic_prescripteur"

    @property
    def label(self) -> str:
        return _CRITERE_LABELS[self]


_CRITERE_LABELS = {
    Critere.DELD: "demandeur d'emploi de longue durée",
    Critere.RSA: "allocataire du RSA ou ayant droit",
    Critere.TRAVAILLEUR_HANDICAPE: "travailleur handicapé (obligation d'emploi, art. L5212-13 C. trav.)",
    Critere.MINIMA_SOCIAUX: "bénéficiaire d'un minimum social ou d'une allocation listée",
    Critere.JEUNE: "jeune",
    Critere.SENIOR: "demandeur d'emploi senior",
    Critere.IAE: "personne prise en charge par l'insertion par l'activité économique",
    Critere.DISPOSITIF_PARTICULIER: "personne prise en charge par un dispositif particulier (EPIDE, E2C)",
    Critere.GEIQ: "salarié d'un GEIQ",
    Critere.DEROGATION: "personne retenue par dérogation (avis motivé, relais clause, agrément)",
    Critere.ASS: "allocataire de l'ASS",
    Critere.AAH: "allocataire de l'AAH",
    Critere.DETLD: "demandeur d'emploi de très longue durée (24 mois d'inscription sur 36)",
    Critere.CAP_BEP: "niveau de qualification 3 (CAP, BEP) ou infra",
    Critere.SORTANT_ASE: "sortant de l'aide sociale à l'enfance",
    Critere.PARENT_ISOLE: "parent isolé",
    Critere.SANS_HEBERGEMENT: "personne sans hébergement, hébergée ou ayant un parcours de rue",
    Critere.PROTECTION_INTERNATIONALE: (
        "réfugié, protection subsidiaire ou temporaire, ou demandeur d'asile"
    ),
    Critere.RESIDENCE_ZRR: "résident d'une ZRR ou d'une ZFRR",
    Critere.RESIDENCE_QPV: "résident d'un quartier prioritaire de la politique de la ville",
    Critere.SOUS_MAIN_DE_JUSTICE: "sortant de détention ou personne placée sous main de justice",
    Critere.FRANCAIS_INFERIEUR_A1: "maîtrise de la langue française inférieure au niveau A1",
    Critere.PROBLEME_MOBILITE: "problème de mobilité",
    Critere.DIAGNOSTIC_PRESCRIPTEUR: "diagnostic d'éligibilité d'un prescripteur habilité",
}


class Allocation(StrEnum):
    """Allocations and minima sociaux a person receives."""

    RSA = "rsa"
    """Revenu de solidarité active."""
    ASS = "ass"
    """Allocation de solidarité spécifique."""
    AAH = "aah"
    """Allocation aux adultes handicapés."""
    ATA = "ata"
    """Allocation temporaire d'attente (supprimée depuis ; citée par la liste Pôle emploi)."""
    AI = "ai"
    """Allocation d'insertion, supprimée en 2006 (citée par la liste AVE de 2014, historique)."""
    INVALIDITE = "invalidite"
    """Allocation ou pension d'invalidité."""
    ARE = "are"
    """Allocation d'aide au retour à l'emploi (demandeur d'emploi « indemnisé »)."""
    ASP = "asp"
    """Allocation de sécurisation professionnelle (contrat de sécurisation professionnelle)."""
    ADA = "ada"
    """Allocation pour demandeur d'asile."""
    ALLOCATION_CEJ = "allocation_cej"
    """Allocation du contrat d'engagement jeune."""


class PriseEnCharge(StrEnum):
    """Structures or programmes that take charge of the person."""

    SIAE = "siae"
    """Structure d'insertion par l'activité économique, sans précision."""
    AI = "ai"
    """Association intermédiaire."""
    ETTI = "etti"
    """Entreprise de travail temporaire d'insertion."""
    EI = "ei"
    """Entreprise d'insertion."""
    ACI = "aci"
    """Atelier et chantier d'insertion."""
    REGIE_QUARTIER = "regie_quartier"
    """Régie de quartier agréée."""
    EPIDE = "epide"
    """Établissement pour l'insertion dans l'emploi (ex-défense deuxième chance)."""
    E2C = "e2c"
    """École de la deuxième chance."""
    GEIQ = "geiq"
    """Groupement d'employeurs pour l'insertion et la qualification."""
    EITI = "eiti"
    """Entreprise d'insertion par le travail indépendant (expérimentale)."""
    EA = "ea"
    """Entreprise adaptée."""
    ESAT = "esat"
    """Établissement et service d'accompagnement par le travail."""
    EATT = "eatt"
    """Entreprise adaptée de travail temporaire."""
    CDI_INCLUSION = "cdi_inclusion"
    """Salarié en CDI inclusion (personne de 57 ans et plus embauchée par une SIAE)."""
    PEC = "pec"
    """Parcours emploi compétences (contrat aidé)."""
    CEJ = "cej"
    """Contrat d'engagement jeune (mission locale ou France Travail)."""


class OrganismeAvis(StrEnum):
    """Who gave the « avis motivé » (or relais clause, or agrément) for a derogation."""

    FRANCE_TRAVAIL = "france_travail"
    MAISON_EMPLOI = "maison_emploi"
    PLIE = "plie"
    MISSION_LOCALE = "mission_locale"
    MDPH = "mdph"
    FACILITATEUR = "facilitateur"
    PRESCRIPTEUR_HABILITE = "prescripteur_habilite"
    SIAE = "siae"

    @property
    def label(self) -> str:
        """French complement naming the body: « du PLIE », « de la MDPH »."""
        return _ORGANISME_LABELS[self]


_ORGANISME_LABELS = {
    OrganismeAvis.FRANCE_TRAVAIL: "de France Travail (ex-Pôle emploi)",
    OrganismeAvis.MAISON_EMPLOI: "de la maison de l'emploi",
    OrganismeAvis.PLIE: "du PLIE",
    OrganismeAvis.MISSION_LOCALE: "de la mission locale",
    OrganismeAvis.MDPH: "de la MDPH",
    OrganismeAvis.FACILITATEUR: "du facilitateur de la clause",
    OrganismeAvis.PRESCRIPTEUR_HABILITE: "d'un prescripteur habilité (IAE)",
    OrganismeAvis.SIAE: "de la structure d'insertion (auto-prescription)",
}


class Regime(StrEnum):
    """The legal regimes, chosen by the launch date (and the type of contract)."""

    CMP_2006 = "cmp-2006"
    ORD_2015 = "ord-2015"
    CCP = "ccp"
    ORD_2016_65 = "ord-2016-65"

    @property
    def label(self) -> str:
        return _REGIME_LABELS[self]


_REGIME_LABELS = {
    Regime.CMP_2006: "Code des marchés publics 2006 (décret n° 2006-975 du 1er août 2006)",
    Regime.ORD_2015: (
        "Ordonnance n° 2015-899 du 23 juillet 2015 et décret n° 2016-360 du 25 mars 2016"
    ),
    Regime.CCP: "Code de la commande publique (depuis le 1er avril 2019)",
    Regime.ORD_2016_65: (
        "Ordonnance n° 2016-65 du 29 janvier 2016 et décret n° 2016-86 du 1er février 2016"
    ),
}


class TypeInstrument(StrEnum):
    """The insertion instruments a buyer can use on a lot."""

    CONDITION_EXECUTION = "condition_execution"
    CRITERE_ATTRIBUTION = "critere_attribution"
    RESERVE_EA_ESAT = "reserve_ea_esat"
    RESERVE_SIAE = "reserve_siae"
    RESERVE_EA_ESAT_SIAE = "reserve_ea_esat_siae"
    RESERVE_DETENUS = "reserve_detenus"
    RESERVE_ESS = "reserve_ess"
    MARCHE_INSERTION = "marche_insertion"
    AUTRE_CONDITION_SOCIALE = "autre_condition_sociale"
    """A social or employment execution condition other than insertion hours (L2112-2)."""

    @property
    def label(self) -> str:
        return _INSTRUMENT_LABELS[self]

    @property
    def libelle_document(self) -> str:
        """How the RC and the CCAP name the instrument (a capitalised heading or cell)."""
        return _INSTRUMENT_DOCUMENT_LABELS[self]


_INSTRUMENT_LABELS = {
    TypeInstrument.CONDITION_EXECUTION: "insertion comme condition d'exécution",
    TypeInstrument.CRITERE_ATTRIBUTION: "insertion comme critère d'attribution",
    TypeInstrument.RESERVE_EA_ESAT: "lot réservé aux entreprises adaptées et ESAT",
    TypeInstrument.RESERVE_SIAE: "lot réservé aux structures d'insertion par l'activité économique",
    TypeInstrument.RESERVE_EA_ESAT_SIAE: "lot réservé à la fois aux EA/ESAT et aux SIAE",
    TypeInstrument.RESERVE_DETENUS: "lot réservé aux opérateurs employant des personnes détenues",
    TypeInstrument.RESERVE_ESS: "lot réservé aux entreprises de l'ESS (services sociaux listés)",
    TypeInstrument.MARCHE_INSERTION: "insertion comme objet du marché (marché d'insertion)",
    TypeInstrument.AUTRE_CONDITION_SOCIALE: (
        "autre condition d'exécution sociale ou relative à l'emploi"
    ),
}

_INSTRUMENT_DOCUMENT_LABELS = {
    TypeInstrument.CONDITION_EXECUTION: (
        "Condition d'exécution à caractère social (clause d'insertion)"
    ),
    TypeInstrument.CRITERE_ATTRIBUTION: (
        "Critère d'attribution relatif à l'insertion professionnelle"
    ),
    TypeInstrument.RESERVE_EA_ESAT: "Lot réservé aux entreprises adaptées et ESAT",
    TypeInstrument.RESERVE_SIAE: (
        "Lot réservé aux structures d'insertion par l'activité économique"
    ),
    TypeInstrument.RESERVE_EA_ESAT_SIAE: "Lot réservé aux EA, ESAT et SIAE",
    TypeInstrument.RESERVE_DETENUS: ("Lot réservé aux opérateurs employant des personnes détenues"),
    TypeInstrument.RESERVE_ESS: "Lot réservé aux entreprises de l'économie sociale et solidaire",
    TypeInstrument.MARCHE_INSERTION: "Marché d'insertion et de qualification professionnelle",
    TypeInstrument.AUTRE_CONDITION_SOCIALE: (
        "Condition d'exécution à caractère social ou relative à l'emploi"
    ),
}


class NatureConditionSociale(StrEnum):
    """What a social or employment execution condition other than insertion hours is about."""

    APPRENTISSAGE_ALTERNANCE = "apprentissage_alternance"
    EMPLOI_PERSONNES_HANDICAPEES = "emploi_personnes_handicapees"
    QUALITE_STABILITE_EMPLOI = "qualite_stabilite_emploi"
    EGALITE_NON_DISCRIMINATION = "egalite_non_discrimination"
    CHAINE_APPROVISIONNEMENT = "chaine_approvisionnement"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return _NATURE_CONDITION_LABELS[self]


_NATURE_CONDITION_LABELS = {
    NatureConditionSociale.APPRENTISSAGE_ALTERNANCE: "recours à l'apprentissage ou à l'alternance",
    NatureConditionSociale.EMPLOI_PERSONNES_HANDICAPEES: "emploi de personnes handicapées",
    NatureConditionSociale.QUALITE_STABILITE_EMPLOI: "qualité et stabilité de l'emploi",
    NatureConditionSociale.EGALITE_NON_DISCRIMINATION: (
        "égalité professionnelle et lutte contre les discriminations"
    ),
    NatureConditionSociale.CHAINE_APPROVISIONNEMENT: (
        "conditions de travail dans la chaîne d'approvisionnement"
    ),
    NatureConditionSociale.AUTRE: "autre considération sociale ou relative à l'emploi",
}


class Statut(StrEnum):
    """Status of an instrument for a lot (law, then recommendation policy)."""

    OBLIGATOIRE = "obligatoire"
    RECOMMANDE = "recommande"
    AUTORISE = "autorise"
    INTERDIT = "interdit"

    @property
    def label(self) -> str:
        return _STATUT_LABELS[self]


_STATUT_LABELS = {
    Statut.OBLIGATOIRE: "obligatoire",
    Statut.RECOMMANDE: "recommandé",
    Statut.AUTORISE: "autorisé",
    Statut.INTERDIT: "interdit",
}


class MotifException(StrEnum):
    """Legal motives for not including the mandatory social execution condition."""

    SOLUTION_IMMEDIATEMENT_DISPONIBLE = "solution_immediatement_disponible"
    LIEN_INSUFFISANT_OBJET = "lien_insuffisant_objet"
    RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION = (
        "restriction_concurrence_ou_difficulte_execution"
    )

    @property
    def label(self) -> str:
        """Short name of the motive, as the buyer writes it in a list."""
        return _MOTIF_EXCEPTION_LABELS[self][0]

    @property
    def libelle_document(self) -> str:
        """The motive as a clause of a sentence (« … parce que <libellé> »)."""
        return _MOTIF_EXCEPTION_LABELS[self][1]


_MOTIF_EXCEPTION_LABELS = {
    MotifException.SOLUTION_IMMEDIATEMENT_DISPONIBLE: (
        "le besoin peut être satisfait par une solution immédiatement disponible",
        "le besoin peut être satisfait par une solution immédiatement disponible",
    ),
    MotifException.LIEN_INSUFFISANT_OBJET: (
        "lien insuffisant avec l'objet du contrat",
        "une telle condition ne présenterait pas un lien suffisant avec l'objet du contrat",
    ),
    MotifException.RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION: (
        "restriction de la concurrence ou difficulté d'exécution",
        "une telle condition restreindrait la concurrence ou rendrait l'exécution "
        "techniquement ou économiquement difficile",
    ),
}


class TypeAcheteur(StrEnum):
    """Kind of buyer (it selects the European threshold and the SPASER rules)."""

    ETAT = "etat"
    COLLECTIVITE = "collectivite"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    ETABLISSEMENT_SANTE = "etablissement_sante"
    BAILLEUR_SOCIAL = "bailleur_social"
    ENTITE_ADJUDICATRICE = "entite_adjudicatrice"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return _ACHETEUR_LABELS[self]


_ACHETEUR_LABELS = {
    TypeAcheteur.ETAT: "État",
    TypeAcheteur.COLLECTIVITE: "collectivité territoriale",
    TypeAcheteur.ETABLISSEMENT_PUBLIC: "établissement public",
    TypeAcheteur.ETABLISSEMENT_SANTE: "établissement de santé",
    TypeAcheteur.BAILLEUR_SOCIAL: "bailleur social",
    TypeAcheteur.ENTITE_ADJUDICATRICE: "entité adjudicatrice",
    TypeAcheteur.AUTRE: "acheteur public",
}


class Contrat(StrEnum):
    """Public contract (marché) or concession."""

    MARCHE = "marche"
    CONCESSION = "concession"

    @property
    def label(self) -> str:
        return "marché public" if self is Contrat.MARCHE else "contrat de concession"


class TechniqueAchat(StrEnum):
    """How the need is bought: one ordinary contract, or a framework agreement (accord-cadre)."""

    ORDINAIRE = "ordinaire"
    ACCORD_CADRE = "accord_cadre"

    @property
    def label(self) -> str:
        return "accord-cadre" if self is TechniqueAchat.ACCORD_CADRE else "marché ordinaire"


class ModaliteAccordCadre(StrEnum):
    """How a framework agreement is executed (CCP R2162-2)."""

    BONS_DE_COMMANDE = "bons_de_commande"
    MARCHES_SUBSEQUENTS = "marches_subsequents"

    @property
    def label(self) -> str:
        return (
            "bons de commande"
            if self is ModaliteAccordCadre.BONS_DE_COMMANDE
            else "marchés subséquents"
        )


class BaseMontants(StrEnum):
    """What the minimum, maximum and estimate of a framework agreement's lot cover."""

    DUREE_TOTALE = "duree_totale"
    """The whole duration, renewals included."""
    PERIODE = "periode"
    """One period (the initial period, then each renewal of the same length)."""


class NatureAchat(StrEnum):
    """Nature of the purchase."""

    TRAVAUX = "travaux"
    FOURNITURES = "fournitures"
    SERVICES = "services"
    PRESTATIONS_INTELLECTUELLES = "prestations_intellectuelles"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class FinancementAnru(StrEnum):
    """Funding by the ANRU (urban renewal)."""

    AUCUN = "aucun"
    INVESTISSEMENT = "investissement"
    GESTION_URBAINE_PROXIMITE = "gestion_urbaine_proximite"


class ProgrammeAnru(StrEnum):
    """The urban-renewal programme whose charter governs an ANRU-funded operation."""

    PNRU = "pnru"
    """Programme national de rénovation urbaine (charte de 2005)."""
    NPNRU = "npnru"
    """Nouveau programme national de renouvellement urbain (charte de 2014)."""


class CategorieSeuil(StrEnum):
    """Catégories de seuils européens (avis annexé au CCP)."""

    FCS_CENTRAL = "fcs_central"
    """Fournitures et services des autorités publiques centrales (État)."""
    FCS_AUTRES = "fcs_autres"
    """Fournitures et services des autres pouvoirs adjudicateurs."""
    FCS_EA_DEFENSE = "fcs_ea_defense"
    """Fournitures et services des entités adjudicatrices ; marchés de défense ou de sécurité."""
    TRAVAUX_CONCESSIONS = "travaux_concessions"
    """Travaux (tous acheteurs) et contrats de concession."""
    SERVICES_SOCIAUX = "services_sociaux"
    """Services sociaux et autres services spécifiques (pouvoirs adjudicateurs)."""
    SERVICES_SOCIAUX_EA = "services_sociaux_ea"
    """Services sociaux et autres services spécifiques (entités adjudicatrices)."""

    @property
    def label(self) -> str:
        return _SEUIL_LABELS[self]


_SEUIL_LABELS = {
    CategorieSeuil.FCS_CENTRAL: "fournitures et services, autorités publiques centrales",
    CategorieSeuil.FCS_AUTRES: "fournitures et services, autres pouvoirs adjudicateurs",
    CategorieSeuil.FCS_EA_DEFENSE: "fournitures et services, entités adjudicatrices ou défense et sécurité",
    CategorieSeuil.TRAVAUX_CONCESSIONS: "travaux et contrats de concession",
    CategorieSeuil.SERVICES_SOCIAUX: "services sociaux et autres services spécifiques",
    CategorieSeuil.SERVICES_SOCIAUX_EA: "services sociaux et autres services spécifiques, entités adjudicatrices",
}


class LienEmployeur(StrEnum):
    """Link between the person's employer and the holder of the market."""

    TITULAIRE = "titulaire"
    """The holder (or a member of the holding groupement) employs the person."""
    SOUS_TRAITANT = "sous_traitant"
    COTRAITANT = "cotraitant"
    MISE_A_DISPOSITION = "mise_a_disposition"
    """Placement by an ETTI, AI, GEIQ or temporary agency."""

    @property
    def label(self) -> str:
        return {
            "titulaire": "titulaire",
            "sous_traitant": "sous-traitant",
            "cotraitant": "cotraitant",
            "mise_a_disposition": "mise à disposition",
        }[self.value]


class TypeContrat(StrEnum):
    """Types of employment contract of a person hired under a clause."""

    CDD = "cdd"
    CDI = "cdi"
    CDDI = "cddi"
    INTERIM = "interim"
    CTTI = "ctti"
    CONTRAT_PROFESSIONNALISATION = "contrat_professionnalisation"
    APPRENTISSAGE = "apprentissage"
    CIPI = "cipi"
    CDPI = "cdpi"
    MISE_A_DISPOSITION = "mise_a_disposition"


class VarianteGlobalisation(StrEnum):
    """The named texts of the globalisation clause (variants of the topic)."""

    AVE_2014 = "ave-2014"
    IGAS_2016 = "igas-2016"

    @property
    def label(self) -> str:
        return _VARIANTE_LABELS[self]


_VARIANTE_LABELS = {
    VarianteGlobalisation.AVE_2014: "texte du recueil des fondamentaux de l'AVE (2014)",
    VarianteGlobalisation.IGAS_2016: "version alternative de la mission IGAS (2016)",
}


class CleRepartition(StrEnum):
    """Keys of the allocation « à due proportion » (the seeds do not define it)."""

    HEURES_DUES = "heures_dues"
    MONTANT = "montant"
    PARTS_EGALES = "parts_egales"


class MotifDifficulte(StrEnum):
    """Why the contractor's insertion hours are prorated."""

    CHOMAGE_PARTIEL = "chomage_partiel"
    LICENCIEMENT_ECONOMIQUE = "licenciement_economique"


class GlobalisationCCAP(StrEnum):
    """Which globalisation clause the market's CCAP contains, if any."""

    AUCUNE = "aucune"
    AVE_2014 = VarianteGlobalisation.AVE_2014.value
    IGAS_2016 = VarianteGlobalisation.IGAS_2016.value


class Demandeur(StrEnum):
    ENTREPRISE = "entreprise"
    FACILITATEUR = "facilitateur"


class Destinataire(StrEnum):
    FACILITATEUR = "facilitateur"
    MAITRE_OUVRAGE = "maitre_ouvrage"
