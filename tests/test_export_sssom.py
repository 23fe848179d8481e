"""The alignment claims as SSSOM/TSV, checked against the SSSOM schema's rules.

The ``sssom`` package itself (``parse_sssom_table``) is in the test extra (with pandas, for
``query_df``), so its test below runs in CI too. The other tests check the same rules from
the schema (sssom_schema.yaml): required slots, known column names, the
mapping_justification pattern, declared prefixes, confidence range, dates, absolute URIs for
set-level identifiers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, Namespace, URIRef
from rdflib.namespace import PROV

from plangraph.publish.export import INSTANCE_BASE, bases_for, public_dataset
from plangraph.publish.sssom import COLUMNS, to_tsv, write_sssom

PG = Namespace("https://w3id.org/plangraph/def/plangraph#")

# From sssom_schema.yaml (slots of the Mapping class).
MAPPING_SLOTS = {
    "subject_id", "subject_label", "subject_category", "subject_type", "subject_source",
    "subject_source_version", "subject_match_field", "subject_preprocessing",
    "predicate_id", "predicate_label", "predicate_modifier", "predicate_type",
    "object_id", "object_label", "object_category", "object_type", "object_source",
    "object_source_version", "object_match_field", "object_preprocessing",
    "mapping_justification", "author_id", "author_label", "reviewer_id", "reviewer_label",
    "creator_id", "creator_label", "license", "mapping_provider", "mapping_source",
    "mapping_cardinality", "cardinality_scope", "mapping_tool", "mapping_tool_id",
    "mapping_tool_version", "mapping_date", "publication_date", "review_date", "confidence",
    "curation_rule", "curation_rule_text", "match_string", "similarity_score",
    "similarity_measure", "issue_tracker_item", "see_also", "other", "comment", "record_id",
}  # fmt: skip
ENTITY_REFERENCE_SLOTS = {
    "subject_id", "predicate_id", "object_id", "mapping_justification", "author_id",
    "curation_rule", "subject_source", "object_source",
}  # fmt: skip
JUSTIFICATION = re.compile(
    r"^semapv:(MappingReview|ManualMappingCuration|LogicalReasoning|LexicalMatching|"
    r"CompositeMatching|UnspecifiedMatching|SemanticSimilarityThresholdMatching|"
    r"LexicalSimilarityThresholdMatching|MappingChaining|MappingInversion|StructuralMatching|"
    r"InstanceBasedMatching|BackgroundKnowledgeBasedMatching)$"
)
BUILTIN_PREFIXES = {"sssom", "owl", "rdf", "rdfs", "skos", "semapv", "xsd", "linkml", "pav"}


def parse_tsv(text: str) -> tuple[dict, list[dict[str, str]]]:
    """Split an SSSOM/TSV file into its metadata (the small YAML subset we emit) and rows."""
    meta: dict = {}
    current: str | None = None
    lines = text.split("\n")
    body_start = 0
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = i
            break
        content = line[1:]
        if content.startswith("  ") and current:
            key, _, value = content.strip().partition(": ")
            meta[current][key] = json.loads(value)
            continue
        key, _, value = content.partition(":")
        value = value.strip()
        if value:
            meta[key] = json.loads(value)
            current = None
        else:
            meta[key] = {}
            current = key
    header, *rows = [line for line in lines[body_start:] if line]
    columns = header.split("\t")
    return meta, [dict(zip(columns, r.split("\t"), strict=True)) for r in rows]


@pytest.fixture(scope="module")
def parsed(project_graph) -> tuple[dict, list[dict[str, str]]]:
    return parse_tsv(to_tsv(project_graph))


def test_metadata(parsed):
    meta, _ = parsed
    assert meta["mapping_set_id"].startswith("https://")
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["curie_map"]["pgid"] == INSTANCE_BASE
    assert meta["sssom_version"] == "1.1"
    assert set(meta) <= MAPPING_SLOTS | {
        "curie_map", "mapping_set_id", "mapping_set_title", "mapping_set_description",
        "sssom_version", "license", "creator_id",
    }  # fmt: skip


def test_columns_and_rows_follow_the_schema(parsed):
    meta, rows = parsed
    assert rows
    prefixes = set(meta["curie_map"]) | BUILTIN_PREFIXES
    for row in rows:
        assert list(row) == list(COLUMNS)
        assert set(row) <= MAPPING_SLOTS
        for slot in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            assert row[slot], slot
        assert JUSTIFICATION.match(row["mapping_justification"])
        assert row["predicate_id"] in ("skos:broadMatch", "skos:closeMatch")
        for slot in ENTITY_REFERENCE_SLOTS:
            for value in filter(None, row[slot].split("|")):
                prefix, sep, _ = value.partition(":")
                assert sep and prefix in prefixes, (slot, value)
        assert 0.0 <= float(row["confidence"]) <= 1.0
        dt.date.fromisoformat(row["mapping_date"])
        assert row["curation_rule"] in ("pg:Stated", "pg:Curated")
        assert row["curation_rule_text"] == row["curation_rule"][3:].lower()
        assert row["comment"] and row["subject_label"]


def test_rows_are_the_claims(parsed, project_graph):
    meta, rows = parsed
    curie_map = meta["curie_map"]

    def expand(curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return URIRef(curie_map[prefix] + local)

    from_tsv = {
        (
            expand(r["subject_id"]),
            expand(r["predicate_id"]),
            expand(r["object_id"]),
            r["confidence"],
        )
        for r in rows
    }
    claims = list(project_graph.subjects(RDF.type, PG.Alignment))
    from_graph = {
        (
            project_graph.value(c, PG.fromElement),
            project_graph.value(c, PG.relation),
            project_graph.value(c, PG.toElement),
            str(project_graph.value(c, PG.confidence)),
        )
        for c in claims
    }
    assert len(rows) == len(claims) and from_tsv == from_graph
    stated = sum(1 for c in claims if project_graph.value(c, PG.basis) == PG.Stated)
    assert sum(1 for r in rows if r["curation_rule"] == "pg:Stated") == stated
    authors = {expand(r["author_id"]) for r in rows}
    assert authors == set(project_graph.objects(None, PROV.wasAttributedTo))


def test_thai_labels_and_english_comment(parsed):
    _, rows = parsed
    thai = re.compile("[\u0e00-\u0e7f]")
    assert all(thai.search(r["subject_label"]) and thai.search(r["object_label"]) for r in rows)
    assert not any(thai.search(r["comment"]) for r in rows if "«" not in r["comment"])


def test_base_moves_the_curie_map(project_graph, tmp_path):
    base = "http://example.org/pg/id/"
    bases = bases_for(base)
    path = write_sssom(public_dataset(project_graph, bases), tmp_path / "a.sssom.tsv", bases)
    meta, rows = parse_tsv(path.read_text(encoding="utf-8"))
    assert meta["curie_map"]["pgid"] == base
    assert meta["mapping_set_id"] == "http://example.org/pg/data/alignments"
    assert INSTANCE_BASE not in path.read_text(encoding="utf-8")


def test_parses_with_the_sssom_package(project_graph, tmp_path: Path):
    sssom_parsers = pytest.importorskip("sssom.parsers")
    path = write_sssom(project_graph, tmp_path / "alignments.sssom.tsv")
    msdf = sssom_parsers.parse_sssom_table(str(path))
    assert len(msdf.df) == len(list(project_graph.subjects(RDF.type, PG.Alignment)))
