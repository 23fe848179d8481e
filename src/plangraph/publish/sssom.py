"""The alignment claims (``pg:Alignment``) as an SSSOM/TSV mapping set.

One row per claim: ``subject_id`` is the lower element (``pg:fromElement``),
``object_id`` the higher one (``pg:toElement``), ``predicate_id`` the SKOS mapping
property (``pg:relation``). Labels are the Thai ``skos:prefLabel`` (the source wording),
``comment`` is the English justification. Both kinds of claim were made by people
reading the texts, so ``mapping_justification`` is ``semapv:ManualMappingCuration``;
whether the plan text states the link or plangraph's curators judged it goes in
``curation_rule`` as ``pg:Stated`` / ``pg:Curated`` (resolvable concepts with a
definition), with the English label ``stated``/``curated`` in ``curation_rule_text``.
A negative claim (``pg:predicateModifier pg:Not``, a reviewer's rejection) has
``predicate_modifier: Not``; draft suggestions (``pg:Suggested``) are not claims yet and are
left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from plangraph.errors import PlangraphError
from plangraph.graph.index import Index, Term
from plangraph.graph.vocab import DCTERMS, PG, PROV, RDF, SKOS, XSD
from plangraph.publish.catalog import license_of
from plangraph.publish.public import ALIGNMENTS_SLUG, Bases, PublicData, Source, public_data
from plangraph.runtime.atomic import atomic_write

SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM_FILE_NAME = "alignments.sssom.tsv"
SSSOM_MEDIA_TYPE = "text/tab-separated-values"
SSSOM_VERSION = "1.1"
INSTANCE_PREFIX = "pgid"
JUSTIFICATION = "semapv:ManualMappingCuration"

COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_id",
    "mapping_date",
    "curation_rule",
    "curation_rule_text",
    "subject_source",
    "object_source",
    "comment",
)


def curie_map(bases: Bases) -> dict[str, str]:
    """The prefixes the TSV uses (SSSOM needs every prefix of a CURIE declared)."""
    return {
        INSTANCE_PREFIX: bases.instance,
        "pg": PG.iri,
        "skos": SKOS.iri,
        "semapv": SEMAPV,
    }


def _curie(term: Term, prefixes: Mapping[str, str]) -> str:
    """``prefix:local`` for an IRI under a declared namespace (longest match wins)."""
    text = term.value
    best = max(
        ((p, ns) for p, ns in prefixes.items() if text.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    if best is None or not isinstance(term, ox.NamedNode):
        raise PlangraphError(f"SSSOM export: no prefix declared for {term}")
    return f"{best[0]}:{text[len(best[1]) :]}"


def _text(values: Iterable[Term], lang: str) -> str:
    """Literals in language ``lang`` (``en`` also takes ``en-t-th``), sorted, one line."""
    chosen = sorted(
        v.value
        for v in values
        if isinstance(v, ox.Literal)
        and v.language
        and (v.language == lang or v.language.startswith(lang + "-"))
    )
    return " ".join(" ".join(chosen).split())


_DATE_TYPES = (XSD.date, XSD.dateTime, XSD.dateTimeStamp)


def _date(values: Iterable[Term]) -> str:
    """The earliest ``dcterms:created`` date or date-time as ``YYYY-MM-DD`` (empty when none)."""
    dates = []
    for v in values:
        if isinstance(v, ox.Literal) and v.datatype in _DATE_TYPES:
            try:
                dates.append(dt.date.fromisoformat(v.value[:10]).isoformat())
            except ValueError:
                continue
    return min(dates) if dates else ""


def _decimal(values: Iterable[Term]) -> str:
    """The confidence as written (one value; empty when absent)."""
    found = sorted(v.value for v in values if isinstance(v, ox.Literal))
    return found[0] if found else ""


def _one(index: Index, subject: Term | None, predicate: ox.NamedNode) -> Term | None:
    """The single object (sorted first when the data has more: the shapes forbid that)."""
    objects = sorted(index.objects(subject, predicate), key=str)
    return objects[0] if objects else None


def rows(index: Index, bases: Bases) -> list[dict[str, str]]:
    """One SSSOM row per ``pg:Alignment`` claim, sorted by subject, object, predicate."""
    prefixes = curie_map(bases)
    out: list[dict[str, str]] = []
    for claim in sorted(index.subjects_of(RDF.type, PG.Alignment), key=str):
        subject = _one(index, claim, PG.fromElement)
        obj = _one(index, claim, PG.toElement)
        relation = _one(index, claim, PG.relation)
        if subject is None or obj is None or relation is None:
            raise PlangraphError(
                f"SSSOM export: {claim} lacks pg:fromElement, pg:toElement or pg:relation"
            )
        basis = _one(index, claim, PG.basis)
        if basis == PG.Suggested:  # a draft, not yet a claim (`plangraph suggest` has its own)
            continue
        modifier = _one(index, claim, PG.predicateModifier)
        authors = sorted(index.objects(claim, PROV.wasAttributedTo), key=str)
        row = {
            "subject_id": _curie(subject, prefixes),
            "subject_label": _text(index.objects(subject, SKOS.prefLabel), "th"),
            "predicate_id": _curie(relation, prefixes),
            "predicate_modifier": "Not" if modifier == PG.Not else "",
            "object_id": _curie(obj, prefixes),
            "object_label": _text(index.objects(obj, SKOS.prefLabel), "th"),
            "mapping_justification": JUSTIFICATION,
            "confidence": _decimal(index.objects(claim, PG.confidence)),
            "author_id": "|".join(_curie(a, prefixes) for a in authors),
            "mapping_date": _date(index.objects(claim, DCTERMS.created)),
            "curation_rule": _curie(basis, prefixes) if basis is not None else "",
            "curation_rule_text": _text(index.objects(basis, SKOS.prefLabel), "en"),
            "subject_source": _scheme(index, subject, prefixes),
            "object_source": _scheme(index, obj, prefixes),
            "comment": _text(index.objects(claim, PG.justification), "en"),
        }
        out.append(row)
    out.sort(key=lambda r: (r["subject_id"], r["object_id"], r["predicate_id"]))
    return out


def _scheme(index: Index, element: Term, prefixes: Mapping[str, str]) -> str:
    """The element's plan (``skos:inScheme``) as a CURIE."""
    plan = _one(index, element, SKOS.inScheme)
    return _curie(plan, prefixes) if plan is not None else ""


