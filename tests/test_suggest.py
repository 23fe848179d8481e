"""The link suggester: tokens, evidence, ranking, SSSOM and draft claims, review end to end."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import run_cli
from plangraph import paths
from plangraph.align import calibrate
from plangraph.align import evaluate as ev
from plangraph.align.methods import METHODS, STRUCTURAL, Scorer
from plangraph.align.suggest import suggest
from plangraph.align.texts import read_cascade
from plangraph.align.tokens import normalise, tokens, words
from plangraph.graph.load import load_store

ID = paths.ID_BASE


@pytest.fixture(scope="module")
def cascade():
    return read_cascade(load_store())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of data/ to suggest into and review."""
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    for extra in ("suggested.ttl", "reviews.ttl"):
        (folder / extra).unlink(missing_ok=True)
    return folder


def test_normalise_drops_noise_and_cuts_nominalisers():
    assert normalise("การพัฒนา") == ""  # boilerplate once the prefix is cut
    assert normalise("การท่องเที่ยว") == "ท่องเที่ยว"
    assert normalise("๒๕๖๕") == "" and normalise("(GINI") == "gini"
    assert normalise("และ") == ""


def test_token_offsets_point_at_the_surface_form():
    text = "การพัฒนาเศรษฐกิจท่องเที่ยวและการค้าในพื้นที่"
    for tok in tokens(text):
        assert text[tok.start:tok.start + len(tok.surface)] == tok.surface


def test_every_method_scores_every_candidate(cascade):
    cands = [e.iri for e in cascade.candidates(4, "top", "lampang")]
    for method in METHODS:
        scores = Scorer(cascade, method).scores(ID + "lampang/issue/1", cands)
        assert scores.shape == (len(cands),) and np.all(np.isfinite(scores))


def test_structural_methods_never_read_the_elements_own_claims(cascade):
    """The leave-one-out figures of ``siblings`` and ``neighbours`` are honest only if an
    element's own claims (the ones being hidden) do not move its scores."""
    from plangraph.align.texts import Cascade, Claim

    source = next(c.source for c in cascade.claims if c.basis == "curated"
                  and cascade.elements[c.source].group == "top")
    element = cascade.elements[source]
    cands = [e.iri for e in cascade.candidates(element.rank - 1, "top", element.plan)]
    mine = [c for c in cascade.claims if c.source == source]
    others = [c for c in cascade.claims if c.source != source]
    extra = Claim("urn:x", source, cands[-1], "", "curated", False)
    for method in STRUCTURAL:
        full = Scorer(cascade, method).scores(source, cands)
        bare = Scorer(Cascade(cascade.elements, others, cascade.above, cascade.groups), method)
        more = Scorer(Cascade(cascade.elements, others + mine + [extra], cascade.above,
                              cascade.groups), method)
        assert np.allclose(full, bare.scores(source, cands))
        assert np.allclose(full, more.scores(source, cands))


def test_hidden_claims_leave_the_prior(cascade):
    """A sibling's claim moves the prior; hidden, it no longer does."""
    claim = next(c for c in cascade.claims if c.basis == "curated" and not c.negative
                 and cascade.elements[c.source].group == "top")
    element = cascade.elements[claim.source]
    sibling = next(e.iri for e in cascade.in_plan(element.plan)
                   if e.group == element.group and e.iri != claim.source)
    target = cascade.elements[claim.target]
    cands = [e.iri for e in cascade.candidates(target.rank, target.group, element.plan)]
    scorer = Scorer(cascade, "siblings")
    seen = scorer.scores(sibling, cands)
    scorer.hidden = frozenset({claim.iri})
    hidden = scorer.scores(sibling, cands)
    assert hidden[cands.index(claim.target)] < seen[cands.index(claim.target)]


