"""DECP and eForms exports of a plan, checked against the vendored official files.

Every DECP fragment, merged into the official example record, validates against the
official JSON Schema (139bercy/format-commande-publique 2.0.3); every eForms code belongs to
its SDK codelist, and every field sits where the SDK's ``fields.json`` puts it.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from clauserules import InvalidInputError, plan_consultation
from clauserules.cli import main
from clauserules.publication import plan_to_decp, plan_to_eforms
from clauserules.publication._compat import load_document, parse_consultation
from clauserules.publication.cpv import codelist_codes, social_service_cpvs
from clauserules.publication.decp import (
    PAS_DE_CONSIDERATION,
    RECORD_FIELDS_NOT_EXPORTED,
    check_considerations,
    considerations_sociales,
)
from clauserules.publication.eforms import NAMESPACES, SDK_VERSION

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if p.name not in {"personnes.yaml"})
INSTRUMENTS = (
    "condition_execution",
    "critere_attribution",
    "reserve_ea_esat",
    "reserve_siae",
    "reserve_ea_esat_siae",
    "reserve_detenus",
    "reserve_ess",
    "marche_insertion",
)
CODELIST_OF_FIELD = {
    "BT-06-Lot": "strategic-procurement",
    "BT-775-Lot": "social-objective",
    "BT-71-Lot": "reserved-procurement",
    "BT-736-Lot": "applicability_reserved-execution",
    "OPT-060-Lot": "conditions",
    "BT-539-Lot": "award-criterion-type",
    "BT-5421-Lot": "number-weight",
}


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "decp" / "decp_schema_v2.0.3.json").read_text())
    return data


@cache
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / "decp" / "decp_example_marches_concessions.json").read_text()
    )
    return data


@cache
def codelist(name: str) -> frozenset[str]:
    return frozenset(codelist_codes((DATA / "eforms" / f"{name}.gc").read_bytes()))


@cache
def sdk_fields() -> dict[str, dict[str, Any]]:
    data = json.loads((DATA / "eforms" / "fields_social_subset.json").read_text())
    return {f["id"]: f for f in data["fields"]}


def merged_document(export: dict[str, Any]) -> dict[str, Any]:
    """The official example document whose records are replaced by the exported lots."""
    document = copy.deepcopy(example())
    liste = export["liste"]
    template = document["marches"][liste][0]
    records = []
    for lot in export["lots"]:
        record = {**copy.deepcopy(template), **lot["donnees"]}
        records.append(record)
    document["marches"][liste] = records
    return document


def validate_decp(export: dict[str, Any]) -> None:
    jsonschema.validate(merged_document(export), schema())


def check_eforms(export: dict[str, Any]) -> None:
    assert export["sdkVersion"] == SDK_VERSION
    for lot in export["lots"]:
        fields = lot["fields"]
        for field, name in CODELIST_OF_FIELD.items():
            if field in fields:
                value = fields[field]
                for code in value if isinstance(value, list) else [value]:
                    assert code in codelist(name), (field, code)
        assert set(fields) <= set(sdk_fields()), set(fields) - set(sdk_fields())
        if "xml" in lot:
            check_xml(lot["xml"], fields)


def check_xml(snippet: str, fields: dict[str, Any]) -> None:
    """Each exported field is found at the SDK's absolute XPath in the snippet."""
    root = etree.fromstring(
        f'<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">'
        f"{snippet}</ContractNotice>".encode()
    )
    for field, value in fields.items():
        xpath = sdk_fields()[field]["xpathAbsolute"]
        found = root.xpath(xpath, namespaces=NAMESPACES)
        assert found, (field, xpath)
        texts = [f.text if isinstance(f, etree._Element) else str(f) for f in found]
        expected = value if isinstance(value, list) else [value]
        for item in expected:
            shown = item["FRA"] if isinstance(item, dict) and "FRA" in item else item
            if isinstance(item, dict) and "value" in item:
                shown = str(item["value"])
            assert str(shown) in texts, (field, shown, texts)


def consultation(preferences: list[str], **changes: Any) -> dict[str, Any]:
    lot: dict[str, Any] = {
        "id": "1",
        "intitule": "Accompagnement vers l'emploi",
        "montant_estime_ht": 120000,
        "preferences": preferences,
        "cpv": "85312300",
    }
    lot.update(changes.pop("lot", {}))
    data: dict[str, Any] = {
        "acheteur": {"nom": "Département du Val", "type": "collectivite"},
        "objet": "Accompagnement socio-professionnel",
        "contrat": "marche",
        "nature": "services",
        "date_lancement": "2025-06-02",
        "duree_mois": 24,
        "services_sociaux_specifiques": True,
        "lots": [lot],
    }
    data.update(changes)
    return data


