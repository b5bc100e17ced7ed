"""Legal texts cited by the rules: codes, laws, ordonnances, decrees, threshold notices.

Code des marchés publics 2006, ordonnances n° 2015-899 and n° 2016-65 and their decrees, the
Code de la commande publique, the laws that changed it (ESS, ASAP, Climat et résilience,
industrie verte), the code du travail and the code de procédure civile, and the European
thresholds of each two-year period. Articles are cited with
:func:`clauserules.rules.sources.cite` (``article=``); when a text is quoted by a seed file of
``shared/seeds/``, the source names the file and the citation its lines. Points not checked on
Légifrance are said in ``note`` (the remaining uncertainties are listed in decision 0054).
"""

from __future__ import annotations

from datetime import date

from clauserules.core.rulebase import Nature, Source
from clauserules.rules.sources._seeds import SEED_IGAS

__all__ = [
    "ARRETE_IAE_2021",
    "ARRETE_IAE_2025",
    "CCP_LEGISLATIF",
    "CCP_REGLEMENTAIRE",
    "CMP_2006",
    "CODE_PROCEDURE_CIVILE",
    "CODE_TRAVAIL",
    "DECRET_2015_90",
    "DECRET_2016_86",
    "DECRET_2016_360",
    "DECRET_2022_767",
    "DECRET_2022_1683",
    "DECRET_NOMENCLATURE_2019",
    "LOI_ASAP",
    "LOI_CLIMAT_RESILIENCE",
    "LOI_ESS_2014",
    "LOI_INDUSTRIE_VERTE",
    "LOI_PLEIN_EMPLOI",
    "ORD_2015_899",
    "ORD_2016_65",
    "ORD_2022_1336",
    "SEUILS_2016_2017",
    "SEUILS_2018_2019",
    "SEUILS_2020_2021",
    "SEUILS_2022_2023",
    "SEUILS_2024_2025",
    "SEUILS_2026_2027",
    "SOURCES",
]

CMP_2006 = Source(
    id="cmp-2006",
    title="Code des marchés publics (décret n° 2006-975 du 1er août 2006)",
    nature=Nature.DECRET,
    date=date(2006, 8, 1),
    seed=SEED_IGAS,
    note=(
        "En vigueur le 1er septembre 2006 pour les consultations engagées à compter de cette "
        "date (décret n° 2006-975, art. 8) ; abrogé au 1er avril 2016 (ord. n° 2015-899, art. 102)."
    ),
)

ORD_2015_899 = Source(
    id="ord-2015-899",
    title="Ordonnance n° 2015-899 du 23 juillet 2015 relative aux marchés publics",
    nature=Nature.ORDONNANCE,
    date=date(2015, 7, 23),
    seed=SEED_IGAS,
    note="Applicable aux consultations engagées du 1er avril 2016 au 31 mars 2019.",
)

DECRET_2016_360 = Source(
    id="decret-2016-360",
    title="Décret n° 2016-360 du 25 mars 2016 relatif aux marchés publics",
    nature=Nature.DECRET,
    date=date(2016, 3, 25),
    seed=SEED_IGAS,
    note="Numérotation des art. 13 et 28 non vérifiée sur Légifrance.",
)

ORD_2016_65 = Source(
    id="ord-2016-65",
    title="Ordonnance n° 2016-65 du 29 janvier 2016 relative aux contrats de concession",
    nature=Nature.ORDONNANCE,
    date=date(2016, 1, 29),
    seed=SEED_IGAS,
    note=(
        "Applicable aux concessions engagées du 1er avril 2016 au 31 mars 2019 ; art. 33 et 47 "
        "attestés par l'IGAS, numérotation des articles de réservation non vérifiée sur Légifrance."
    ),
)

DECRET_2016_86 = Source(
    id="decret-2016-86",
    title="Décret n° 2016-86 du 1er février 2016 relatif aux contrats de concession",
    nature=Nature.DECRET,
    date=date(2016, 2, 1),
)

CCP_LEGISLATIF = Source(
    id="ccp-l",
    title="Code de la commande publique, partie législative",
    nature=Nature.LOI,
    date=date(2019, 4, 1),
    url="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019/",
    note="Ordonnance n° 2018-1074 du 26 novembre 2018 ; consultations engagées depuis le 1er avril 2019.",
)

CCP_REGLEMENTAIRE = Source(
    id="ccp-r",
    title="Code de la commande publique, partie réglementaire",
    nature=Nature.DECRET,
    date=date(2019, 4, 1),
    url="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019/",
    note="Décret n° 2018-1075 du 3 décembre 2018 ; consultations engagées depuis le 1er avril 2019.",
)

