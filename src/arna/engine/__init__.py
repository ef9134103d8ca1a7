"""The allocation engine: LP assembly, the HiGHS seam, the time loop, results."""

from arna.engine.results import Results, collect, write_frame
from arna.engine.simulate import RawResults, simulate

__all__ = ["RawResults", "Results", "collect", "simulate", "write_frame"]