def test_expansion_never_reads_the_hidden_claim(cascade):
    """Every curated claim: the expanding methods rank its target exactly as they would if the
    claim had never been made (the expansion of the target leaves the query out)."""
    from plangraph.align.texts import Cascade

    full = {m: Scorer(cascade, m) for m in ("expand", "hybrid")}
    for claim in (c for c in cascade.claims if c.basis == "curated"):
        target = cascade.elements[claim.target]
        cands = [e.iri for e in cascade.candidates(target.rank, target.group,
                                                   cascade.elements[claim.source].plan)]
        bare = Cascade(cascade.elements, [c for c in cascade.claims if c != claim],
                       cascade.above, cascade.groups)
        for method, scorer in full.items():
            assert np.allclose(scorer.scores(claim.source, cands),
                               Scorer(bare, method).scores(claim.source, cands)), claim.iri


def test_expansion_carries_the_words_linked_from_below_until_hidden(cascade):
    """A title-only regional strategy gains the words of the cluster issue linked to it; with
    that claim hidden (as in the benchmark) it loses them again."""
    scorer = Scorer(cascade, "expand")
    claim = next(c for c in cascade.claims if c.basis == "curated"
                 and c.target.endswith("north/strategy/1") and "/issue/" in c.source)
    def vocab(iri: str) -> set[str]:
        return set(words(" ".join(t for _, t in cascade.segments(iri))))

    others = set().union(vocab(claim.target), *(
        vocab(c.source) for c in cascade.claims
        if c.target == claim.target and c.source != claim.source))
    new = sorted(vocab(claim.source) - others)[0]
    column = scorer.expander.vocabulary[new]
    query = next(e.iri for e in cascade.candidates(3, "top") if e.iri != claim.target)

    def weight() -> float:
        _, into = scorer._links()
        return scorer.expander.vector(claim.target, into.get(claim.target, ()), query)[column]

    assert weight() > 0
    scorer.hidden = frozenset({claim.iri})
    assert weight() == 0


def test_suggestions_skip_claimed_pairs_and_carry_true_evidence(cascade):
    found = suggest(cascade, "lampang", top=3)
    assert found
    claimed = {(c.source, c.target) for c in cascade.claims}
    for s in found:
        assert (s.source, s.target) not in claimed
        assert 0 <= s.confidence <= 1
        for e in s.evidence:
            for at, form in ((e.source_at, e.source_form), (e.target_at, e.target_form)):
                element, offset = at.rsplit("#", 1)
                label = cascade.elements[element].label
                assert label[int(offset):].startswith(form)


def test_unknown_plan_is_one_line_error(data):
    result = run_cli("suggest", "--plan", "nowhere", "--data", data, "--no-drafts")
    assert result.exit_code != 0 and "no plan 'nowhere'" in result.output


def test_the_suggester_beats_chance_and_ties_count_at_random(cascade):
    found = ev.cases(cascade, Scorer(cascade, "combo"), ("curated",))
    s = ev.summary(found)
    assert s["mrr"] > s["chance_mrr"] and s["r@1"] > s["chance@1"]
    tie = ev.Case("c", "p", "curated", above=0, tied=3, candidates=4, score=0, margin=0)
    assert tie.hit(1) == 0.25 and tie.hit(4) == 1.0


def test_confidence_grows_with_the_score():
    rows = calibrate.features(np.array([0.9, 0.5, 0.1]))
    conf = calibrate.confidence(rows)
    assert conf[0] > conf[1] > conf[2]
    table = calibrate.table([0.1, 0.15, 0.9], [0, 0, 1])
    assert [(n, share) for _, n, _, share in table] == [(2, 0.0), (1, 1.0)]


def _ids(drafts: Path) -> list[str]:
    return re.findall(r'dcterms:identifier "(s[0-9a-f]+)"', drafts.read_text(encoding="utf-8"))


def _pair(drafts: Path, sid: str) -> tuple[str, str]:
    block = drafts.read_text(encoding="utf-8").split(f'"{sid}"', 1)[1]
    return (re.search(r"pg:fromElement <([^>]+)>", block).group(1),
            re.search(r"pg:toElement <([^>]+)>", block).group(1))


def _links(row: dict) -> set[tuple[str, str]]:
    """The (lower, higher) links of a rollup CSV row's path."""
    levels = ("provincial", "cluster", "regional", "nesdp", "ns_sub", "ns_strategy")
    nodes = [row[level] for level in levels if row[level]]
    return set(zip(nodes, nodes[1:], strict=False))


