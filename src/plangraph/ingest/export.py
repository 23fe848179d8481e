"""An existing plan as rows of the spreadsheet template (``plangraph export-plan``)."""

from __future__ import annotations

from pathlib import Path

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.load import load_store
from plangraph.ingest.template import DIRECTIONS, MEASURES, UNITS

SKOS = "http://www.w3.org/2004/02/skos/core#"
_QUERY = """
PREFIX pg: <https://w3id.org/plangraph/def/plangraph#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
SELECT ?e ?kind ?number ?parent ?thai ?english ?value ?unit ?year ?cadence ?direction
       ?measure ?line ?location ?printed ?vw ?yw ?by ?bw ?definition ?phase ?section ?end
       ?definition_en ?phase_en
WHERE {
  ?e skos:inScheme PLAN ; a ?kind ; skos:prefLabel ?thai .
  FILTER (lang(?thai) = "th" && STRSTARTS(STR(?kind), STR(pg:)))
  OPTIONAL { ?e skos:prefLabel ?english FILTER (langMatches(lang(?english), "en")) }
  OPTIONAL { ?e skos:notation ?number } OPTIONAL { ?e pg:partOf ?parent }
  OPTIONAL { ?e pg:sourceLine ?line } OPTIONAL { ?e pg:sourceLocation ?location }
  OPTIONAL { ?e pg:sourceLineEnd ?end } OPTIONAL { ?e pg:sourceNotation ?printed }
  OPTIONAL { ?e pg:sourceSection ?section } OPTIONAL { ?e skos:definition ?definition
             FILTER (lang(?definition) = "th") }
  OPTIONAL { ?e pg:firstPhaseConcept ?phase FILTER (lang(?phase) = "th") }
  OPTIONAL { ?e skos:definition ?definition_en FILTER (langMatches(lang(?definition_en), "en")) }
  OPTIONAL { ?e pg:firstPhaseConcept ?phase_en FILTER (langMatches(lang(?phase_en), "en")) }
  OPTIONAL { ?e pg:hasTarget ?t . ?t qudt:numericValue ?value ; qudt:unit ?unit ;
             pg:direction ?direction ; pg:measure ?measure ; pg:valueWording ?vw .
    OPTIONAL { ?t pg:targetYear ?year } OPTIONAL { ?t pg:cadence ?cadence }
    OPTIONAL { ?t pg:yearWording ?yw } OPTIONAL { ?t pg:baselineYear ?by }
    OPTIONAL { ?t pg:baselineWording ?bw } }
}"""


def export_plan(slug: str, sources: list[Path] | None = None
                ) -> tuple[str | None, list[dict[str, str]]]:
    """Plan ``slug``'s Thai title and its elements as template rows, in source order."""
    import pyoxigraph as ox

    store = load_store(paths.validation_sources(sources) if sources else None)
    plan = ox.NamedNode(f"{paths.ID_BASE}plan/{slug}")
    titles = store.query(f'SELECT ?t WHERE {{ {plan} <{SKOS}prefLabel> ?t '
                         'FILTER (lang(?t) = "th") }', use_default_graph_as_union=True)
    title = next((row["t"].value for row in titles), None)
    prefix = f"{paths.ID_BASE}{slug}/"
    rows = []
    query = _QUERY.replace("PLAN", str(plan))  # the library's N-Triples form of the IRI
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        row = {n: _plain(sol[n]) for n in names if sol[n] is not None}
        rows.append(_row(row, prefix))
    if not rows:
        raise PlangraphError(f"export-plan: no plan <plan/{slug}> with elements in the data")
    rows.sort(key=lambda r: (int(r["source"]) if r["source"].isdigit() else 0, r["id"]))
    return title, rows


def _plain(term: object) -> str:
    return str(getattr(term, "value", term))


def _row(r: dict[str, str], prefix: str) -> dict[str, str]:
    local = {u: k for k, u in UNITS.items()}
    unit = r.get("unit", "")
    for curie, base in (("unit:", "http://qudt.org/vocab/unit/"),
                        ("pgunit:", "https://w3id.org/plangraph/def/unit/")):
        unit = unit.replace(base, curie)
    pg = paths.PG
    return {
        "kind": r["kind"].removeprefix(pg), "number": r.get("number", ""),
        "parent": r.get("parent", "").removeprefix(prefix), "thai": r["thai"],
        "english": r.get("english", ""), "value": r.get("value", ""),
        "unit": local.get(unit, unit), "year": r.get("year", ""),
        "cadence": "annual" if r.get("cadence") else "",
        "direction": _key(DIRECTIONS, r.get("direction", "").removeprefix(pg)),
        "measure": _key(MEASURES, r.get("measure", "").removeprefix(pg)),
        "source": r.get("line") or r.get("location", ""), "id": r["e"].removeprefix(prefix),
        "printed": r.get("printed", ""), "value_wording": r.get("vw", ""),
        "year_wording": r.get("yw", ""), "baseline_year": r.get("by", ""),
        "baseline_wording": r.get("bw", ""), "definition": r.get("definition", ""),
        "first_phase": r.get("phase", ""), "definition_en": r.get("definition_en", ""),
        "first_phase_en": r.get("phase_en", ""), "section": r.get("section", ""),
        "end_line": r.get("end", ""),
    }


def _key(options: dict[str, str], value: str) -> str:
    return next((k for k, v in options.items() if v == value), value)
