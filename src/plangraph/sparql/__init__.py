"""SPARQL: a library query (``queries/*.rq``) and raw parameters in, rows out.

``library`` reads the query files and their headers; ``params`` turns user values into
checked RDF terms; ``safety`` refuses updates, network access and unbindable parameters;
``engines`` runs a query embedded (pyoxigraph, rdflib) or via ``remote`` on a SPARQL 1.1
endpoint; ``results`` holds the rows and renders them as a table, CSV, TSV or JSON.
"""

from plangraph.sparql.engines import DEFAULT_ENGINE, ENGINES, execute, run
from plangraph.sparql.library import QueryInfo, list_queries, resolve
from plangraph.sparql.results import Result

__all__ = ["DEFAULT_ENGINE", "ENGINES", "QueryInfo", "Result", "execute", "list_queries",
           "resolve", "run"]
