"""Publication data of a plan, and an audit of published DECP.

- :func:`plan_to_decp`: the « données essentielles » (DECP 2.0) fragment of every lot;
- :func:`plan_to_eforms`: the eForms business terms of every lot (SDK field ids);
- :func:`check_decp` / :func:`audit_decp`: an audit of published DECP records (did the
  mandatory social condition apply, is a social consideration declared).

Choices the standards do not settle are recorded in
``docs/decisions/0045-publication-decp-eforms.md``; the user guide is
``docs/guide/publier-les-donnees.md``.
"""

from __future__ import annotations

from clauserules.publication.check_decp import check_decp, check_records
from clauserules.publication.decp import plan_to_decp
from clauserules.publication.decp_audit import audit_decp
from clauserules.publication.eforms import plan_to_eforms

__all__ = ["audit_decp", "check_decp", "check_records", "plan_to_decp", "plan_to_eforms"]
