"""A serving process's start-up: load what every summary reads, then keep it out of the
garbage collector's way.

Once the checker's WordNet table and model are loaded, a process holds about 290,000 objects
that live as long as it does. Python's collector walks every tracked object on a full
(oldest-generation) collection, which the allocations of summaries set off now and then: on
the 10-article bench cluster, about one in 75 summaries paid a pause of about 200 ms (`python
-m bench.bench_core --gc` prints it, before and after). `gc.freeze()` moves every object alive
at that moment into a permanent generation that collections skip; objects made later are
collected as before.
"""

from __future__ import annotations

import gc

from chorus.checker.lexicon import load_lexicon
from chorus.checker.model import load_model


def warm_up() -> None:
    """Load the checker's tables (not on request 1), then freeze what is alive now. `chorus
    serve` calls it in each server process and `chorus worker` at start; a program that
    summarizes many clusters through the Python API may call it once after importing Chorus."""
    load_lexicon()
    load_model()
    gc.freeze()


__all__ = ["warm_up"]
