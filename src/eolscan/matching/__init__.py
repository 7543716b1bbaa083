"""From raw inventory strings to (product, candidate cycles): rules, identifiers, names."""

from eolscan.matching.matcher import Matcher

__all__ = ["Matcher"]
