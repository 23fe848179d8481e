"""Confidence that means what it says: a logistic curve from a suggestion's score features
to the share of such suggestions that were true in the seed's claims.

Features of a candidate among its competitors: its score relative to the best candidate's,
whether it ranks first, and its reciprocal rank. :func:`fit` learns the curve (scikit-learn,
only when the benchmark runs); :data:`CALIBRATION_FILE` keeps the fitted coefficients so that
``suggest`` needs no fitting (and no download) at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
#: Until a benchmark has fitted the curve: a guess that only orders suggestions.
FALLBACK = {"weights": [2.0, 1.0, 1.0], "bias": -3.0, "method": "hybrid", "fitted_on": "none"}


def features(scores: np.ndarray) -> np.ndarray:
    """One row per candidate: (score / best score, ranks first, 1 / rank)."""
    from plangraph.align.methods import ranks

    rank = ranks(scores)
    best = scores.max() if len(scores) else 0.0
    rel = scores / best if best > 0 else np.zeros(len(scores))
    return np.column_stack([rel, (rank == 1).astype(float), 1.0 / rank])


def load() -> dict:
    """The fitted coefficients (:data:`FALLBACK` when none were fitted)."""
    if CALIBRATION_FILE.exists():
        return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return dict(FALLBACK)


def confidence(rows: np.ndarray, model: dict | None = None) -> np.ndarray:
    """The calibrated probability of each feature row."""
    model = model or load()
    z = rows @ np.asarray(model["weights"]) + model["bias"]
    return 1.0 / (1.0 + np.exp(-z))


def fit(x: np.ndarray, y: np.ndarray) -> dict:
    """Logistic regression of ``y`` (1 = a true claim) on the feature rows ``x``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0).fit(x, y)
    return {"weights": [round(float(w), 6) for w in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 6)}


def table(prob: Sequence[float], truth: Sequence[int], edges: Sequence[float] = (
        0.0, 0.2, 0.4, 0.6, 0.8, 1.0)) -> list[tuple[str, int, float, float]]:
    """Calibration table: per confidence bin, (bin, count, mean confidence, share true)."""
    out = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        chosen = [(p, t) for p, t in zip(prob, truth, strict=True)
                  if lo <= p < hi or (hi == edges[-1] and p == hi)]
        if chosen:
            out.append((f"{lo:.1f}–{hi:.1f}", len(chosen),
                        sum(p for p, _ in chosen) / len(chosen),
                        sum(t for _, t in chosen) / len(chosen)))
    return out


def brier(prob: Sequence[float], truth: Sequence[int]) -> float:
    """Mean squared error of the probabilities (lower is better)."""
    return math.fsum((p - t) ** 2 for p, t in zip(prob, truth, strict=True)) / max(1, len(prob))
