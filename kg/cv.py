"""差异系数: the enrolment-weighted coefficient of variation of the official formula.

X̄ = ΣPᵢXᵢ / ΣPᵢ ;  S = √Σ (Pᵢ/P)(Xᵢ − X̄)² ;  CV = S / X̄
(教督〔2012〕3号 explanatory notes; the 2017 measures are assumed to use the same weighting.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def weighted_cv(values: Sequence[float], weights: Sequence[float]) -> tuple[float, float] | None:
    """(cv, mean) of `values` weighted by enrolment `weights`; None when it is undefined."""
    pairs = [(x, p) for x, p in zip(values, weights, strict=True) if p and p > 0]
    total = sum(p for _, p in pairs)
    if len(pairs) < 2 or total <= 0:
        return None
    mean = sum(p * x for x, p in pairs) / total
    if mean == 0:
        return None
    s = math.sqrt(sum((p / total) * (x - mean) ** 2 for x, p in pairs))
    return s / mean, mean


def plain_cv(values: Sequence[float]) -> float | None:
    """Unweighted CV (population SD / mean): what many county reports print."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return None
    return math.sqrt(sum((x - mean) ** 2 for x in values) / len(values)) / mean
