"""plangraph: Thailand's development-plan cascade as RDF (ontology, SHACL, SPARQL).

The public API that notebooks and the CLI share (these examples run as tests)::

    >>> import plangraph
    >>> ds = plangraph.load()                     # every ontology and data file
    >>> rows = plangraph.query("indicators", graph=ds, plan="lampang")
    >>> rows[0]["label_th"]
    'จำนวนนักท่องเที่ยวเพิ่มขึ้น ร้อยละ ๑๐ ต่อปี'
    >>> sorted({r["target_year"] for r in plangraph.query("indicators", graph=ds)} - {None})
    [2022]
    >>> paths = plangraph.query("rollup", graph=ds, indicator="lampang/issue/2/indicator/3")
    >>> for name in sorted({r["ns_strategy_th"] for r in paths}):
    ...     print(name)
    ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรกับสิ่งแวดล้อม
    ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน
    ยุทธศาสตร์ชาติด้านความมั่นคง
    >>> df = plangraph.query_df("indicators", graph=ds)     # needs pandas
    >>> str(df["target_year"].dtype), df["target_value"].dtype.kind
    ('Int64', 'f')

Many queries on the same data answer faster in a session: the data is copied once into
the embedded store and one worker process answers them all (with the same time limit)::

    >>> with plangraph.session(ds) as s:
    ...     len(plangraph.query("indicators", session=s, plan="lampang"))
    ...     len(plangraph.query("coverage", session=s))
    14
    21

``query_df`` needs pandas (``pip install 'plangraph[pandas]'``); it gives numbers as numbers
(decimals as floats) and ``xsd:gYear`` years as integers.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from plangraph.errors import PlangraphError
from plangraph.graph.load import load

if TYPE_CHECKING:
    import pandas

    from plangraph.sparql.results import Result
    from plangraph.sparql.session import QuerySession

try:
    __version__ = version("plangraph")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["PlangraphError", "__version__", "load", "query", "query_df", "session"]


def session(graph: Graph | None = None) -> QuerySession:
    """A query session over ``graph`` (default: every project file), for ``with``.

    The data is copied once into an embedded store (a later change to ``graph`` is not seen:
    open a new session), and one worker process answers every query given ``session=``.
    """
    from plangraph.graph.load import load_store
    from plangraph.graph.terms import to_oxigraph
    from plangraph.sparql.session import QuerySession

    return QuerySession(load_store(None) if graph is None else to_oxigraph(graph))


def query(name: str, graph: Graph | None = None, *, timeout: float | None = None,
          session: QuerySession | None = None, **params: Any) -> list[dict[str, Any]]:
    """Run a library query (or query text); rows as dicts of Python values.

    The query stops after ``timeout`` seconds (default 120; 0 for no limit) or on Ctrl-C.
    With a ``session`` (:func:`session`) it runs over the session's data, not ``graph``.

    IRIs and blank nodes become ``str``, literals their ``toPython()`` value (a year, an
    ``xsd:gYear``, an ``int``), unbound None.
    Keyword arguments are the query's declared parameters (CURIEs like ``pg:X`` work).
    An ASK query gives one empty row for true and none for false.
    """
    from plangraph.graph.terms import to_python

    result = _execute(name, graph, session, params, timeout=timeout)
    return [{k: to_python(v) for k, v in row.items()} for row in result.rows]


def _execute(name: str, graph: Graph | None, session: QuerySession | None,
             params: dict[str, Any], **options: Any) -> Result:
    """The query run over ``graph`` or in ``session`` with raw ``params``."""
    from plangraph.sparql.engines import execute

    if graph is not None and session is not None:
        raise PlangraphError("give a graph or a session, not both")
    raw = {k: str(v) for k, v in params.items()}
    return execute(name, raw, graph=graph, session=session, **options)


def query_df(name: str, graph: Graph | None = None, *, session: QuerySession | None = None,
             **params: Any) -> pandas.DataFrame:
    """:func:`query` as a pandas DataFrame (columns in the query's variable order), numbers
    as numbers (decimals as floats) and years as integers."""
    try:
        import pandas
    except ImportError:
        raise PlangraphError("query_df needs pandas: pip install 'plangraph[pandas]'") from None
    from plangraph.graph.terms import to_number

    result = _execute(name, graph, session, params)
    rows = [[to_number(row.get(v)) for v in result.vars] for row in result.rows]
    df = pandas.DataFrame(rows, columns=result.vars)
    for column, values in zip(result.vars, zip(*rows, strict=True), strict=False):
        present = [v for v in values if v is not None]
        if present and None in values and all(type(v) is int for v in present):
            df[column] = df[column].astype("Int64")  # years with gaps stay integers
    return df
