"""Commands that suggest and review alignment links: ``suggest`` and ``review``."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from plangraph import paths
from plangraph.align.methods import DEFAULT_METHOD, METHODS
from plangraph.cli.base import DATA_OPTION, cli, write_output

if TYPE_CHECKING:
    import pyoxigraph as ox

    from plangraph.align.review import Decisions
    from plangraph.align.suggest import Suggestion
    from plangraph.align.texts import Cascade

DRAFTS_NAME = "suggested.ttl"
REVIEWS_NAME = "reviews.ttl"


def _load(sources: tuple[Path, ...]) -> tuple[ox.Store, Cascade]:
    """The Store of ``sources`` (default: the project's) and the cascade read from it."""
    from plangraph.align.texts import read_cascade
    from plangraph.graph.load import load_store

    store = load_store(list(sources) or None)
    return store, read_cascade(store)


def _reviewer(name: str | None) -> str:
    return name or os.environ.get("PLANGRAPH_REVIEWER") or getpass.getuser()


@cli.command("suggest")
@click.option("--plan", required=True, help="Plan to suggest links for (lampang, …).")
@click.option("--top", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Candidates kept per element and level.")
@click.option("--method", type=click.Choice(METHODS), default=DEFAULT_METHOD,
              show_default=True, help="Scoring method (docs/suggest.md compares them).")
@click.option("--drafts", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Draft-claims Turtle file to update [default: data/{DRAFTS_NAME}].")
@click.option("--no-drafts", is_flag=True, help="Write no draft claims, only the SSSOM.")
@DATA_OPTION
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the SSSOM/TSV here (atomically) instead of stdout.")
def suggest_cmd(plan: str, top: int, method: str, drafts: Path | None, no_drafts: bool,
                sources: tuple[Path, ...], out: Path | None) -> None:
    """Rank the elements each element of PLAN may serve, with evidence (SSSOM/TSV)."""
    from plangraph.align.methods import Scorer
    from plangraph.align.output import read_drafts, sssom
    from plangraph.align.review import merge_drafts, write_drafts
    from plangraph.align.suggest import suggest

    store, cascade = _load(sources)
    found = suggest(cascade, plan, top=top, scorer=Scorer(cascade, method))
    write_output(sssom(cascade, found), out)
    if not no_drafts:
        path = drafts or paths.DATA_DIR / DRAFTS_NAME
        mine = {e.iri for e in cascade.in_plan(plan)}
        write_drafts(path, cascade, merge_drafts(read_drafts(store, cascade), found, mine))
        click.echo(f"plangraph: {len(found)} suggestions for {plan}; drafts in "
                   f"{paths.display_path(path)}", err=True)


def _show(cascade: Cascade, s: Suggestion) -> None:
    """Both texts and the evidence of one suggestion, on stderr."""
    from plangraph.align.output import evidence_text

    click.echo(f"\n[{s.id}] confidence {s.confidence:.2f}, score {s.score:.4f}", err=True)
    for side, iri in (("from", s.source), ("to", s.target)):
        click.echo(f"  {side} <{iri}>", err=True)
        for element, label in cascade.segments(iri)[:8]:
            indent = "    " if element == iri else "      · "
            click.echo(f"{indent}{label}", err=True)
    click.echo(f"  evidence: {evidence_text(s) or '(no shared words)'}", err=True)


@cli.command("review")
@click.option("--accept", multiple=True, metavar="ID", help="Accept this suggestion.")
@click.option("--reject", multiple=True, metavar="ID", help="Reject this suggestion.")
@click.option("--note", multiple=True, metavar="ID=TEXT",
              help="Justification for a decision (English; repeatable).")
@click.option("--reviewer", help="Who decides [default: $PLANGRAPH_REVIEWER or the login].")
@click.option("--drafts", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Draft-claims file [default: data/{DRAFTS_NAME}].")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Reviews file to append to [default: data/{REVIEWS_NAME}].")
@click.option("--list", "list_only", is_flag=True, help="Only list the drafts.")
@DATA_OPTION
def review_cmd(accept: tuple[str, ...], reject: tuple[str, ...], note: tuple[str, ...],
               reviewer: str | None, drafts: Path | None, reviews: Path | None,
               list_only: bool, sources: tuple[Path, ...]) -> None:
    """Accept or reject suggestions: from the options, or one by one in the terminal."""
    from plangraph.align.output import read_drafts
    from plangraph.align.review import Decisions, apply, write_drafts, write_reviews

    drafts = drafts or paths.DATA_DIR / DRAFTS_NAME
    reviews = reviews or paths.DATA_DIR / REVIEWS_NAME
    extra = [p for p in (drafts, reviews) if sources and p.exists()
             and p.resolve() not in {s.resolve() for s in sources}]
    store, cascade = _load(tuple(sources) + tuple(extra) if sources else ())
    pending = read_drafts(store, cascade)
    if list_only:
        for s in pending:
            _show(cascade, s)
        return
    notes = dict(n.partition("=")[::2] for n in note)
    decisions = Decisions(list(accept), list(reject), notes)
    if not accept and not reject:
        decisions = _interactive(cascade, pending)
    who = _reviewer(reviewer)
    blocks, left = apply(pending, decisions, who, dt.datetime.now(dt.UTC).replace(microsecond=0))
    write_reviews(reviews, blocks, who)
    write_drafts(drafts, cascade, left)
    click.echo(f"plangraph: {len(decisions.accept)} accepted, {len(decisions.reject)} rejected, "
               f"{len(left)} left to review", err=True)


def _interactive(cascade: Cascade, pending: list[Suggestion]) -> Decisions:
    """Walk through the drafts: accept, reject, skip, edit the justification or quit."""
    from plangraph.align.review import Decisions

    decisions = Decisions()
    for s in pending:
        _show(cascade, s)
        while True:
            choice = click.prompt("  [a]ccept [r]eject [s]kip [e]dit justification [q]uit",
                                  type=click.Choice(list("arseq")), show_choices=False,
                                  err=True)
            if choice == "e":
                decisions.notes[s.id] = click.prompt("  justification (English)", err=True)
                continue
            break
        if choice == "q":
            break
        if choice == "a":
            decisions.accept.append(s.id)
        elif choice == "r":
            decisions.reject.append(s.id)
    return decisions
