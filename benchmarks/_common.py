"""Shared helpers for the benchmarks: timing, percentiles and the machine description."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def timed_with_cpu(function: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU (this thread's) seconds of one call."""
    cpu = time.thread_time()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start, time.thread_time() - cpu


def summary(samples: Sequence[float]) -> str:
    ms = [sample * 1000 for sample in samples]
    return (
        f"p50 {percentile(ms, 0.5):7.3f} ms  p99 {percentile(ms, 0.99):7.3f} ms  "
        f"max {max(ms):7.3f} ms  mean {statistics.fmean(ms):7.3f} ms  (n={len(ms)})"
    )
