"""eForms business terms of the social considerations of each lot of a plan.

Field ids, codes and XPaths are those of the eForms SDK (OP-TED/eForms-SDK, codelists and
``fields/fields.json``, SDK 1.15): BT-06 (strategic procurement), BT-775 (social
objective), BT-777 (description), OPT-060 + BT-70 (execution conditions), BT-71 (reserved
participation), BT-736 (reserved execution), BT-539 / BT-734 / BT-540 / BT-5421 / BT-541
(award criterion), BT-262 (main CPV), BT-36 (duration). Text fields are multilingual,
``{"FRA": ...}``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from clauserules import Consultation, InvalidInputError, Plan, Referentiel
from clauserules.publication._common import DECISION, cpv_vigilance, ess_problem, lot_inputs
from clauserules.publication._compat import FieldProblem, TypeInstrument, nombre
from clauserules.publication.cpv import cpv_digits

__all__ = ["LANGUAGE", "NAMESPACES", "SDK_VERSION", "lot_xml", "plan_to_eforms"]

SDK_VERSION = "eforms-sdk-1.15"
LANGUAGE = "FRA"
NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}

_RESERVE_WS = {
    TypeInstrument.RESERVE_EA_ESAT.value,
    TypeInstrument.RESERVE_SIAE.value,
    TypeInstrument.RESERVE_EA_ESAT_SIAE.value,
    TypeInstrument.RESERVE_DETENUS.value,
}


def _num(value: Decimal) -> str:
    """Hours in the notice texts: ``1 200``, ``1 234,50`` (ADR 0040)."""
    return nombre(value, 2, zeros=False)


def _texts(plan: Plan, lot: Any, kinds: list[str]) -> tuple[str, str, str]:
    hours = _num(lot.hours.value)
    liste = Referentiel(plan.referentiel_publics).label
    publics = f"personnes éloignées de l'emploi (publics de la liste : {liste})"
    labels = [i.label for i in lot.instruments if i.selected]
    strategic = f"Insertion professionnelle : {' ; '.join(labels)}."
    if {TypeInstrument.CONDITION_EXECUTION.value, TypeInstrument.MARCHE_INSERTION.value} & set(
        kinds
    ):
        strategic += f" Au moins {hours} heures de travail réservées à des {publics}."
    condition = (
        f"Clause sociale d'insertion : le titulaire réserve au moins {hours} heures de travail "
        f"à des {publics}, avec l'appui du facilitateur désigné par l'acheteur ; le suivi et "
        "les pénalités sont fixés au cahier des clauses administratives particulières."
    )
    criterion = (
        "Performance en matière d'insertion professionnelle des publics éloignés de l'emploi "
        "(modalités, encadrement et parcours proposés)."
    )
    return strategic, condition, criterion


def plan_to_eforms(
    plan: Plan,
    *,
    consultation: Consultation | None = None,
    xml: bool = False,
) -> dict[str, Any]:
    """The eForms fields of every lot of ``plan``, by SDK field id, with ``sdkVersion``.

    Only selected instruments are exported. ``consultation`` supplies each lot's ``cpv``
    (BT-262-Lot, checked against the social services list when the lot is reserved to the
    ESS) and the weight of the insertion criterion (BT-541). With ``xml``, each lot also
    carries a ``cac:ProcurementProjectLot`` snippet of these fields.

    Raises:
        InvalidInputError: the plan is ``a_corriger``; a CPV code is unknown; a lot
            reserved to the ESS breaks the eForms rules of ``res-pub-ser`` (CPV of the
            social services list, at most 3 years).
    """
    subject = "eForms export"
    inputs = lot_inputs(plan, consultation, subject)
    duree = int(plan.facts["duree_mois"])
    problems: list[FieldProblem] = []
    lots: list[dict[str, Any]] = []
    for position, (lot, source) in enumerate(zip(plan.lots, inputs, strict=True), start=1):
        kinds = [i.kind.value for i in lot.instruments if i.selected]
        chosen = set(kinds)
        fields: dict[str, Any] = {}
        vigilance: list[str] = []
        strategic, condition, criterion = _texts(plan, lot, kinds)
        if chosen:
            fields["BT-06-Lot"] = ["soc-obj"]
            fields["BT-775-Lot"] = ["opp"]
            fields["BT-777-Lot"] = [{LANGUAGE: strategic}]
        else:
            fields["BT-06-Lot"] = ["none"]
        if TypeInstrument.CONDITION_EXECUTION.value in chosen:
            fields["OPT-060-Lot"] = "performance"
            fields["BT-70-Lot"] = {LANGUAGE: condition}
        if TypeInstrument.CRITERE_ATTRIBUTION.value in chosen:
            fields["BT-539-Lot"] = ["quality"]
            fields["BT-734-Lot"] = [{LANGUAGE: "Insertion professionnelle"}]
            fields["BT-540-Lot"] = [{LANGUAGE: criterion}]
            if source.poids_critere is not None:
                weight = (Decimal(source.poids_critere) * 100).normalize()
                fields["BT-5421-Lot"] = ["per-exa"]
                fields["BT-541-Lot-WeightNumber"] = [f"{weight:f}"]
            else:
                vigilance.append(
                    "Poids du critère d'insertion inconnu : BT-5421 et BT-541 à renseigner."
                )
        reserved: list[str] = []
        if chosen & _RESERVE_WS:
            reserved.append("res-ws")
        if TypeInstrument.RESERVE_ESS.value in chosen:
            reserved.append("res-pub-ser")
            problems.extend(ess_problem(source.cpv, duree, source.index))
        fields["BT-71-Lot"] = reserved or ["none"]
        fields["BT-736-Lot"] = "no"
        if source.cpv is not None:
            fields["BT-262-Lot"] = cpv_digits(source.cpv)
        fields["BT-36-Lot"] = {"value": duree, "unit": "MONTH"}
        if TypeInstrument.RESERVE_DETENUS.value in chosen:
            vigilance.append(
                "Réservation aux opérateurs employant des personnes détenues codée « res-ws » "
                f"(personnes défavorisées) : eForms n'a pas de code propre ({DECISION})."
            )
        if TypeInstrument.MARCHE_INSERTION.value in chosen:
            vigilance.append(
                "Insertion comme objet du marché : codée par BT-06 « soc-obj » et BT-775 « opp » "
                "seulement ; au-delà du seuil des services sociaux, vérifier le sous-type "
                f"d'avis (régime allégé) ({DECISION})."
            )
        if lot.obligation_sociale.code == "exception":
            vigilance.append(
                "Exception motivée à la condition d'exécution sociale obligatoire : eForms n'a "
                "pas de champ pour la déclarer ; la garder au dossier de la consultation."
            )
        vigilance.extend(cpv_vigilance(plan, source.cpv, kinds))
        entry: dict[str, Any] = {
            "lot": lot.id,
            "lotId": f"LOT-{position:04d}",
            "intitule": lot.intitule,
            "instruments": kinds,
            "fields": fields,
            "vigilance": vigilance,
        }
        if xml:
            entry["xml"] = lot_xml(entry["lotId"], fields)
        lots.append(entry)
    if problems:
        raise InvalidInputError(problems, subject=subject)
    return {
        "sdkVersion": SDK_VERSION,
        "languageID": LANGUAGE,
        "objet": plan.objet,
        "date_lancement": plan.date_lancement.isoformat(),
        "lots": lots,
        "vigilance": [
            f"BT-736-Lot « no » : aucun instrument du code de la commande publique ne "
            f"correspond à l'exécution dans le cadre de programmes d'emplois protégés ({DECISION}).",
            "Seuls les champs sociaux du lot sont exportés : les autres critères "
            "d'attribution, le prix et les champs obligatoires de l'avis restent à la "
            "plateforme.",
        ],
    }


# --- XML snippet ------------------------------------------------------------------------


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name), attrib)
    if text is not None:
        element.text = text
    return element


def _text(value: Any) -> str:
    return str(value[LANGUAGE]) if isinstance(value, dict) else str(value)


def lot_xml(lot_id: str, fields: dict[str, Any]) -> str:
    """The ``cac:ProcurementProjectLot`` element of ``fields`` (UBL 2.3, eForms order)."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    lot = ET.Element(_q("cac:ProcurementProjectLot"))
    _add(lot, "cbc:ID", lot_id, schemeName="Lot")
    terms = _add(lot, "cac:TenderingTerms")
    request = _add(terms, "cac:TendererQualificationRequest")
    for code in fields["BT-71-Lot"]:
        requirement = _add(request, "cac:SpecificTendererRequirement")
        _add(
            requirement,
            "cbc:TendererRequirementTypeCode",
            code,
            listName="reserved-procurement",
        )
    execution = _add(terms, "cac:ContractExecutionRequirement")
    _add(
        execution,
        "cbc:ExecutionRequirementCode",
        fields["BT-736-Lot"],
        listName="reserved-execution",
    )
    if "OPT-060-Lot" in fields:
        conditions = _add(terms, "cac:ContractExecutionRequirement")
        _add(conditions, "cbc:ExecutionRequirementCode", "performance", listName="conditions")
        _add(conditions, "cbc:Description", _text(fields["BT-70-Lot"]), languageID=LANGUAGE)
    if "BT-539-Lot" in fields:
        awarding = _add(_add(terms, "cac:AwardingTerms"), "cac:AwardingCriterion")
        sub = _add(awarding, "cac:SubordinateAwardingCriterion")
        if "BT-5421-Lot" in fields:
            content = _add(
                _add(_add(sub, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent"
            )
            parameter = _add(_add(content, "efext:EformsExtension"), "efac:AwardCriterionParameter")
            _add(
                parameter, "efbc:ParameterCode", fields["BT-5421-Lot"][0], listName="number-weight"
            )
            _add(parameter, "efbc:ParameterNumeric", fields["BT-541-Lot-WeightNumber"][0])
        _add(
            sub,
            "cbc:AwardingCriterionTypeCode",
            fields["BT-539-Lot"][0],
            listName="award-criterion-type",
        )
        _add(sub, "cbc:Name", _text(fields["BT-734-Lot"][0]), languageID=LANGUAGE)
        _add(sub, "cbc:Description", _text(fields["BT-540-Lot"][0]), languageID=LANGUAGE)
    project = _add(lot, "cac:ProcurementProject")
    for code in fields.get("BT-775-Lot", []):
        kind = _add(project, "cac:ProcurementAdditionalType")
        _add(kind, "cbc:ProcurementTypeCode", code, listName="social-objective")
    for code in fields["BT-06-Lot"]:
        kind = _add(project, "cac:ProcurementAdditionalType")
        _add(kind, "cbc:ProcurementTypeCode", code, listName="strategic-procurement")
        if code != "none" and "BT-777-Lot" in fields:
            _add(kind, "cbc:ProcurementType", _text(fields["BT-777-Lot"][0]), languageID=LANGUAGE)
    if "BT-262-Lot" in fields:
        main = _add(project, "cac:MainCommodityClassification")
        _add(main, "cbc:ItemClassificationCode", fields["BT-262-Lot"], listName="cpv")
    period = _add(project, "cac:PlannedPeriod")
    duration = fields["BT-36-Lot"]
    _add(period, "cbc:DurationMeasure", str(duration["value"]), unitCode=duration["unit"])
    ET.indent(lot)
    return ET.tostring(lot, encoding="unicode")