def _yaml_str(value: str) -> str:
    """A double-quoted YAML scalar (JSON string escapes are valid YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def header(index: Index, bases: Bases) -> list[str]:
    """The ``#``-prefixed YAML metadata block."""
    lines = [
        f"sssom_version: {_yaml_str(SSSOM_VERSION)}",
        "curie_map:",
        *(f"  {p}: {_yaml_str(ns)}" for p, ns in curie_map(bases).items()),
        f"mapping_set_id: {_yaml_str(str(bases.dataset_iri(ALIGNMENTS_SLUG)))}",
        f"mapping_set_title: {_yaml_str('plangraph alignment claims between plan levels')}",
        "mapping_set_description: "
        + _yaml_str(
            "Claims that an element of a lower Thai development plan serves (skos:broadMatch) "
            "or measures the same quantity as (skos:closeMatch) an element of a higher plan. "
            "curation_rule pg:Stated: the plan text states the link; pg:Curated: plangraph's "
            "curators judged it from both texts. Labels are the Thai source wording."
        ),
        f"license: {_yaml_str(str(license_of(index)))}",
        f"creator_id: [{_yaml_str(INSTANCE_PREFIX + ':agent/plangraph')}]",
    ]
    return ["#" + line for line in lines]


def _cell(value: str) -> str:
    """A TSV cell: tabs and line breaks cannot occur inside (they would split the row)."""
    return " ".join(value.replace("\t", " ").split())


def to_tsv(source: Source | PublicData, bases: Bases | None = None) -> str:
    """The whole SSSOM/TSV text (metadata header, column row, one row per claim)."""
    bases = bases or Bases()
    index = public_data(source, bases).index
    lines = header(index, bases)
    lines.append("\t".join(COLUMNS))
    for row in rows(index, bases):
        lines.append("\t".join(_cell(row[c]) for c in COLUMNS))
    return "\n".join(lines) + "\n"


def write_sssom(source: Source | PublicData, path: Path, bases: Bases | None = None) -> Path:
    """Write the mapping set to ``path`` atomically; returns ``path``."""
    atomic_write(path, to_tsv(source, bases))
    return path
