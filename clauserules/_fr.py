"""French formatting: numbers, amounts, percentages, hours, dates and plurals, in one place.

Every French text the library prints (the CLI, the plan, eligibility and ledger texts, the
Word filters) formats its figures here, with the rules of
``docs/decisions/0040-formatage-francais.md``:

- digits are grouped by three with a space, the decimal mark is a comma:
  ``1 200 000,5``; the space is an ordinary one by default (text outputs, terminals, CSV),
  the Word documents pass ``espace=ESPACE_INSECABLE``;
- the same space separates a figure from its unit: ``800 h``, ``30 €``, ``5 %``;
- a word after a number is singular below two, as in French grammar and the CLDR rule for
  French: ``0 heure``, ``1 heure``, ``1,5 heure``, ``2 heures``;
- a date is « 1er août 2026 » in sentences and ``01/08/2026`` in tables and short texts.

This module imports nothing from the package (bottom layer); a date given as text is
parsed by the caller (:func:`clauserules.core.inputs.coerce_date`).

>>> montant(1_200_000)
'1 200 000,00 €'
>>> pluriel(2, "lot")
'2 lots'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "ESPACE",
    "ESPACE_INSECABLE",
    "Nombre",
    "date_courte",
    "date_longue",
    "est_singulier",
    "heures",
    "liste",
    "montant",
    "nombre",
    "pluriel",
    "pourcent",
]

ESPACE = " "
"""Ordinary space (U+0020): the default, for text outputs."""
ESPACE_INSECABLE = "\u00a0"
"""No-break space (U+00A0): for the Word documents."""

Nombre = Decimal | int | float | str
"""What the number functions accept (a string must be a decimal number, ``"812.50"``)."""

_MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _decimal(valeur: Nombre) -> Decimal:
    if isinstance(valeur, Decimal):
        number = valeur
    elif isinstance(valeur, bool):
        raise TypeError("a boolean is not a number")
    else:
        try:
            number = Decimal(str(valeur))
        except InvalidOperation:
            raise TypeError(f"not a number: {valeur!r}") from None
    if not number.is_finite():
        raise TypeError(f"not a finite number: {valeur!r}")
    return number


def nombre(
    valeur: Nombre, decimales: int | None = None, *, zeros: bool = True, espace: str = ESPACE
) -> str:
    """A number in French: digits grouped by three, comma as the decimal mark.

    Args:
        valeur: the number.
        decimales: ``None`` shows the decimals the value has, trailing zeros dropped;
            ``n`` rounds to ``n`` places (half to even) and shows them all.
        zeros: with ``decimales``, ``False`` drops a decimal part made only of zeros
            (``1 200`` but ``1 200,50``).
        espace: the group separator (:data:`ESPACE` or :data:`ESPACE_INSECABLE`).

    A value that rounds to zero is printed without a sign.

    >>> nombre(1_200_000)
    '1 200 000'
    >>> nombre("812.50")
    '812,5'
    >>> nombre(Decimal("1234.5"), 2)
    '1 234,50'
    >>> nombre(1200, 2, zeros=False), nombre("1200.5", 2, zeros=False)
    ('1 200', '1 200,50')
    >>> nombre(-1234.567, 2)
    '-1 234,57'
    >>> nombre("-0.001", 2)
    '0,00'
    >>> nombre(1_000, espace=ESPACE_INSECABLE)
    '1\\xa0000'
    """
    number = _decimal(valeur)
    text = format(abs(number), "f" if decimales is None else f".{decimales}f")
    whole, _, fraction = text.partition(".")
    if decimales is None:
        fraction = fraction.rstrip("0")
    elif not zeros and not fraction.strip("0"):
        fraction = ""
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    zero = not (fraction.strip("0") or "".join(groups).strip("0"))
    sign = "-" if number < 0 and not zero else ""
    return sign + espace.join(groups) + ("," + fraction if fraction else "")


def montant(valeur: Nombre, decimales: int = 2, *, zeros: bool = True, espace: str = ESPACE) -> str:
    """An amount in euros: :func:`nombre` with two decimals by default, then ``€``.

    >>> montant(1_200_000)
    '1 200 000,00 €'
    >>> montant(1_200_000, zeros=False)
    '1 200 000 €'
    >>> montant("30.5", zeros=False)
    '30,50 €'
    """
    return f"{nombre(valeur, decimales, zeros=zeros, espace=espace)}{espace}€"


def pourcent(valeur: Nombre, decimales: int | None = None, *, espace: str = ESPACE) -> str:
    """A fraction as a percentage: ``0.05`` is ``5 %``.

    >>> pourcent(Decimal("0.05")), pourcent("0.045"), pourcent(1)
    ('5 %', '4,5 %', '100 %')
    """
    return f"{nombre(_decimal(valeur) * 100, decimales, espace=espace)}{espace}%"


def est_singulier(valeur: Nombre) -> bool:
    """Whether a word after ``valeur`` is singular: below two (``0``, ``1``, ``1,5``).

    >>> [est_singulier(n) for n in (0, 1, "1.5", 2, -1, -2)]
    [True, True, True, False, True, False]
    """
    return abs(_decimal(valeur)) < 2


def heures(
    valeur: Nombre,
    decimales: int | None = None,
    *,
    zeros: bool = True,
    abrege: bool = False,
    espace: str = ESPACE,
) -> str:
    """A number of hours: ``800 heures``, ``1 heure``, ``1,5 heure``; ``800 h`` abridged.

    The number options are those of :func:`nombre`.

    >>> heures(800), heures(1), heures("1.5"), heures(0)
    ('800 heures', '1 heure', '1,5 heure', '0 heure')
    >>> heures(1600, abrege=True), heures("12.5", 2, abrege=True)
    ('1 600 h', '12,50 h')
    """
    unit = "h" if abrege else "heure" if est_singulier(valeur) else "heures"
    return f"{nombre(valeur, decimales, zeros=zeros, espace=espace)}{espace}{unit}"


def pluriel(
    quantite: Nombre, singulier: str, forme_plurielle: str | None = None, *, espace: str = ESPACE
) -> str:
    """A quantity and its noun, agreed: ``1 lot``, ``2 lots``, ``3 mois``.

    ``forme_plurielle`` is the plural when it is not the singular plus ``s``.

    >>> pluriel(1, "lot"), pluriel(2, "lot"), pluriel(0, "marché")
    ('1 lot', '2 lots', '0 marché')
    >>> pluriel(24, "mois", "mois"), pluriel(1_500, "personne")
    ('24 mois', '1 500 personnes')
    """
    if est_singulier(quantite):
        word = singulier
    else:
        word = forme_plurielle if forme_plurielle is not None else singulier + "s"
    return f"{nombre(quantite, espace=espace)}{espace}{word}"


def liste(mots: Sequence[str], conjonction: str = "et") -> str:
    """Words joined the French way: ``a, b et c``.

    >>> liste(["travaux", "fournitures", "services"], "ou")
    'travaux, fournitures ou services'
    >>> liste(["un"]), liste([])
    ('un', '')
    """
    if len(mots) <= 1:
        return "".join(mots)
    return f"{', '.join(mots[:-1])} {conjonction} {mots[-1]}"


def date_longue(jour: date) -> str:
    """A date in a sentence: ``21 août 2026``; the first of a month is ``1er``.

    >>> date_longue(date(2026, 8, 1)), date_longue(date(2026, 12, 21))
    ('1er août 2026', '21 décembre 2026')
    """
    day = "1er" if jour.day == 1 else str(jour.day)
    return f"{day} {_MOIS[jour.month - 1]} {jour.year}"


def date_courte(jour: date) -> str:
    """A date in a table or a short text: ``dd/mm/yyyy``.

    >>> date_courte(date(2026, 8, 1))
    '01/08/2026'
    """
    return jour.strftime("%d/%m/%Y")
