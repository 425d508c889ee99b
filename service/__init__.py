"""Chorus: merged, cited summaries of news clusters."""

import os as _os
import sys as _sys

# Our matrices are small (a few hundred sentences). Multi-threaded BLAS gains nothing on them,
# and waking its idle worker threads was measured at ~24 ms per product on a 2-core machine
# (vs ~1 ms single-threaded). Requests, not BLAS threads, use the cores. Set before numpy
# loads; an explicit OPENBLAS_NUM_THREADS in the environment still wins.
if "numpy" not in _sys.modules:
    _os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
