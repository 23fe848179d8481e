"""Synthetic cascades: a size and a seed in, Turtle files of a realistic national cascade out
(``generate``), in the plans' own Thai planning vocabulary (``words``), for scale tests and
benchmarks."""

from plangraph.synth.generate import SIZES, Spec, generate, write

__all__ = ["SIZES", "Spec", "generate", "write"]
