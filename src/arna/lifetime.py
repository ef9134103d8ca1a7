"""Objects a command keeps until it exits: made without the cyclic garbage collector, then left out of it.

Reading, translating and compiling a large document makes hundreds of thousands of objects (the parsed
JSON, the schema's models, the network) that live until the command ends. While they are made, every few
hundred allocations start a collection that walks the young ones, and each full collection walks them
all, again during the run: about a fifth of the large benchmark's setup went to that. :func:`long_lived`
pauses the collector while they are made and then freezes everything that exists (:func:`gc.freeze`), so
later collections, in this process and in forked workers (where walking them would also copy their memory),
only walk what the run makes. Frozen objects are still freed when no longer referenced; only cycles among
them wait for the process's end, so this is for a command's one-off work, not for a long-lived service.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["long_lived"]


@contextmanager
def long_lived() -> Iterator[None]:
    """Pause the garbage collector within the block; at its end freeze what exists and resume it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
