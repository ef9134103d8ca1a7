"""Running scenarios: in this process, in local worker processes, or on a Dask cluster."""

from arna.scenarios.runners import DaskRunner, LocalRunner, ProcessRunner, Runner, run_network

__all__ = ["DaskRunner", "LocalRunner", "ProcessRunner", "Runner", "run_network"]
