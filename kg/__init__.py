"""SIKG: a clinical knowledge graph and query service for next-therapy eligibility in sacroiliitis."""

__version__ = "0.1.0"
