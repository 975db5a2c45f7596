"""Set operations on sorted arrays of passage numbers (docnums), as matching needs them.

Posting lists of a 10k-report index range from a handful of passages to half of them (学生,
教师).  Each operation picks its method by size: binary search and merging for short lists,
and for long ones a scratch mask with a slot per passage, which costs one pass over the
passage range but no per-element search.  Both give the same sorted, distinct ids.
"""

from __future__ import annotations

import math

import numpy as np

EMPTY = np.zeros(0, dtype=np.int32)
MASK_SHARE = 1 / 32  # from this share of the passage range on, a union goes through a mask


def mask(ids: np.ndarray, size: int) -> np.ndarray:
    """Boolean array with a slot per passage, True at `ids`."""
    m = np.zeros(size, dtype=bool)
    m[ids] = True
    return m


def member(values: np.ndarray, ids: np.ndarray, size: int) -> np.ndarray:
    """Per element of `values`: is it in the sorted `ids`."""
    if not len(ids) or not len(values):
        return np.zeros(len(values), dtype=bool)
    if len(values) * math.log2(len(ids) + 2) < size / 16 + len(ids):
        at = np.searchsorted(ids, values)
        np.minimum(at, len(ids) - 1, out=at)
        return ids[at] == values
    return mask(ids, size)[values]


def intersect(arrays: list[np.ndarray], size: int) -> np.ndarray:
    arrays = sorted(arrays, key=len)
    result = arrays[0]
    for other in arrays[1:]:
        if not len(result):
            break
        result = result[member(result, other, size)]
    return result


def union(arrays: list[np.ndarray], size: int) -> np.ndarray:
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return EMPTY
    if len(arrays) == 1:
        return arrays[0]
    if sum(len(a) for a in arrays) >= MASK_SHARE * size:
        m = np.zeros(size, dtype=bool)
        for a in arrays:
            m[a] = True
        return np.flatnonzero(m).astype(np.int32, copy=False)
    ids = np.concatenate(arrays)
    ids.sort(kind="stable")  # timsort merges the sorted runs in one pass
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def without(ids: np.ndarray, others: list[np.ndarray], size: int) -> np.ndarray:
    for other in others:
        if len(ids) and len(other):
            ids = ids[~member(ids, other, size)]
    return ids
