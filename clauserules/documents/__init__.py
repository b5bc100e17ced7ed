"""« Write the RC, the CCAP and the decision record of a consultation. »"""

from clauserules.documents.service import generate_documents

__all__ = ["generate_documents"]
