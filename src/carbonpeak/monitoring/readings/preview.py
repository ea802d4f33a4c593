"""What importing a file of readings would do (导入预览), found without writing anything.

The file is read in the chunks `ingest.import_content` stores (`ingest.content_chunks`), every row checked by
`ingest.prepare` as the import checks it, and the rows the store would be given matched against the readings
already stored with the store's own rule (`judging.match_incoming`): a stored instant sent again with the same
value is a duplicate (ignored), with another value refused. VEE flags are not foretold: they depend on the
neighbours the store judges with, and the confirmation reports them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from carbonpeak.monitoring.readings import judging
from carbonpeak.monitoring.readings.ingest import Prepared, Submitter, conflict_error, content_chunks, prepare
from carbonpeak.monitoring.readings.parsing import RowError
from carbonpeak.monitoring.readings.store import ReadingStore


@dataclass
class Preview:
    """What importing a file of readings would do, found without writing: rows read, to be stored, repeats
    of stored or earlier rows (ignored), and every refused row's problems."""

    rows_read: int = 0
    accepted: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    sample: list[tuple[str, int, float]] = field(default_factory=list)  # (meter code, ts, value as sent)

    @property
    def rejected(self) -> int:
        return len({e.row for e in self.errors})


def preview_content(name: str, content: bytes, *, submitter: Submitter, now: int | None = None,
                    sample: int = 20) -> Preview:
    """Every row of an uploaded file checked as `import_content` checks it, and against the stored readings
    (a stored instant sent again: a duplicate with the same value, refused with another); reads only.
    ReadingsInputError if the file cannot be read at all."""
    moment = int(time.time()) if now is None else now
    out = Preview()
    store = ReadingStore()
    for part in content_chunks(name, content):
        ready = prepare(part.records, submitter, moment, part.first_row)
        out.rows_read += len(part.records)
        out.duplicates += ready.duplicates
        out.errors += ready.errors
        stored_dup, conflicts = _against_stored(store, ready)
        out.duplicates += len(stored_dup)
        out.errors += conflicts
        skip = stored_dup | {e.row for e in conflicts}
        codes = {m.pk: code for code, m in ready.meters.items()}
        multipliers = {m.pk: m.multiplier for m in ready.meters.values()}
        for (pk, ts, value), row in zip(ready.rows, ready.row_numbers, strict=True):
            if row in skip:
                continue
            out.accepted += 1
            if len(out.sample) < sample:
                out.sample.append((codes[pk], ts, value / multipliers[pk]))
    out.errors.sort(key=lambda e: (e.row, e.field))
    return out


def _against_stored(store: ReadingStore, ready: Prepared) -> tuple[set[int], list[RowError]]:
    """The rows that repeat a stored reading (their numbers) and those that contradict one (as errors)."""
    by_meter: dict[int, list[tuple[int, float, int]]] = {}
    for (pk, ts, value), row in zip(ready.rows, ready.row_numbers, strict=True):
        by_meter.setdefault(pk, []).append((ts, value, row))
    duplicates: set[int] = set()
    conflicts: list[RowError] = []
    for pk, items in by_meter.items():
        items.sort()
        stamps = np.array([t for t, _, _ in items], dtype=np.int64)
        sent = np.array([v for _, v, _ in items], dtype=np.float64)
        series = store.range(pk, int(stamps[0]), int(stamps[-1]))
        stored = judging.Rows(series.ts, series.value, series.flags, series.energy, series.estimated, series.edited)
        _new, dup, conflict, stored_value = judging.match_incoming(stored, stamps, sent)
        for k in np.flatnonzero(dup).tolist():
            duplicates.add(items[k][2])
        for k in np.flatnonzero(conflict).tolist():
            conflicts.append(conflict_error(items[k][2], float(stored_value[k]), float(sent[k])))
    return duplicates, conflicts
