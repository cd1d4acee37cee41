"""Array operations the index's writers and readers share."""

import numpy as np


def ragged_indices(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices ``starts[k], starts[k] + 1, ... starts[k] + counts[k] - 1`` for every
    ``k``, in one array."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    run_starts = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) + np.repeat(np.asarray(starts, dtype=np.int64) - run_starts, counts)