def test_suggest_review_and_rerun_end_to_end(data: Path):
    drafts, reviews = data / "suggested.ttl", data / "reviews.ttl"
    args = ["--data", data, "--drafts", drafts]
    tables = ("rollup", "coverage", "gaps")
    before = {name: run_cli("query", name, "-f", "csv", "--data", data).stdout for name in tables}
    out = run_cli("suggest", "--plan", "lampang", *args)
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(
        line for line in out.stdout.splitlines() if not line.startswith("#"))), delimiter="\t"))
    assert rows and {r["mapping_justification"] for r in rows} == {"semapv:CompositeMatching"}
    assert all(r["mapping_tool"] == "plangraph suggest" for r in rows)

    # the drafts change nothing in rollup, coverage or gaps until asked for
    for name in tables:
        assert run_cli("query", name, "-f", "csv", "--data", data).stdout == before[name], name
    for name in ("rollup", "coverage"):
        asked = run_cli("query", name, "-f", "csv", "--data", data, "--include-suggested").stdout
        assert asked != before[name], name
    with_drafts = run_cli("query", "rollup", "-f", "csv", "--data", data, "--include-suggested")
    assert ",suggested," in with_drafts.stdout and len(with_drafts.stdout) > len(before["rollup"])

    # accept an issue-level suggestion, reject another
    ids = _ids(drafts)
    issue_ids = [i for i in ids if "/issue/" in _pair(drafts, i)[0]
                 and "/indicator/" not in _pair(drafts, i)[0]]
    accept, reject = issue_ids[0], ids[-1]
    accepted, rejected = _pair(drafts, accept), _pair(drafts, reject)
    done = run_cli("review", "--data", data, "--drafts", drafts, "--reviews", reviews,
                   "--accept", accept, "--reject", reject, "--reviewer", "Test Reviewer",
                   "--note", f"{accept}=Both texts checked by hand.")
    assert done.exit_code == 0, done.output
    assert accept not in _ids(drafts) and reject not in _ids(drafts)
    text = reviews.read_text(encoding="utf-8")
    assert "pg:predicateModifier pg:Not" in text and "Both texts checked by hand." in text

    valid = run_cli("validate", *sorted(data.glob("*.ttl")))
    assert valid.exit_code == 0, valid.output

    # re-run, keeping many more candidates than before: neither pair comes back
    run_cli("suggest", "--plan", "lampang", "--top", "20", *args)
    pairs = {_pair(drafts, i) for i in _ids(drafts)}
    assert len(pairs) > len(ids) and accepted not in pairs and rejected not in pairs
    # the accepted link is in rollup, each path through it naming the reviewer and the date
    day = re.search(r'dcterms:created "([0-9-]+)"', text).group(1)
    after = list(csv.DictReader(io.StringIO(
        run_cli("query", "rollup", "-f", "csv", "--data", data).stdout)))
    through = [r for r in after if accepted in _links(r)]
    assert through and all((r["reviewed_links"], r["reviewer_name"], r["reviewed_on"])
                           == ("1", "Test Reviewer", day) for r in through)
    assert all(r["reviewed_links"] == "0" and not r["reviewer"]
               for r in after if accepted not in _links(r))
    store = load_store(paths.validation_sources(sorted(data.glob("*.ttl"))))
    who = list(store.query(
        "PREFIX pg: <https://w3id.org/plangraph/def/plangraph#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        f"SELECT ?name ?day WHERE {{ ?c pg:fromElement <{accepted[0]}> ; pg:toElement "
        f"<{accepted[1]}> ; pg:basis pg:Curated ; prov:wasAttributedTo/skos:prefLabel ?name ; "
        "dcterms:created ?day }", use_default_graph_as_union=True))
    assert [r["name"].value for r in who] == ["Test Reviewer"]

    # the published mapping set says the rejected pair was checked and leaves drafts out
    from plangraph.graph.load import read_quads
    from plangraph.publish.sssom import to_tsv

    tsv = to_tsv(read_quads(paths.validation_sources(sorted(data.glob("*.ttl")))))
    negative = [line for line in tsv.splitlines() if "\tNot\t" in line]
    assert len(negative) == 1 and rejected[0].split("/id/")[1] in negative[0]
    assert "alignment/suggested" not in tsv and not any(
        j in tsv for j in ("LexicalMatching", "CompositeMatching"))
    parsers = pytest.importorskip("sssom.parsers")
    (data / "out.sssom.tsv").write_text(tsv, encoding="utf-8")
    df = parsers.parse_sssom_table(str(data / "out.sssom.tsv")).df
    assert list(df["predicate_modifier"].fillna("")).count("Not") == 1


def test_review_refuses_unknown_ids(data: Path):
    result = run_cli("review", "--data", data, "--drafts", data / "suggested.ttl",
                     "--reviews", data / "reviews.ttl", "--accept", "s00000000")
    assert result.exit_code != 0 and "no suggestion s00000000" in result.output


def test_review_page_is_escaped_self_contained_and_has_the_commands(cascade):
    from plangraph.align.page import render
    from plangraph.align.suggest import Suggestion
    from plangraph.align.texts import Cascade, Element

    evil = "<script>alert(1)</script>"
    elements = dict(cascade.elements)
    source = ID + "lampang/issue/1"
    elements[source] = Element(source, "lampang", 5, elements[source].kind, evil)
    fake = Cascade(elements, cascade.claims)
    s = Suggestion("s12345678", source, ID + "upper-north-1/issue/1",
                   "http://www.w3.org/2004/02/skos/core#broadMatch", 1, 5, 0.5, 0.6, "bm25", ())
    html = render(fake, [s])
    assert evil not in html and "&lt;script&gt;" in html
    assert "<script" not in html and "http-equiv=\"Content-Security-Policy\"" in html
    assert "plangraph review --accept s12345678" in html
    assert "plangraph review --reject s12345678" in html
    assert not re.search(r"""(src|href)=["']https?://(?!w3id\.org)""", html)


def test_map_draws_drafts_only_when_asked_and_writes_the_review_page(data: Path, tmp_path: Path):
    run_cli("suggest", "--plan", "lampang", "--data", data, "--drafts", data / "suggested.ttl")
    out = tmp_path / "maps"
    result = run_cli("map", "--data", data, "--out", out)
    assert result.exit_code == 0, result.output
    page = (out / "review.html").read_text(encoding="utf-8")
    assert page.count("<section id=") == len(_ids(data / "suggested.ttl"))
    assert '"suggested"' not in (out / "alignment.html").read_text(encoding="utf-8")
    shown = run_cli("map", "--data", data, "--out", tmp_path / "all", "--include-suggested")
    assert shown.exit_code == 0, shown.output
    assert '"suggested"' in (tmp_path / "all" / "alignment.html").read_text(encoding="utf-8")


def test_interactive_review_accepts_rejects_skips_and_edits(data: Path):
    from click.testing import CliRunner

    from plangraph.cli import cli

    drafts, reviews = data / "suggested.ttl", data / "reviews.ttl"
    run_cli("suggest", "--plan", "upper-north-1", "--data", data, "--drafts", drafts)
    first, second, third = _ids(drafts)[:3]
    answers = "e\nRead both texts.\na\nr\ns\nq\n"  # edit+accept, reject, skip, quit
    result = CliRunner().invoke(cli, ["review", "--data", str(data), "--drafts", str(drafts),
                                      "--reviews", str(reviews), "--reviewer", "T"],
                                input=answers, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    left = _ids(drafts)
    assert first not in left and second not in left and third in left
    text = reviews.read_text(encoding="utf-8")
    assert "Read both texts." in text and text.count("    pg:predicateModifier pg:Not ;") == 1


def test_suggestions_parse_with_the_sssom_package(cascade, tmp_path: Path):
    from plangraph.align.output import sssom

    parsers = pytest.importorskip("sssom.parsers")
    found = suggest(cascade, "lampang", top=2)
    path = tmp_path / "suggested.sssom.tsv"
    path.write_text(sssom(cascade, found), encoding="utf-8")
    df = parsers.parse_sssom_table(str(path)).df
    assert len(df) == len(found)
    assert set(df["mapping_justification"]) == {"semapv:CompositeMatching"}
    assert df["confidence"].between(0, 1).all()