LOI_ASAP = Source(
    id="loi-2020-1525",
    title=(
        "Loi n° 2020-1525 du 7 décembre 2020 d'accélération et de simplification de l'action "
        "publique (ASAP)"
    ),
    nature=Nature.LOI,
    date=date(2020, 12, 7),
    url="https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000042619877",
    note=(
        "Publiée au JORF n° 0296 du 8 décembre 2020 ; sans date d'effet propre, la disposition "
        "s'applique le lendemain de la publication, le 9 décembre 2020 (art. 1er C. civ.)."
    ),
)

ORD_2022_1336 = Source(
    id="ord-2022-1336",
    title=(
        "Ordonnance n° 2022-1336 du 19 octobre 2022 (réservation aux opérateurs employant des "
        "personnes détenues, art. L2113-13-1 et L3113-2-1 CCP)"
    ),
    nature=Nature.ORDONNANCE,
    date=date(2022, 10, 19),
    url="https://legal.tricoteuses.fr/articles/LEGIARTI000046449697",
    note=(
        "Publiée au JORF n° 0244 du 20 octobre 2022 ; sans date d'effet propre, elle s'applique "
        "le lendemain, le 21 octobre 2022 (art. 1er C. civ.)."
    ),
)

DECRET_2022_1683 = Source(
    id="decret-2022-1683",
    title=(
        "Décret n° 2022-1683 du 28 décembre 2022 portant diverses modifications du code de la "
        "commande publique"
    ),
    nature=Nature.DECRET,
    date=date(2022, 12, 28),
    url="https://ma-veille-juridique.com/decret-n-2022-1683-du-28-decembre-2022-portant-diverses-modifications-du-code-de-la-commande-publique/",
    note=(
        "Pris pour l'application des art. L2113-13-1 et L3113-2-1 : fixe la proportion minimale "
        "de personnes détenues (art. R2113-7), pour les consultations lancées à compter du 1er "
        "janvier 2023."
    ),
)

LOI_CLIMAT_RESILIENCE = Source(
    id="loi-2021-1104",
    title="Loi n° 2021-1104 du 22 août 2021 « Climat et résilience »",
    nature=Nature.LOI,
    date=date(2021, 8, 22),
    url="https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000043956924",
    note=(
        "Art. 35 : crée les art. L2112-2-1 et L3114-2-1 CCP et modifie L2112-2 et L3114-2 "
        "(condition environnementale), « à une date fixée par décret, et au plus tard cinq ans "
        "après la promulgation », soit au plus tard le 22 août 2026 (lecture de la fiche de la "
        "DAJ de Bercy sur les points clés de la loi, rapportée par achatpublic.info) ; le décret "
        "n° 2022-767 ne date au 21 août 2026 que ses propres articles."
    ),
)

DECRET_2022_767 = Source(
    id="decret-2022-767",
    title="Décret n° 2022-767 du 2 mai 2022 (seuil du SPASER, mesures de la loi Climat et résilience)",
    nature=Nature.DECRET,
    date=date(2022, 5, 2),
    note="Art. 1er (seuil de 50 M€, art. D2111-3 CCP) en vigueur le 1er janvier 2023.",
)

DECRET_2015_90 = Source(
    id="decret-2015-90",
    title="Décret n° 2015-90 du 28 janvier 2015 (seuil de 100 M€ du schéma de promotion des achats)",
    nature=Nature.DECRET,
    date=date(2015, 1, 28),
    seed=SEED_IGAS,
)

LOI_ESS_2014 = Source(
    id="loi-2014-856",
    title="Loi n° 2014-856 du 31 juillet 2014 relative à l'économie sociale et solidaire",
    nature=Nature.LOI,
    date=date(2014, 7, 31),
    seed=SEED_IGAS,
)

