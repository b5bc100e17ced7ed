"""Bar charts as inline SVG, drawn on the server (no script, no network).

Each chart has a title and a text description for screen readers; the pages also show the
same figures in a table. Colours are paired with a pattern-free legend and labels, so a
value is never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

PALETTE = ("#1d4e89", "#c2410c")
"""Dark blue and dark orange: contrast ≥ 4.5:1 on white, distinct for common colour blindness."""


def _fmt(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    unit: str = "h",
    width: int = 720,
) -> Markup:
    """A grouped bar chart: one group per category, one bar per series."""
    count = max(len(categories), 1)
    height = 260
    left, right, top, bottom = 70, 10, 40, 70
    plot_w = width - left - right
    plot_h = height - top - bottom
    peak = max((v for _, values in series for v in values), default=Decimal(0))
    peak = peak if peak > 0 else Decimal(1)
    group_w = plot_w / count
    bar_w = max(2.0, min(40.0, group_w * 0.8 / max(len(series), 1)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="t-{id(categories)}" class="graphique">',
        f'<title id="t-{id(categories)}">{escape(title)}</title>',
    ]
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{escape(_fmt(value))}</text>'
        )
    for index, category in enumerate(categories):
        x0 = left + group_w * index + (group_w - bar_w * len(series)) / 2
        for number, (name, values) in enumerate(series):
            value = values[index]
            h = float(plot_h * value / peak)
            x = x0 + bar_w * number
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{escape(category)} — {escape(name)} : {escape(_fmt(value))} {unit}</title>"
                "</rect>"
            )
        label = category if len(category) <= 14 else category[:13] + "…"
        cx = left + group_w * index + group_w / 2
        rotate = count > 8
        anchor = "end" if rotate else "middle"
        transform = f' transform="rotate(-45 {cx:.1f} {top + plot_h + 14})"' if rotate else ""
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="{anchor}" '
            f'font-size="11" fill="#222"{transform}>{escape(label)}</text>'
        )
    x = left
    for number, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="10" width="12" height="12" fill="{PALETTE[number % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="20" font-size="12" fill="#222">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))
