"""Validation: the graph in, a :class:`Report` of findings (grouped by element) out.

``ontology/shapes.ttl`` is checked by pySHACL, the reference (``reference``), or by the fast
validator on pyoxigraph (``fast``), which evaluates the SHACL subset the shapes use and
refuses any other feature.
"""

from plangraph.validate.fast import validate_fast
from plangraph.validate.reference import Finding, Report, validate, validation_sources

__all__ = ["Finding", "Report", "validate", "validate_fast", "validation_sources"]
