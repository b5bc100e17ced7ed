"""« Which insertion hours count, for which market, and why? »

:mod:`.model` holds the five input tables, :mod:`.readers` reads them, :mod:`.checks`
checks their values (no engine), :mod:`.service` counts through :mod:`.window`,
:mod:`.counting`, :mod:`.situations`, :mod:`.globalisation` and :mod:`.results` into the
:mod:`.output` models, rendered by :mod:`.export` and :mod:`.text`.
"""

from clauserules.ledger.model import Parcours
from clauserules.ledger.output import Ledger
from clauserules.ledger.readers import read_parcours
from clauserules.ledger.service import count_hours

__all__ = ["Ledger", "Parcours", "count_hours", "read_parcours"]
