"""Parts of an export that worker processes read by themselves, planned in the first pass.

The first pass reads every record anyway (for the work identities and the count); noting
where every ``size``-th record ends costs one position look-up per batch. Workers then
read, parse and judge their parts themselves, and the parent only merges their results in
order: it no longer reads the file twice nor sends every record to a worker.
"""

from __future__ import annotations

from collections.abc import Iterator

from .readers import RecordSource
from .readers.delimited import DelimitedPart, Position

__all__ = ["PartPlan"]


class PartPlan:
    """Where each part of ``size`` records starts, noted while the first pass reads.

    Args:
        source: A splittable source (:attr:`RecordSource.splittable`).
        size: Records per part.
    """

    def __init__(self, source: RecordSource, size: int) -> None:
        self._source = source
        self._size = size
        self._starts: list[Position | None] = [None]  # the first part starts after the header

    def note(self, read: int) -> None:
        """Call after each record of the first pass; ``read`` counts the records so far."""
        if read % self._size == 0:
            self._starts.append(self._source.position())

    def parts(self, total: int) -> Iterator[DelimitedPart]:
        """The parts of ``total`` records, in order, each of at most ``size`` records."""
        for number, start in enumerate(self._starts):
            count = min(self._size, total - number * self._size)
            if count > 0:
                yield self._source.part(start, count)
