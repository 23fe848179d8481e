"""Commands that write data files: ``observe`` (observed values) and ``synth``."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph.cli.base import DATA_OPTION, cli
from plangraph.ingest.observations import DEFAULT_DATASET


@cli.command("observe")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Turtle file to write (replaced atomically) [default: data/observations.ttl].")
@click.option("--dataset", default=DEFAULT_DATASET, show_default=True,
              help="Dataset name (…/id/dataset/NAME).")
@DATA_OPTION
def observe_cmd(csv_file: Path, out: Path | None, dataset: str,
                sources: tuple[Path, ...]) -> None:
    """Turn observed indicator values (CSV: indicator,year,value[,unit]) into Data Cube Turtle.

    Every row is checked against the graph first; the first bad row is reported as
    FILE:LINE: problem (exit 2) and nothing is written.
    """
    from plangraph.graph.load import load, merged
    from plangraph.ingest.observations import observe

    written, n = observe(csv_file, merged(load(list(sources) or None)), out, dataset)
    click.echo(f"plangraph: wrote {n} observation(s) to {written}", err=True)


@cli.command("synth")
@click.option("--provinces", type=click.IntRange(min=1), default=1, show_default=True,
              help="Provincial plans (1 ≈ the seed, 20 ≈ 10×, 220 ≈ 100×; 76 = all of Thailand).")
@click.option("--years", type=click.IntRange(0, 21), default=0, show_default=True,
              help="Years of observed indicator values, from 2017.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--cycles", is_flag=True, help="Add a few alignment cycles (fails validation).")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the Turtle files.")
def synth_cmd(provinces: int, years: int, seed: int, cycles: bool, out: Path) -> None:
    """Generate a synthetic plan cascade (same arguments, same bytes), one file per level."""
    from plangraph.synth import Spec, write

    manifest, files = write(Spec(provinces, years, seed, cycles), out)
    counts = ", ".join(f"{k} {v}" for k, v in manifest.counts.items())
    click.echo(f"wrote {len(files)} files to {out} ({counts}; deliberate gaps "
               f"{len(manifest.gaps)}, cycles {len(manifest.cycles)})", err=True)
