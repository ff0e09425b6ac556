"""`CSVLogger`: stream each epoch's logs to a CSV file."""

from __future__ import annotations

import csv
import os
from typing import Any

from .base import Callback, Logs


class CSVLogger(Callback):
    """Stream each epoch's logs to a CSV file: header ``epoch,<sorted log names>``.

    The columns are fixed by the first epoch's logs, with a ``val_`` column for each where those
    have none (a value missing from an epoch's logs reads ``NA``), as Keras writes them; the
    file is flushed after every epoch. ``epoch`` counts from 0, as Keras's.

    Args:
        filename: the CSV file.
        separator: one character between fields.
        append: add to an existing file (without a second header) instead of replacing it.
    """

    def __init__(self, filename: str | os.PathLike[str], separator: str = ",", append: bool = False) -> None:
        super().__init__()
        if not isinstance(separator, str) or len(separator) != 1:
            raise ValueError(
                f"separator must be one character, such as ','. Received: separator={separator!r}"
            )
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self._file: Any = None
        self._writer: Any = None
        self._header_due = False

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._close()
        header_written = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file, delimiter=self.sep)
        self._header_due = not header_written
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                # as both Kerases: a validation later (validation_freq) has its columns, NA till then
                self.keys += [f"val_{key}" for key in self.keys]
        if self._header_due:
            self._writer.writerow(["epoch", *self.keys])
            self._header_due = False
        self._writer.writerow([epoch, *(logs.get(key, "NA") for key in self.keys)])
        self._file.flush()

    def on_train_end(self, logs: Logs | None = None) -> None:
        self._close()

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
