"""Hashing candidates on every core: seeds go out in chunks, only matches come back.

The target hashes reach each worker once, when it starts (through the pool's pipe, never a
file); a chunk of seeds (words, which are no secret) goes out, and the matches come back as
(target, seed, category, guesses). Candidates never leave :func:`.candidates.match_seeds`.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..._passwords.candidates import AffixGrammar, Seed, count_candidates, match_seeds

__all__ = ["Match", "match_everywhere"]

Match = tuple[bytes, int, str, float]
"""(target hash, seed index, category, guesses)."""

# About this many candidates per chunk: large enough to amortise a task, small enough to
# keep both cores busy to the end.
_CHUNK = 200_000

_TARGETS: frozenset[bytes] = frozenset()


def _init(targets: frozenset[bytes]) -> None:
    global _TARGETS
    # The parent stops workers with SIGTERM; Ctrl-C reaches only the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _TARGETS = targets


def _run(
    task: tuple[int, Sequence[Seed], float, AffixGrammar],
) -> tuple[list[Match], int]:
    offset, seeds, budget, grammar = task
    found, hashed = match_seeds(seeds, _TARGETS, budget=budget, grammar=grammar)
    return [
        (target, offset + seed, category, guesses) for target, seed, category, guesses in found
    ], hashed


def _chunks(
    seeds: Sequence[Seed], budget: float, grammar: AffixGrammar
) -> Iterator[tuple[int, Sequence[Seed], float, AffixGrammar]]:
    start = 0
    size = 0
    for index, seed in enumerate(seeds):
        size += count_candidates([seed], budget, grammar)
        if size >= _CHUNK:
            yield start, seeds[start : index + 1], budget, grammar
            start, size = index + 1, 0
    if start < len(seeds):
        yield start, seeds[start:], budget, grammar


def match_everywhere(
    seeds: Sequence[Seed],
    targets: frozenset[bytes],
    *,
    budget: float,
    grammar: AffixGrammar,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Match], int]:
    """Hash every candidate of ``seeds`` on ``workers`` processes; return matches and count.

    ``progress`` is called with the candidates of each chunk as it completes.

    Raises:
        ConfigurationError: pycryptodome is not installed.
    """
    if not seeds or not targets:
        return [], 0
    matches: list[Match] = []
    hashed = 0
    if workers <= 1:
        _init_here(targets)
        for task in _chunks(seeds, budget, grammar):
            found, count = _run(task)
            matches.extend(found)
            hashed += count
            if progress is not None:
                progress(count)
        return matches, hashed
    pool: Any = multiprocessing.get_context().Pool(workers, initializer=_init, initargs=(targets,))
    try:
        for found, count in pool.imap_unordered(_run, _chunks(seeds, budget, grammar)):
            matches.extend(found)
            hashed += count
            if progress is not None:
                progress(count)
    finally:
        pool.terminate()
        pool.join()
    return matches, hashed


def _init_here(targets: frozenset[bytes]) -> None:
    global _TARGETS
    _TARGETS = targets