def export_both(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parsed = parse_consultation(data)
    plan = plan_consultation(parsed)
    assert plan.outcome == "conforme", [lot.vigilance for lot in plan.lots]
    return (
        plan_to_decp(plan, consultation=parsed),
        plan_to_eforms(plan, consultation=parsed, xml=True),
    )


# --- every example ----------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_exports_valid_decp_and_eforms(path: Path) -> None:
    parsed = parse_consultation(load_document(path))
    plan = plan_consultation(parsed)
    decp = plan_to_decp(plan, consultation=parsed)
    validate_decp(decp)
    eforms = plan_to_eforms(plan, consultation=parsed, xml=True)
    check_eforms(eforms)
    for lot_plan, lot in zip(plan.lots, decp["lots"], strict=True):
        kinds = [i.kind.value for i in lot_plan.instruments if i.selected]
        assert lot["instruments"] == kinds
        assert lot["donnees"]["considerationsSociales"]["considerationSociale"] == (
            considerations_sociales(kinds, plan.contrat)
        )
        assert "montant" not in lot["donnees"]


def test_the_integrated_example_gives_the_expected_values() -> None:
    parsed = parse_consultation(load_document(ROOT / "examples" / "consultation.yaml"))
    plan = plan_consultation(parsed)
    decp = plan_to_decp(plan, consultation=parsed)
    values = {
        lot["lot"]: lot["donnees"]["considerationsSociales"]["considerationSociale"]
        for lot in decp["lots"]
    }
    assert values["1"] == ["Clause sociale", "Critère social"]
    assert values["2"] == ["Clause sociale"]
    assert values["6"] == ["Clause sociale", "Marché réservé"]
    # lot 7: reserved to SIAE, with the social execution condition the obligation requires
    assert values["7"] == ["Clause sociale", "Marché réservé"]
    # a recorded exception is still said in the vigilance points (the format has no field)
    data = load_document(ROOT / "examples" / "consultation.yaml")
    lot7_data = next(lot for lot in data["lots"] if lot["id"] == "7")
    lot7_data["preferences"] = ["reserve_siae"]
    lot7_data.pop("condition_sociale")
    lot7_data["exception_obligation_sociale"] = {
        "motif": "restriction_concurrence_ou_difficulte_execution",
        "justification": "Prestation ponctuelle de quelques jours.",
    }
    with_exception = parse_consultation(data)
    decp_exception = plan_to_decp(plan_consultation(with_exception), consultation=with_exception)
    lot7 = next(lot for lot in decp_exception["lots"] if lot["lot"] == "7")
    assert any("Exception motivée" in v for v in lot7["vigilance"])
    eforms = plan_to_eforms(plan, consultation=parsed)
    by_lot = {lot["lot"]: lot["fields"] for lot in eforms["lots"]}
    assert by_lot["1"]["BT-541-Lot-WeightNumber"] == ["15"]
    assert by_lot["6"]["BT-71-Lot"] == ["res-ws"]
    assert by_lot["2"]["BT-71-Lot"] == ["none"]
    assert all(f["BT-736-Lot"] == "no" for f in by_lot.values())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("standard", ["decp", "eforms"])
def test_cli_exports_every_example(
    path: Path, standard: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", standard, str(path), "--xml"]) == 0
    out = json.loads(capsys.readouterr().out)
    if standard == "decp":
        validate_decp(out)
    else:
        check_eforms(out)


# --- one case per instrument and per combination ---------------------------------------


@pytest.mark.parametrize("kind", INSTRUMENTS)
def test_each_instrument_alone(kind: str) -> None:
    decp, eforms = export_both(consultation([kind]))
    validate_decp(decp)
    check_eforms(eforms)
    values = decp["lots"][0]["donnees"]["considerationsSociales"]["considerationSociale"]
    fields = eforms["lots"][0]["fields"]
    expected_decp = {
        "condition_execution": ["Clause sociale"],
        "critere_attribution": ["Critère social"],
        "marche_insertion": ["Clause sociale"],
    }.get(kind, ["Marché réservé"])
    assert values == expected_decp
    assert fields["BT-06-Lot"] == ["soc-obj"]
    assert fields["BT-775-Lot"] == ["opp"]
    expected_bt71 = {"reserve_ess": ["res-pub-ser"]}.get(
        kind, ["res-ws"] if kind.startswith("reserve_") else ["none"]
    )
    assert fields["BT-71-Lot"] == expected_bt71
    assert fields["BT-736-Lot"] == "no"
    assert ("OPT-060-Lot" in fields) == (kind == "condition_execution")
    assert ("BT-539-Lot" in fields) == (kind == "critere_attribution")


def test_no_instrument_gives_pas_de_consideration_alone() -> None:
    decp, eforms = export_both(consultation([]))
    validate_decp(decp)
    check_eforms(eforms)
    assert decp["lots"][0]["donnees"]["considerationsSociales"] == {
        "considerationSociale": [PAS_DE_CONSIDERATION]
    }
    assert eforms["lots"][0]["fields"]["BT-06-Lot"] == ["none"]
    assert "BT-775-Lot" not in eforms["lots"][0]["fields"]


@pytest.mark.parametrize(
    "kinds",
    [
        ["condition_execution", "critere_attribution"],
        ["condition_execution", "reserve_ea_esat_siae"],
        ["condition_execution", "reserve_siae"],
        ["critere_attribution", "reserve_ea_esat"],
        ["condition_execution", "critere_attribution", "reserve_siae"],
    ],
    ids="+".join,
)
def test_combinations(kinds: list[str]) -> None:
    decp, eforms = export_both(consultation(kinds, lot={"poids_critere": 0.2}))
    validate_decp(decp)
    check_eforms(eforms)
    values = decp["lots"][0]["donnees"]["considerationsSociales"]["considerationSociale"]
    assert PAS_DE_CONSIDERATION not in values
    assert len(values) == len(set(values)) == len({*values})


def test_concession_uses_concession_reservee() -> None:
    assert considerations_sociales(["reserve_siae"], "concession") == ["Concession réservée"]
    assert considerations_sociales(["reserve_siae"], "marche") == ["Marché réservé"]


def test_the_rule_the_schema_misses_is_enforced() -> None:
    problems = check_considerations([PAS_DE_CONSIDERATION, "Clause sociale"], "marche", "x")
    assert problems
    assert "excludes" in problems[0].message
    # ... and the official schema indeed accepts it (why the exporter must check it)
    document = copy.deepcopy(example())
    document["marches"]["marche"][0]["considerationsSociales"]["considerationSociale"] = [
        PAS_DE_CONSIDERATION,
        "Clause sociale",
    ]
    jsonschema.validate(document, schema())


def test_fragment_and_fields_left_to_the_platform_cover_the_required_fields() -> None:
    parsed = parse_consultation(load_document(ROOT / "examples" / "consultation.yaml"))
    decp = plan_to_decp(
        plan_consultation(parsed),
        consultation=parsed,
        techniques=["Sans objet"],
        modalites_execution=["Tranches"],
    )
    required = set(schema()["definitions"]["marche"]["required"])
    exported = set(decp["lots"][0]["donnees"]) | {"codeCPV"}
    assert exported | set(RECORD_FIELDS_NOT_EXPORTED["marche"]) == required
    assert "montant" in decp["a_completer"]
    validate_decp(decp)


def test_the_cpv_list_is_the_sdk_list() -> None:
    assert len(social_service_cpvs()) == 115
    assert "85312300" in social_service_cpvs()


# --- refusals ---------------------------------------------------------------------------


def test_a_plan_to_correct_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = consultation(["reserve_ess"], duree_mois=48)
    plan = plan_consultation(data)
    assert plan.outcome == "a_corriger"
    with pytest.raises(InvalidInputError) as caught:
        plan_to_decp(plan)
    assert caught.value.fields == ("lots.0.preferences",)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    for standard in ("decp", "eforms"):
        assert main(["export", standard, str(path)]) == 2
        err = capsys.readouterr().err
        assert "lots.0.preferences" in err
        assert "a_corriger" in err
        assert "Traceback" not in err


@pytest.mark.parametrize("cpv", ["12345678", "4500000", "45000000-77", "abc"])
def test_an_unknown_cpv_is_refused(
    cpv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(consultation(["condition_execution"], lot={"cpv": cpv})))
    for standard in ("decp", "eforms"):
        assert main(["export", standard, str(path)]) == 2
        assert "lots.0.cpv" in capsys.readouterr().err


def test_ess_reservation_needs_a_listed_social_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 79710000 (security services) is not in the eForms list of social services
    data = consultation(["reserve_ess"], lot={"cpv": "79710000"})
    assert plan_consultation(data).outcome == "conforme"  # the buyer declared SSS
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    assert main(["export", "eforms", str(path)]) == 2
    err = capsys.readouterr().err
    assert "lots.0.cpv" in err
    assert "BR-BT-00262-0200" in err


def test_ess_duration_rule_agrees_with_eforms() -> None:
    # BR-BT-00036-0150: res-pub-ser lasts at most P3Y; our rule: at most 36 months
    assert plan_consultation(consultation(["reserve_ess"], duree_mois=36)).outcome == "conforme"
    assert plan_consultation(consultation(["reserve_ess"], duree_mois=37)).outcome == ("a_corriger")


def test_cpv_cross_checks_are_vigilance_points() -> None:
    decp, _ = export_both(consultation(["condition_execution"], lot={"cpv": "45000000-7"}))
    points = " ".join(decp["lots"][0]["vigilance"])
    assert "discordants" in points
    assert "n'est pas dans la liste" in points


def test_unknown_technique_is_refused() -> None:
    plan = plan_consultation(consultation([]))
    with pytest.raises(InvalidInputError) as caught:
        plan_to_decp(plan, techniques=["Accord cadre"])
    assert caught.value.fields == ("techniques",)
    with pytest.raises(InvalidInputError):
        plan_to_decp(plan, techniques=["Sans objet", "Concours"])
