"""差异系数: the enrolment-weighted coefficient of variation of the official formula.

X̄ = ΣPᵢXᵢ / ΣPᵢ ;  S = √Σ (Pᵢ/P)(Xᵢ − X̄)² ;  CV = S / X̄
(教督〔2012〕3号 explanatory notes; the 2017 measures are assumed to use the same weighting.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ingest.checks import weighted_cv  # noqa: F401  (one implementation, shared with the extraction checks)


def plain_cv(values: Sequence[float]) -> float | None:
    """Unweighted CV (population SD / mean): what many county reports print."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return None
    return math.sqrt(sum((x - mean) ** 2 for x in values) / len(values)) / mean
