"""Laying a document out with Python's cycle collector held back, and its garbage collected once after.

A WeasyPrint layout makes millions of objects, and the layout tree stays alive until the PDF is
written: the collector, run every few hundred new objects, goes through it again and again, and
through the whole process's heap at each of its full passes (a fifth of a summary report's time,
a sixth of a directory booklet's). Held back for the layout, it is run once afterwards on the
young objects only, which is where the document's cyclic garbage is (reference counting frees
the rest as it goes).

The collector is the process's, not the thread's: documents laid out at once in threads of one
process hold it back together, and the last to finish lets it go.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_layouts = 0
_was_enabled = False


@contextmanager
def collection_held_back():
    """Hold the cycle collector back while the block lays a document out; then collect the young."""
    global _layouts, _was_enabled
    with _lock:
        if _layouts == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _layouts += 1
    try:
        yield
    finally:
        with _lock:
            _layouts -= 1
            resume = _layouts == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)
