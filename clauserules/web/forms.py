"""Forms built from the pydantic models of the library.

A form is a tree of :class:`Widget` made by walking a model's fields (so a new field or a
new code of an enumeration appears without touching the pages); its values travel as flat
``name -> text`` pairs whose names are the dotted locations the library uses in its errors
(``lots.2.montant_estime_ht``), so an error is shown next to the field it concerns.

:func:`collect` turns posted values into the document the library reads (the same shape
as a YAML file); :func:`flatten` does the reverse for a saved or uploaded document. Values
are only reshaped (« 0,4 » → ``"0.4"``, ``oui`` → ``true``); the library validates them.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from clauserules.web import labels

Values = dict[str, Any]
"""Flat form values: name -> text, or list of texts for a group of checkboxes."""

KNOWN = "__connu"
STATE = "__etat"


@dataclass(frozen=True)
class Widget:
    name: str
    label: str
    kind: str
    """text, textarea, int, decimal, date, tristate, checkbox, select, multi, group, ift, lignes."""
    required: bool = False
    optional: bool = False
    """For a group: may be left empty (then absent); for multi: may be unknown."""
    choices: tuple[tuple[str, str], ...] = ()
    children: tuple[Widget, ...] = ()
    hint: str = ""
    field: str = ""
    """Name of the model field."""
    default: str = ""
    """Value shown when the form has none (the model's default)."""

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)

    def at(self, prefix: str) -> Widget:
        """This widget (and its children) under ``prefix`` (``lots.3``)."""
        name = f"{prefix}.{self.field}" if prefix else self.field
        return replace(self, name=name, children=tuple(c.at(name) for c in self.children))


def _strip(annotation: Any) -> tuple[Any, bool, bool, dict[str, Any]]:
    """(base type, optional, accepts literal False, constraints) of an annotation."""
    optional = False
    literal_false = False
    constraints: dict[str, Any] = {}
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *meta = typing.get_args(annotation)
            for item in meta:
                for inner in getattr(item, "metadata", [item]):
                    for key in ("ge", "gt", "le", "lt", "max_length"):
                        if getattr(inner, key, None) is not None:
                            constraints[key] = getattr(inner, key)
            annotation = base
            continue
        if origin in (typing.Union, types.UnionType):
            members = []
            for arg in typing.get_args(annotation):
                if arg is type(None):
                    optional = True
                elif typing.get_origin(arg) is typing.Literal and typing.get_args(arg) == (False,):
                    literal_false = True
                else:
                    members.append(arg)
            annotation = members[0] if len(members) == 1 else str
            continue
        return annotation, optional, literal_false, constraints


