"""plangraph: Thailand's development-plan cascade as RDF (ontology, SHACL, SPARQL).

The public API that notebooks and the CLI share::

    import plangraph
    ds = plangraph.load()                       # every ontology and data file
    rows = plangraph.query("indicator-register", indicator="pg:...")
    df = plangraph.query_df("indicator-register")   # needs pandas
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from plangraph.errors import PlangraphError
from plangraph.graph.load import load

if TYPE_CHECKING:
    import pandas

try:
    __version__ = version("plangraph")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["PlangraphError", "__version__", "load", "query", "query_df"]


def query(name: str, graph: Graph | None = None, **params: Any) -> list[dict[str, Any]]:
    """Run a library query; rows as dicts of Python values.

    IRIs and blank nodes become ``str``, literals their ``toPython()`` value, unbound None.
    Keyword arguments are the query's declared parameters (CURIEs like ``pg:X`` work).
    An ASK query gives one empty row for true and none for false.
    """
    from plangraph.graph.terms import to_python
    from plangraph.sparql.engines import execute

    raw = {k: str(v) for k, v in params.items()}
    result = execute(name, raw, graph=graph)
    return [{k: to_python(v) for k, v in row.items()} for row in result.rows]


def query_df(name: str, graph: Graph | None = None, **params: Any) -> pandas.DataFrame:
    """:func:`query` as a pandas DataFrame (columns in the query's variable order)."""
    try:
        import pandas
    except ImportError:
        raise PlangraphError("query_df needs pandas: pip install 'plangraph[pandas]'") from None
    from plangraph.graph.terms import to_python
    from plangraph.sparql.engines import execute

    result = execute(name, {k: str(v) for k, v in params.items()}, graph=graph)
    rows = [[to_python(row.get(v)) for v in result.vars] for row in result.rows]
    return pandas.DataFrame(rows, columns=result.vars)
