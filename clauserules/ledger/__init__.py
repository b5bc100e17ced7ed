"""« Which insertion hours count, for which market, and why? »

:mod:`.model` holds the five input tables and their readers, :mod:`.service` counts.
"""

from clauserules.ledger.model import Parcours, read_parcours
from clauserules.ledger.service import Ledger, count_hours

__all__ = ["Ledger", "Parcours", "count_hours", "read_parcours"]
