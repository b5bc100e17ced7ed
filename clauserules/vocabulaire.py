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

    @property
    def label(self) -> str:
        return _REFERENTIEL_LABELS[self]


_REFERENTIEL_LABELS = {
    Referentiel.AVE_2014: "AVE, recueil des fondamentaux (décembre 2014)",
    Referentiel.POLE_EMPLOI: "Pôle emploi / France Travail, liste interne",
    Referentiel.DAJ_2015: "Guide OEAP/DAJ (octobre 2015)",
    Referentiel.IGAS_2016: "IGAS, recommandation n° 1 (2016), catégories restreintes",
}


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
    """Allocation d'insertion (citée par la liste AVE)."""
    INVALIDITE = "invalidite"
    """Allocation ou pension d'invalidité."""
    ARE = "are"
    """Allocation d'aide au retour à l'emploi (demandeur d'emploi « indemnisé »)."""


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


class OrganismeAvis(StrEnum):
    """Who gave the « avis motivé » (or relais clause, or agrément) for a derogation."""

    FRANCE_TRAVAIL = "france_travail"
    MAISON_EMPLOI = "maison_emploi"
    PLIE = "plie"
    MISSION_LOCALE = "mission_locale"
    MDPH = "mdph"
    FACILITATEUR = "facilitateur"

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


class MotifException(StrEnum):
    """Legal motives for not including the mandatory social execution condition."""

    SOLUTION_IMMEDIATEMENT_DISPONIBLE = "solution_immediatement_disponible"
    LIEN_INSUFFISANT_OBJET = "lien_insuffisant_objet"
    RESTRICTION_CONCURRENCE_OU_DIFFICULTE_EXECUTION = (
        "restriction_concurrence_ou_difficulte_execution"
    )


class TypeAcheteur(StrEnum):
    """Kind of buyer (it selects the European threshold and the SPASER rules)."""

    ETAT = "etat"
    COLLECTIVITE = "collectivite"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    ETABLISSEMENT_SANTE = "etablissement_sante"
    BAILLEUR_SOCIAL = "bailleur_social"
    ENTITE_ADJUDICATRICE = "entite_adjudicatrice"
    AUTRE = "autre"


class Contrat(StrEnum):
    """Public contract (marché) or concession."""

    MARCHE = "marche"
    CONCESSION = "concession"


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
