"""The SPARQL tokenizer and the checks on its tokens: the grammar's own comment and escape
rules, and the proof that what the check accepted is exactly what the engine runs."""

from __future__ import annotations

import pytest
from rdflib import Literal

from plangraph.errors import PlangraphError
from plangraph.sparql import engines
from plangraph.sparql.engines import run
from plangraph.sparql.lexer import MAX_DEPTH, LexError, declared_prefixes, decode_escapes, scan
from plangraph.sparql.results import Result
from plangraph.sparql.safety import UpdateRefused, check_query


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.value) for t in scan(text).tokens]


@pytest.mark.parametrize("eol", ["\n", "\r", "\r\n"])
def test_a_comment_ends_at_either_line_end(eol):
    checked = scan(f"ASK {{ # hidden{eol}?s ?p ?o }}")
    assert "hidden" not in checked.text and "#" not in checked.text
    assert [t.value for t in checked.tokens] == ["ASK", "{", "?s", "?p", "?o", "}"]


def test_strings_and_iris_are_whole_tokens():
    text = ('SELECT * WHERE { ?s <http://x/#SERVICE> "a # b" ; ex:p \'\'\'it\'s "SERVICE"\'\'\' ,'
            ' """x""y""" . ?s ex:a\\#b 1 }')
    got = kinds(text)
    assert ("IRI", "<http://x/#SERVICE>") in got
    assert ("STRING", '"a # b"') in got
    assert ("STRING", "'''it's \"SERVICE\"'''") in got
    assert ("STRING", '"""x""y"""') in got
    assert ("PNAME", "ex:a\\#b") in got  # an escaped '#' in a local name is no comment
    assert not any(k == "WORD" and v.upper() == "SERVICE" for k, v in got)
    assert scan(text).text == text  # nothing was a comment


def test_less_than_is_not_an_iri():
    got = kinds("ASK { FILTER(?a < ?b && ?c > ?d) }")
    assert ("PUNCT", "<") in got and ("PUNCT", ">") in got


def test_trailing_dot_ends_a_prefixed_name():
    assert kinds("ASK { ?s ex:p ex:o. }")[-3:] == [("PNAME", "ex:o"), ("PUNCT", "."),
                                                   ("PUNCT", "}")]


def test_escapes_are_decoded_once_and_everywhere():
    assert decode_escapes("\\u0053ERVICE \\U0000003F") == "SERVICE ?"
    assert kinds("ASK { \\u003Fs ?p ?o }")[2] == ("VAR", "?s")
    with pytest.raises(LexError, match="spells another escape"):
        decode_escapes("\\u005Cu0053ERVICE")
    with pytest.raises(LexError, match="not a character"):
        decode_escapes('"\\uD800"')


def test_unterminated_string_names_the_line():
    with pytest.raises(LexError, match="unterminated string") as err:
        scan('ASK {\n ?s ?p "open\n}')
    assert err.value.line == 2


def test_depth_is_counted_outside_strings():
    assert scan('ASK { FILTER(("((((")) }').depth == 3
    assert scan("ASK {" + "{" * (MAX_DEPTH - 1) + "}" * MAX_DEPTH).depth == MAX_DEPTH
    with pytest.raises(LexError, match=f"deeper than {MAX_DEPTH}"):
        scan("ASK " + "{" * (MAX_DEPTH + 1))


def test_prefixes_by_the_tokenizer():
    text = "BASE <http://b/> PREFIX ex: <x/> PREFIX : <http://e/> # PREFIX no: <http://n/>\nASK {}"
    assert declared_prefixes(text) == {"ex": "http://b/x/", "": "http://e/"}
    assert declared_prefixes('ASK { "open') == {}


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "local files"),
        ("SELECT * FROM <secret.ttl> WHERE { ?s ?p ?o }", "local files"),
        ("BASE <file:///etc/> SELECT * FROM NAMED <passwd> WHERE { ?s ?p ?o }", "local files"),
        ("PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }", "local files"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "network"),
    ],
)
def test_from_is_refused_for_files_and_remote(text, refusal):
    with pytest.raises(PlangraphError, match=refusal):
        check_query(text)
    if refusal == "network":
        check_query(text, allow_network=True)
    else:
        with pytest.raises(PlangraphError, match=refusal):
            check_query(text, allow_network=True)


def test_updates_are_refused_as_updates():
    for text in ("LOAD <http://x>", "ASK {} ; insert data { <a> <b> <c> }",
                 "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        with pytest.raises(UpdateRefused):
            check_query(text, allow_network=True)
    check_query("PREFIX load: <urn:x:> SELECT ?insert WHERE { ?insert load:delete 'drop' }")


TRICKY = [
    "SELECT * WHERE { ?s ?p ?o } # trailing\r",
    "SELECT ?o WHERE { ?s ?p ?o # c\rFILTER(false) }",
    "SELECT * WHERE { \\u003Fs ?p ?o } LIMIT 1",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != "#\\u0041") } LIMIT 1',
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_engine_runs_exactly_the_checked_text(text, engine, infra_ds, monkeypatch):
    """A spy in place of the engine returns the text it was given: it is the scan's text."""

    def spy(info, params, source, *_rest):
        return Result(["text"], [{"text": Literal(info.text)}])

    monkeypatch.setattr(engines, "answer_oxigraph", spy)
    monkeypatch.setattr(engines, "run_rdflib", spy)
    ran = str(run(text, graph=infra_ds, engine=engine).rows[0]["text"])
    assert ran == scan(text).text
    assert "#" not in ran.replace('"#A"', "") and "\\u" not in ran
    assert scan(ran).text == ran  # a fixed point: a second reader sees the same


def test_only_small_texts_are_cached():
    """A cache of 1 MB queries would pin gigabytes (issue 16, finding 5)."""
    from plangraph.sparql import safety

    safety._prepare_cached.cache_clear()
    big = "ASK { VALUES ?x { " + " ".join(f'"{i}"' for i in range(4000)) + " } }"
    assert len(big) > safety.CACHED_TEXT
    safety.check_network(big)
    assert safety._prepare_cached.cache_info().currsize == 0
    safety.check_network("ASK {}")
    assert safety._prepare_cached.cache_info().currsize == 1
    assert safety._prepare_cached.cache_info().maxsize <= 128


def test_service_in_a_local_name_is_fine_in_a_prefix_name_refused():
    """pyoxigraph reads SERVICE wherever a keyword may start, glued or not."""
    check_query("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:serviceType ex:Service }")
    for text in ("PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o }",
                 "SELECT * WHERE { ?s ?p ?o OPTIONAL{}SERVICE<http://e/> {} }"):
        with pytest.raises(PlangraphError, match="SERVICE calls another server"):
            check_query(text)
