"""Globally optimal one-to-one matching (Hungarian algorithm), no SciPy needed.

Exact integer arithmetic (``int64``), so ties are decided the same way on every machine.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntMatrix = npt.NDArray[np.int64]
BoolMatrix = npt.NDArray[np.bool_]


def _min_cost_rows(cost: IntMatrix) -> list[int]:
    """Assign every row of ``cost`` (rows <= columns) a distinct column at minimum total cost.

    The classic O(n^2 m) shortest-augmenting-path Hungarian algorithm with potentials, the inner
    loop over columns vectorised. Returns the column chosen for each row.
    """
    n, m = cost.shape
    if n == 0:
        return []
    inf = np.iinfo(np.int64).max // 4
    a = np.zeros((n + 1, m + 1), dtype=np.int64)
    a[1:, 1:] = cost
    u = np.zeros(n + 1, dtype=np.int64)
    v = np.zeros(m + 1, dtype=np.int64)
    p = np.zeros(m + 1, dtype=np.int64)  # p[j]: row matched to column j (0 = none)
    way = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, inf, dtype=np.int64)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = int(p[j0])
            free = ~used
            free[0] = False
            cur = a[i0] - u[i0] - v
            better = free & (cur < minv)
            minv[better] = cur[better]
            way[better] = j0
            candidates = np.where(free, minv, inf)
            j1 = int(np.argmin(candidates))
            delta = candidates[j1]
            u[p[used]] += delta
            v[used] -= delta
            minv[free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = int(way[j0])
            p[j0] = p[j1]
            j0 = j1
    result = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            result[int(p[j]) - 1] = j - 1
    return result


def max_weight_matching(weights: IntMatrix, eligible: BoolMatrix) -> list[tuple[int, int]]:
    """One-to-one pairs ``(row, col)`` among ``eligible`` cells with the largest total weight.

    Unmatched rows and columns count as weight 0, so a pair is only worth taking when its weight
    is positive. Pairs come back sorted by row.
    """
    weights = np.asarray(weights, dtype=np.int64)
    eligible = np.asarray(eligible, dtype=bool)
    if weights.shape != eligible.shape:
        raise ValueError("weights and eligible must have the same shape")
    n, m = weights.shape
    if n == 0 or m == 0:
        return []
    cost = np.where(eligible & (weights > 0), -weights, 0).astype(np.int64)
    if n <= m:
        pairs = list(enumerate(_min_cost_rows(cost)))
    else:
        pairs = [(i, j) for j, i in enumerate(_min_cost_rows(cost.T.copy()))]
    return sorted((i, j) for i, j in pairs if cost[i, j] < 0)
