"""Compare two ``build/`` folders: same files, same bytes; RDF files whose bytes differ must
hold the same graph (blank nodes compared canonically, RDFC-1.0).

    python scripts/compare_builds.py OLD_BUILD NEW_BUILD

Used to check that a refactoring leaves the build's output unchanged. Exits 0 when the
builds agree, 1 otherwise, listing each difference.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
               ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
               ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}


def files(root: Path) -> set[Path]:
    """Every file under ``root``, relative to it."""
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def same_graph(a: Path, b: Path) -> bool:
    """Whether two RDF files hold the same quads once blank nodes are canonicalized."""
    fmt = RDF_FORMATS[a.suffix]

    def canonical(path: Path) -> set[ox.Quad]:
        ds = ox.Dataset(ox.parse(path=path, format=fmt, base_iri="file:///build/" + path.name))
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return set(ds)

    return canonical(a) == canonical(b)


def differences(old: Path, new: Path) -> list[str]:
    """What differs between the two folders, one line each."""
    old_files, new_files = files(old), files(new)
    out = [f"only in {old}: {p}" for p in sorted(old_files - new_files)]
    out += [f"only in {new}: {p}" for p in sorted(new_files - old_files)]
    for rel in sorted(old_files & new_files):
        a, b = old / rel, new / rel
        if a.read_bytes() == b.read_bytes():
            continue
        if a.suffix in RDF_FORMATS and same_graph(a, b):
            continue
        out.append(f"differs: {rel}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    old, new = (Path(a) for a in argv)
    diffs = differences(old, new)
    for line in diffs:
        print(line)
    count = len(files(new))
    print(f"{'DIFFERENT' if diffs else 'identical'}: {count} files compared", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
