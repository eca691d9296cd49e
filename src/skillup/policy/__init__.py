"""SkillUp policy engine: the Shangyu skills-action plan as data and rules. Imports no Django.

from skillup.policy import quote, Claim, Person
decision = quote(Claim(scheme="vocational_certificate", date=date(2020, 6, 15), occupation="焊工",
                       level="高级", hours=100))
"""

from .catalogue import Catalogue, CatalogueError, default_catalogue, load_catalogue
from .engine import Quoter, UnknownScheme, quote, quote_many
from .model import BasisItem, Claim, Decision, HistoryItem, Person

__all__ = [
    "BasisItem",
    "Catalogue",
    "CatalogueError",
    "Claim",
    "Decision",
    "HistoryItem",
    "Person",
    "Quoter",
    "UnknownScheme",
    "default_catalogue",
    "load_catalogue",
    "quote",
    "quote_many",
]
