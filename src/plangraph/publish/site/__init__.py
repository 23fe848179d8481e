"""The static linked-data site: one HTML page (with Turtle and JSON-LD beside it) per resource.

``writer`` writes the site; ``model`` reads what each page shows from the index; ``layout``
says where each page goes and how pages link; ``markup`` holds the most-used template pieces
as Python; ``ontology`` documents the ontology and units; ``templates/`` the Jinja pages.
"""

from plangraph.publish.site.writer import build_site

__all__ = ["build_site"]