def _enum_choices(kind: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((str(member.value), labels.choice(kind, member)) for member in kind)


def describe(model: type[BaseModel], prefix: str = "", skip: Sequence[str] = ()) -> list[Widget]:
    """The widgets of the fields of ``model``."""
    widgets = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        base, optional, literal_false, constraints = _strip(info.annotation)
        for item in info.metadata:
            for key in ("ge", "gt", "le", "lt", "max_length"):
                if getattr(item, key, None) is not None:
                    constraints[key] = getattr(item, key)
        full = f"{prefix}.{name}" if prefix else name
        label = labels.field(model, name)
        required = info.is_required()
        hint = labels.hint(model, name, constraints)
        default = info.default
        shown = (
            "" if default is None or info.is_required() else str(getattr(default, "value", default))
        )
        if shown in ("()", "False"):
            shown = ""
        common: dict[str, Any] = {
            "name": full,
            "label": label,
            "required": required,
            "hint": hint,
            "field": name,
            "default": shown,
        }
        origin = typing.get_origin(base)
        if isinstance(base, type) and issubclass(base, BaseModel):
            children = tuple(describe(base, full))
            kind = "ift" if literal_false else "group"
            widgets.append(Widget(kind=kind, optional=optional, children=children, **common))
        elif origin is tuple:
            item_type = typing.get_args(base)[0]
            if isinstance(item_type, type) and issubclass(item_type, Enum):
                widgets.append(
                    Widget(
                        kind="multi",
                        optional=info.default is None,
                        choices=_enum_choices(item_type),
                        **common,
                    )
                )
            elif _flat_model(item_type):
                # A list of small rows (periods of registration): one row per line.
                children = tuple(describe(item_type, full))
                widgets.append(Widget(kind="lignes", children=children, **common))
            # a tuple of richer models (lots) is laid out by the page itself
        elif isinstance(base, type) and issubclass(base, Enum):
            widgets.append(Widget(kind="select", choices=_enum_choices(base), **common))
        elif base is bool:
            widgets.append(Widget(kind="tristate" if optional else "checkbox", **common))
        elif base is int:
            widgets.append(Widget(kind="int", **common))
        elif base is Decimal:
            widgets.append(Widget(kind="decimal", **common))
        elif base is date:
            widgets.append(Widget(kind="date", **common))
        elif base is str:
            long = f"{model.__name__}.{name}" in labels.TEXTAREAS
            widgets.append(Widget(kind="textarea" if long else "text", **common))
    return widgets


def _flat_model(kind: Any) -> bool:
    """A model whose fields are all dates or integers (a row written on one line)."""
    if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
        return False
    return all(_strip(f.annotation)[0] in (date, int) for f in kind.model_fields.values())


def _rows(widget: Widget, text: str) -> list[dict[str, Any]]:
    """One mapping per non-empty line: the values in the order of the row's fields."""
    rows: list[dict[str, Any]] = []
    for line in text.splitlines():
        cells = line.replace(";", " ").split()
        if not cells:
            continue
        row: dict[str, Any] = {}
        for child, cell in zip(widget.children, cells, strict=False):
            row[child.field] = _collect_one(child, {child.name: cell})[1]
        rows.append(row)
    return rows


# --- posted values -> document --------------------------------------------------------------

_FR_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _number(text: str) -> str:
    return text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")


def collect(widgets: Sequence[Widget], values: Mapping[str, Any]) -> dict[str, Any]:
    """The document of posted ``values`` (absent when left empty: unknown)."""
    document: dict[str, Any] = {}
    for widget in widgets:
        present, value = _collect_one(widget, values)
        if present:
            document[widget.field] = value
    return document


def _collect_one(widget: Widget, values: Mapping[str, Any]) -> tuple[bool, Any]:
    text = _text(values, widget.name)
    kind = widget.kind
    if kind == "group":
        if widget.optional and not _given(widget.children, values):
            return False, None
        return True, collect(widget.children, values)
    if kind == "ift":
        state = _text(values, f"{widget.name}.{STATE}")
        if state == "non":
            return True, False
        if state == "oui":
            return True, collect(widget.children, values)
        return False, None
    if kind == "multi":
        chosen = values.get(widget.name, [])
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if widget.optional and _text(values, f"{widget.name}.{KNOWN}") != "oui" and not chosen:
            return False, None
        return True, chosen
    if kind == "checkbox":
        return True, text in ("oui", "on", "true", "1")
    if kind == "lignes":
        return (True, _rows(widget, text)) if text else (False, None)
    if not text:
        return False, None
    if kind == "tristate":
        return True, {"oui": True, "non": False}.get(text, text)
    if kind == "int":
        try:
            return True, int(_number(text))
        except ValueError:
            return True, text
    if kind == "decimal":
        return True, _number(text)
    if kind == "date":
        match = _FR_DATE.fullmatch(text)
        if match:
            day, month, year = match.groups()
            return True, f"{year}-{int(month):02d}-{int(day):02d}"
        return True, text
    return True, text


def _given(widgets: Sequence[Widget], values: Mapping[str, Any]) -> bool:
    """Whether any of ``widgets`` was filled in (an unchecked box is not)."""
    for widget in widgets:
        if widget.kind in ("group", "ift"):
            if _given(widget.children, values) or _text(values, f"{widget.name}.{STATE}"):
                return True
        elif values.get(widget.name) not in (None, "", []):
            return True
    return False


# --- document -> form values ----------------------------------------------------------------


def flatten(widgets: Sequence[Widget], document: Any) -> Values:
    """The form values showing ``document`` (a saved or uploaded document)."""
    values: Values = {}
    if not isinstance(document, Mapping):
        return values
    for widget in widgets:
        if widget.field not in document:
            continue
        value = document[widget.field]
        if widget.kind == "group":
            values.update(flatten(widget.children, value))
        elif widget.kind == "ift":
            if value is False:
                values[f"{widget.name}.{STATE}"] = "non"
            elif isinstance(value, Mapping):
                values[f"{widget.name}.{STATE}"] = "oui"
                values.update(flatten(widget.children, value))
        elif widget.kind == "multi":
            if isinstance(value, list | tuple):
                values[widget.name] = [str(v) for v in value]
                values[f"{widget.name}.{KNOWN}"] = "oui"
        elif widget.kind in ("tristate", "checkbox"):
            values[widget.name] = {True: "oui", False: "non"}.get(value, str(value))
        elif widget.kind == "lignes":
            if isinstance(value, list | tuple) and value:
                values[widget.name] = "\n".join(
                    " ".join(str(row[c.field]) for c in widget.children if c.field in row)
                    for row in value
                    if isinstance(row, Mapping)
                )
        elif value is not None:
            values[widget.name] = str(value)
    return values


def names(widgets: Sequence[Widget]) -> dict[str, Widget]:
    """Every widget by name, children included."""
    found: dict[str, Widget] = {}
    for widget in widgets:
        found[widget.name] = widget
        found.update(names(widget.children))
    return found


@dataclass
class FormErrors:
    """French messages by field name, and those that concern no field shown."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """The label of each field in error, with the labels of its groups (« Lot 2 › Montant »)."""

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.general)