LOI_INDUSTRIE_VERTE = Source(
    id="loi-2023-973",
    title="Loi n° 2023-973 du 23 octobre 2023 relative à l'industrie verte",
    nature=Nature.LOI,
    date=date(2023, 10, 23),
    note="SPASER étendu à tout acheteur au-dessus du seuil ; texte final de l'art. 29 à lire sur Légifrance.",
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

# --- Seuils européens (one source per two-year period) ---------------------------------


def _seuils(period: str, reglements: str, note: str) -> Source:
    return Source(
        id=f"seuils-europeens.{period}",
        title=f"Seuils européens {period} (avis annexé au CCP ; {reglements})",
        nature=Nature.DECRET,
        note=note,
    )


_VERIFIED = (
    "Valeurs vérifiées pour chaque catégorie par l'audit juridique de novembre 2026 "
    "(docs/decisions/0053-citations-et-valeurs-par-defaut.md)."
)

SEUILS_2016_2017 = _seuils("2016-2017", "règlements délégués (UE) 2015/2170 à 2015/2172", _VERIFIED)

SEUILS_2018_2019 = _seuils("2018-2019", "règlements délégués (UE) 2017/2364 à 2017/2367", _VERIFIED)

SEUILS_2020_2021 = _seuils("2020-2021", "règlements délégués (UE) 2019/1827 à 2019/1830", _VERIFIED)

SEUILS_2022_2023 = _seuils(
    "2022-2023",
    "règlements délégués (UE) 2021/1950 à 2021/1953",
    "215 000 € et 5 382 000 € trouvés (gestionnaire03.fr) ; 140 000 € et 431 000 € vérifiés par "
    "l'audit juridique de novembre 2026 (docs/decisions/0053-citations-et-valeurs-par-defaut.md).",
)

SEUILS_2024_2025 = _seuils(
    "2024-2025",
    "règlements délégués (UE) 2023/2495 à 2023/2497",
    "Valeurs vérifiées ; numéros des règlements délégués à contrôler au Journal officiel de l'UE.",
)

SEUILS_2026_2027 = _seuils(
    "2026-2027",
    "règlements délégués (UE) 2025/2150 à 2025/2152, avis JORF du 26 décembre 2025",
    "Valeurs vérifiées ; consultations lancées depuis le 1er janvier 2026.",
)

ARRETE_IAE_2021 = Source(
    id="arrete-2021-09-01-iae",
    title=(
        "Arrêté du 1er septembre 2021 fixant la liste des critères d'éligibilité des personnes "
        "à un parcours d'insertion par l'activité économique et des prescripteurs"
    ),
    nature=Nature.ARRETE,
    date=date(2021, 9, 1),
    note=(
        "Pris pour l'art. L5132-3 C. trav. dans sa rédaction issue de la loi n° 2020-1577 du "
        "14 décembre 2020 (fin de l'agrément de Pôle emploi) et du décret n° 2021-1128 du "
        "30 août 2021. "
        "NOR MTRD2124285A, JORF n° 204 du 2 septembre 2021. Art. 2 (deux critères pour une "
        "ETTI ou une AI, trois pour une EI ou un ACI) lu dans des reproductions publiques ; "
        "la liste de l'annexe 2 est celle que reprend la plateforme les emplois de "
        "l'inclusion. Texte non relu sur Légifrance."
    ),
)

ARRETE_IAE_2025 = Source(
    id="arrete-2025-09-04-iae",
    title=(
        "Arrêté du 4 septembre 2025 modifiant l'arrêté du 1er septembre 2021 (critères "
        "d'éligibilité à l'IAE)"
    ),
    nature=Nature.ARRETE,
    date=date(2025, 9, 4),
    note=(
        "JORF du 6 septembre 2025, signalé par un commentaire public ; contenu non lu. Seul "
        "changement visible dans la plateforme les emplois de l'inclusion : le critère ZRR "
        "devient « ZRR/ZFRR »."
    ),
)

SOURCES: tuple[Source, ...] = (
    CMP_2006,
    ORD_2015_899,
    DECRET_2016_360,
    ORD_2016_65,
    DECRET_2016_86,
    CCP_LEGISLATIF,
    CCP_REGLEMENTAIRE,
    LOI_ASAP,
    ORD_2022_1336,
    DECRET_2022_1683,
    LOI_CLIMAT_RESILIENCE,
    DECRET_2022_767,
    DECRET_2015_90,
    LOI_ESS_2014,
    LOI_INDUSTRIE_VERTE,
    CODE_TRAVAIL,
    LOI_PLEIN_EMPLOI,
    ARRETE_IAE_2021,
    ARRETE_IAE_2025,
    DECRET_NOMENCLATURE_2019,
    CODE_PROCEDURE_CIVILE,
    SEUILS_2016_2017,
    SEUILS_2018_2019,
    SEUILS_2020_2021,
    SEUILS_2022_2023,
    SEUILS_2024_2025,
    SEUILS_2026_2027,
)
"""Every source of this module, in the order of the catalogue."""
