"""Server-rendered French pages (Jinja2, autoescaped).

This module holds the home, eligibility and saved-work pages and assembles the router;
the consultation and hours pages are in :mod:`~clauserules.web.pages_consultation` and
:mod:`~clauserules.web.pages_hours`, what they share in :mod:`~clauserules.web.rendering`.

The pages read a form, call a function of :mod:`clauserules.web.services` in the
threadpool and show what the library decided; templates only lay out. Every form carries a
CSRF token (double submit: a cookie and a hidden field that must match). A request that
fails saves nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from clauserules import (
    ClauseRulesError,
    Critere,
    Personne,
    Referentiel,
)
from clauserules.vocabulaire import StructureIae
from clauserules.web import labels, pages_consultation, pages_hours, services
from clauserules.web.examples import example_consultations, example_persons, has_parcours
from clauserules.web.forms import Values, Widget, collect, describe, flatten, names
from clauserules.web.pages_consultation import consultation_document, consultation_values
from clauserules.web.rendering import form_errors, label_path, read_form, render, rule_titles

__all__ = ["consultation_document", "consultation_values", "eligibility_widgets", "router"]

# --- eligibility ------------------------------------------------------------------------------


def eligibility_widgets() -> list[Widget]:
    person = Widget(
        name="personne",
        label="Personne",
        kind="group",
        children=tuple(describe(Personne, "personne")),
        field="personne",
    )
    return [
        person,
        Widget(
            name="at",
            label="Date d'évaluation (embauche ou proposition)",
            kind="date",
            required=True,
            field="at",
        ),
        Widget(
            name="referential",
            label="Liste des publics éligibles",
            kind="select",
            choices=tuple((r.value, labels.choice(Referentiel, r)) for r in Referentiel),
            field="referential",
            default=Referentiel("ave-2014").value,
        ),
        Widget(
            name="publics_prioritaires",
            label="Publics prioritaires de l'acheteur",
            kind="multi",
            choices=tuple((c.value, labels.choice(Critere, c)) for c in Critere),
            field="publics_prioritaires",
        ),
        Widget(name="anru", label="Opération financée par l'ANRU", kind="checkbox", field="anru"),
        Widget(
            name="structure_iae",
            label="Structure d'insertion qui embauche (liste IAE 2021)",
            kind="select",
            choices=(
                ("", "toutes"),
                *((s.value, _structure(s)) for s in StructureIae),
            ),
            field="structure_iae",
            hint="Seulement avec la liste « IAE 2021 » : « toutes » donne les structures "
            "pour lesquelles la personne est éligible.",
        ),
        Widget(
            name="complet",
            label="Dossier complet : une information non renseignée vaut « non »",
            kind="checkbox",
            field="complet",
        ),
    ]


def _structure(kind: StructureIae) -> str:
    """« Association intermédiaire (AI) »."""
    return f"{kind.label[0].upper()}{kind.label[1:]} ({kind.value.upper()})"


def _person_groups(widgets: list[Widget]) -> list[tuple[str, list[Widget]]]:
    children = {w.field: w for w in widgets[0].children}
    groups: list[tuple[str, list[Widget]]] = []
    placed: set[str] = set()
    for title, fields in labels.GROUPS_PERSONNE:
        found = [children[f] for f in fields if f in children]
        placed.update(fields)
        if found:
            groups.append((title, found))
    rest = [w for f, w in children.items() if f not in placed]
    if rest:
        groups.append(("Autres informations", rest))
    return groups


# --- routes -----------------------------------------------------------------------------------


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        return render(
            request,
            "accueil.html",
            {
                "title": "Accueil",
                "examples": list(example_consultations(request)),
                "persons": list(example_persons(request)),
                "parcours": has_parcours(request),
            },
        )

    # --- eligibility ---

    def eligibility_page(
        request: Request, values: Values, status: int = 200, **context: Any
    ) -> HTMLResponse:
        widgets = eligibility_widgets()
        return render(
            request,
            "eligibilite.html",
            {
                "title": "Éligibilité d'une personne",
                "section": "eligibilite",
                "widgets": widgets,
                "groups": _person_groups(widgets),
                "values": values,
                "persons": list(example_persons(request)),
                "labels": labels,
                **context,
            },
            status,
        )

    @pages.get("/eligibilite", response_class=HTMLResponse)
    async def eligibility_form(request: Request, exemple: str | None = None) -> Response:
        values: Values = {}
        person = example_persons(request).get(exemple or "")
        if person is not None:
            values = flatten(eligibility_widgets(), {"personne": person})
            values["at"] = "2026-11-22"
        return eligibility_page(request, values)

    @pages.post("/eligibilite", response_class=HTMLResponse)
    async def eligibility_post(request: Request) -> Response:
        values, _ = await read_form(request)
        widgets = eligibility_widgets()
        body = collect(widgets, values)
        body.setdefault("personne", {})
        try:
            decision = await run_in_threadpool(services.eligibility, body)
        except ClauseRulesError as exc:
            errors = form_errors(exc, widgets, ("", "personne."))
            return eligibility_page(request, values, errors=errors, status=422)
        result = services.eligibility_json(decision)
        return eligibility_page(
            request,
            values,
            decision=result,
            criteria=[(c, labels.choice(Critere, Critere(c))) for c in result["criteria"]],
            referential=labels.choice(Referentiel, Referentiel(result["referential"])),
            structures=(
                None
                if result.get("structures_iae") is None
                else [StructureIae(s).label for s in result["structures_iae"]]
            ),
            missing=[
                label_path(f"personne.{m}", names(widgets)) or labels.humanise(m)
                for m in result["missing"]
            ],
            rules=rule_titles(result["rules"]),
            outcome=labels.OUTCOMES.get(result["outcome"], result["outcome"]),
        )

    pages_consultation.add_routes(pages)
    pages_hours.add_routes(pages)

    # --- saved work ---

    @pages.get("/travaux", response_class=HTMLResponse)
    async def saved_work(request: Request) -> Response:
        db = request.app.state.db
        return render(
            request,
            "travaux.html",
            {
                "title": "Travaux enregistrés",
                "section": "travaux",
                "consultations": db.consultations(),
                "ledgers": db.ledgers(),
                "journal": db.journal(),
                "schema_version": db.version,
            },
        )

    return pages
