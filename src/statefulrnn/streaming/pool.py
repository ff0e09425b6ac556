"""`StreamPool`: many live streams through one model, each continuing from its own state.

Frames arrive a chunk at a time from independent streams (a microphone, a market feed, a
sensor). Each stream owns a slot in a `SlotTable`; a batched call gathers the slots of the
streams it steps, runs the model once for all of them and scatters their new states back, so a
stream's outputs are exactly those of running it alone, whole, from a zero state, however the
streams interleave and whatever batch size the model was trained with.

Threads: `push` may be called from many threads at once. Chunks queue per stream in arrival
order; whichever waiting thread gets the step lock runs one batched call for the heads of all
queues (never two chunks of one stream in a call), and the others find their results done or
take the next call. Batching therefore grows by itself with load, with no background thread.

Three ways in, one way through. Each earns its place by a caller that the others serve badly:

- `push` with nobody stepping and nothing queued runs the chunk at once, with no queue and no
  `PendingChunk`: the latency of one frame. One float32 frame of a model of one recurrent layer
  on the compiled kernel (and a head of `Dense` and `Activation` layers) is one call of its
  one-frame kernel (`compiled.gru_frame`, ..., `gru_frame_head`, ...), which checks the frame's
  values and steps the stream's slot in place (GRU(64): under twice the
  compiled kernel's own call, the rest being the kept kernel choice's weight check, the lock
  and the counters; the README's "Speed of a streamed step" says where each microsecond goes);
- `submit` + `step` (and `push` under contention) queue chunks of streams fed by independent
  threads and run them together: one lock and one small object per chunk, the values checked
  once for a step's whole batch, 2.5-3.5 us of Python a chunk in all, more than a GRU(64)
  stream-step costs batched (1.5-2 us), so on small models this road runs at a third of the
  bound and `push_many` is the one to use;
- `push_many` takes a batch a caller already holds (a server on a clock tick): no per-stream
  object at all, the slot lookup of the previous call reused while no stream opened or
  closed, and a list that comes again in another order than its streams' slots has them put
  in its order, so that its states are read in place (`StreamPool._resolve`).

All three end in `StreamPool._run` (but that one-frame kernel's call): the slot table hands
over the streams' state rows (views where the slots are consecutive), `ModelRunner.run` steps
them (see `runner` for its two roads), and the new rows are written back only when the whole
call succeeded (a model of one recurrent layer on a compiled kernel steps the views in place:
its kernel checks everything before it writes, and nothing after it can fail).

Example:
    >>> from statefulrnn import GRU, Sequential
    >>> model = Sequential([GRU(4, stateful=True, return_sequences=True, batch_input_shape=(8, None, 2))])
    >>> pool = StreamPool(model, max_streams=100)
    >>> pool.open("mic-1")
    >>> pool.push("mic-1", np.zeros((5, 2))).shape  # a chunk of 5 frames -> 5 outputs
    (5, 4)
    >>> pool.push("mic-1", np.zeros(2)).shape  # one frame
    (4,)
    >>> pool.close("mic-1")
"""

from __future__ import annotations

import itertools
import math
import operator
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from .._checks import positive_int
from .errors import PoolFullError, StreamExistsError, UnknownStreamError
from .runner import ModelRunner, frame_outputs, row_outputs
from .slots import Rows, SlotTable, rows_of
from .snapshot import check_stream_id, read_snapshot, write_snapshot


class PendingChunk:
    """A chunk queued by `StreamPool.submit`: ``done()`` says whether it has run, ``result()``
    returns its outputs (or raises its error), running the pool's steps until it has.

    Waiting by running steps, as `push` does, needs no background thread and no condition
    variable; a chunk is one small object, not the dozen of a ``concurrent.futures.Future``
    (at thousands of chunks per call, the garbage collector's passes over those cost more than
    the model), and its outcome is one slot: what it returned, a `_Failure`, or `_PENDING`.
    """

    __slots__ = ("_outcome", "_pool", "frames", "single")

    def __init__(self, pool: StreamPool, frames: np.ndarray, single: bool) -> None:
        self._pool = pool
        self.frames = frames  # (T, F) bytes in C order, the model's dtype; (F,) when single
        self.single = single  # pushed as one frame (F,): the outputs drop their time axis
        self._outcome: Any = _PENDING

    def done(self) -> bool:
        return self._outcome is not _PENDING

    def result(self) -> Any:
        """The chunk's outputs, as `StreamPool.push` returns them.

        Raises:
            ValueError: its frames held NaN or an infinity (its stream keeps its state; the
                other chunks of its step ran).
            Exception: what the model call that ran the chunk raised (the chunk's stream and
                every other stream of that call keep the states they had before it).
        """
        outcome = self._outcome
        if outcome is _PENDING:
            pool = self._pool
            while (outcome := self._outcome) is _PENDING:
                with pool._step_lock:
                    if self._outcome is _PENDING:
                        pool._step_locked()
        if type(outcome) is _Failure:
            raise outcome.error
        return outcome


class _Failure:
    """A chunk's outcome when its step failed: the error its ``result()`` raises."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


_PENDING = object()  # a chunk's outcome until its step has run


@dataclass(eq=False)
class _Stream:
    id: Hashable
    slot: int
    rows: slice  # its slot as the slot table's rows: a view, no copy, on the layer road
    pending: deque[PendingChunk] = field(default_factory=deque)


class StreamPool:
    """Per-stream state for a stateful model, many streams stepped together.

    Args:
        model: a built statefulrnn model with one input ``(N, T, F)`` and stateful recurrent
            layers reading forwards (any ``N``: the pool steps any number of streams).
        max_streams: open streams allowed at once; `open` past it raises `PoolFullError`.
        max_batch: most chunks in one batched call (default: ``max_streams``).
        idle_timeout: seconds without a push after which `evict_idle` (called by `open` too)
            closes a stream; None keeps streams until closed.
        on_evict: called with the id of each evicted stream, after it is closed.
        clock: seconds, monotonic (a test can pass a fake one).

    Raises:
        ValueError: a model that cannot stream (see `check_streamable`) or bad limits.
    """

    def __init__(
        self,
        model: nn.Module,
        *,
        max_streams: int = 1024,
        max_batch: int | None = None,
        idle_timeout: float | None = None,
        on_evict: Callable[[Hashable], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_streams = positive_int("max_streams", max_streams)
        self.max_batch = positive_int("max_batch", max_batch if max_batch is not None else max_streams)
        if idle_timeout is not None and not (isinstance(idle_timeout, (int, float)) and idle_timeout > 0):
            raise ValueError(
                f"idle_timeout must be a positive number of seconds or None. Received: {idle_timeout!r}"
            )
        self.idle_timeout = idle_timeout
        self.on_evict = on_evict
        self._clock = clock
        self._runner = ModelRunner(model)
        self.frame_size = self._runner.frame_size
        self._frame_dtype = self._runner.frame_dtype
        self._frame_step = self._runner.frame_step
        self._frame_shape = (self.frame_size,)
        self._one_frame_shapes = frozenset({self._frame_shape, (1, self.frame_size)})
        self._slots = SlotTable(
            self._runner.state_sizes, min(16, self.max_streams), self._runner.dtype, self._runner.device
        )
        self._streams: dict[Hashable, _Stream] = {}  # in opening order
        # Seconds of each slot's last push, written for a whole batch at once (a per-stream
        # Python update would cost more than a small model step).
        self._last_used = np.zeros(self._slots.capacity)
        # Bumped whenever a stream opens or closes; `_resolve` keeps its last answer until then.
        self._generation = 0
        # (generation, ids, streams, rows, whether `_in_list_order` may still try them)
        self._resolved: tuple[int, Sequence[Hashable], list[_Stream], Rows, bool] | None = None
        self._ready: dict[Hashable, None] = {}  # streams with queued chunks, longest waiting first
        self._lock = threading.Lock()  # guards _streams, _ready, the queues and the counters
        self._step_lock = threading.Lock()  # one model call at a time; guards the slot table
        # Written under the step lock, by the call that ran: plain ints, no dict or lock per call.
        self._chunks = self._steps = self._batches = self._frames_stepped = 0
        self._started = clock()

    # ----- lifecycle --------------------------------------------------------------------

    def open(self, stream_id: Hashable) -> None:
        """Start stream ``stream_id`` from a zero state.

        Raises:
            StreamExistsError: it is open already.
            PoolFullError: ``max_streams`` streams are open (after evicting idle ones).
            TypeError: an unhashable or bool id (``True == 1`` would share a stream with 1).
            ValueError: an id not equal to itself, such as ``float('nan')`` (no call could
                find its stream again).
        """
        check_stream_id(stream_id)
        evicted = self.evict_idle() if self.idle_timeout is not None else []
        with self._step_lock, self._lock:
            if stream_id in self._streams:
                raise StreamExistsError(f"Stream {stream_id!r} is already open.")
            if len(self._streams) >= self.max_streams:
                raise PoolFullError(
                    f"The pool holds its maximum of {self.max_streams} open streams; close one, "
                    f"or make the pool with a larger max_streams."
                )
            self._streams[stream_id] = self._new_stream(stream_id, self._clock())
            self._generation += 1
        del evicted

    def close(self, stream_id: Hashable) -> None:
        """Finish the chunks already pushed to ``stream_id``, then forget it and free its slot.

        Raises:
            UnknownStreamError: no such open stream.
        """
        with self._step_lock:
            self._drain(stream_id)
            with self._lock:
                stream = self._streams.pop(stream_id)
                self._generation += 1
            self._slots.release(stream.slot)

    def reset(self, stream_id: Hashable) -> None:
        """Zero the state of ``stream_id`` after the chunks already pushed to it, as if it
        started anew.

        Raises:
            UnknownStreamError: no such open stream.
        """
        with self._step_lock:
            stream = self._drain(stream_id)
            self._slots.zero(np.array([stream.slot]))

    def evict_idle(self, now: float | None = None) -> list[Hashable]:
        """Close every stream without a push for ``idle_timeout`` seconds; call ``on_evict``
        for each. Returns the evicted ids (none when ``idle_timeout`` is None)."""
        if self.idle_timeout is None:
            return []
        cutoff = (self._clock() if now is None else now) - self.idle_timeout
        evicted = []
        with self._step_lock, self._lock:
            for stream in list(self._streams.values()):
                if self._last_used[stream.slot] <= cutoff and not stream.pending:
                    del self._streams[stream.id]
                    self._generation += 1
                    self._slots.release(stream.slot)
                    evicted.append(stream.id)
        if self.on_evict is not None:
            for stream_id in evicted:
                self.on_evict(stream_id)
        return evicted

    def __len__(self) -> int:
        return len(self._streams)

    def __contains__(self, stream_id: object) -> bool:
        return stream_id in self._streams

    def stream_ids(self) -> list[Hashable]:
        """The open streams' ids, in the order they were opened."""
        with self._lock:
            return list(self._streams)

    def stats(self) -> dict[str, float]:
        """Counters: open streams, chunks and steps (frames) processed, batched model calls."""
        with self._lock:
            return {
                "open_streams": len(self._streams),
                "max_streams": self.max_streams,
                "pending_chunks": sum(len(self._streams[i].pending) for i in self._ready),
                "chunks": self._chunks + self._frames_stepped,
                "steps": self._steps + self._frames_stepped,
                "batches": self._batches + self._frames_stepped,
                "uptime_s": self._clock() - self._started,
            }

    # ----- frames in, outputs out -------------------------------------------------------

    def push(self, stream_id: Hashable, frames: Any) -> Any:
        """Run one chunk of ``stream_id``; returns its outputs.

        Args:
            frames: ``(T, F)`` frames, or one frame ``(F,)``.

        Returns:
            The model's output rows for this chunk as numpy: ``(T, out)`` for a model returning
            sequences (``(out,)`` for one frame), ``(out,)`` for one returning its last step; a
            list of such arrays for a model with several outputs.

        Raises:
            UnknownStreamError: no such open stream.
            ValueError: frames of the wrong shape or not finite (nothing changes).
        """
        lock = self._step_lock
        # One float32 frame, (F,) or (1, F), of a model of one recurrent layer (and a head),
        # nobody stepping, nothing queued: one compiled call checks it and steps its slot
        # (`ModelRunner.frame_step`). Anything else, a frame that is not finite included, takes
        # the road below.
        if (
            self._frame_step is not None
            and type(frames) is np.ndarray
            and frames.shape in self._one_frame_shapes
            and frames.dtype is _FLOAT32
            and (flags := frames.flags).c_contiguous
            and flags.writeable  # numba would compile the kernel again for a read-only array
            and lock.acquire(blocking=False)
        ):
            try:
                stream = self._streams.get(stream_id)
                if stream is not None and not self._ready:
                    slot = stream.slot
                    single = frames.ndim == 1
                    outputs = self._frame_step(
                        frames if single else frames.ravel(), self._slots.views[0], slot, single
                    )
                    if outputs is not None:
                        self._last_used[slot] = self._clock()
                        self._frames_stepped += 1  # one batch, chunk and step each (`stats`)
                        return outputs
            finally:
                lock.release()
        array, single = self._check_frames(stream_id, frames)
        # Nobody stepping and nothing queued: run it now, skipping the queue (a third of a
        # one-frame push). The streams cannot open or close while we hold the step lock.
        if lock.acquire(blocking=False):
            try:
                if not self._ready:
                    stream = self._streams.get(stream_id) or self._get(stream_id)
                    if not _finite(array):  # queued, the step running it checks its batch at once
                        raise ValueError(f"Stream {stream_id!r}: {_NOT_FINITE}")
                    batch = array.reshape(1, -1, self.frame_size)
                    if not batch.flags.writeable:  # torch.from_numpy warns, numba compiles anew
                        batch = batch.copy()
                    outputs = self._run(1, stream.rows, batch, None)
                    steps = batch.shape[1]
                    if steps == 1:
                        return frame_outputs(outputs, single)
                    return row_outputs(outputs, 0, steps, steps, single)
            finally:
                lock.release()
        return self.submit(stream_id, array).result()

    def submit(self, stream_id: Hashable, frames: Any) -> PendingChunk:
        """Queue one chunk of ``stream_id``; returns a `PendingChunk`, whose outputs `step` (or a
        `push` from any thread) runs it.

        Raises as `push` does, before queueing anything, but for frames holding NaN or an
        infinity: the step that runs the chunk finds those (one check for its whole batch, a
        third of a small model's stream-step saved per chunk) and the chunk's ``result()``
        raises the ValueError; its stream keeps its state, and the other chunks of that step
        run as if it had never come.
        """
        chunk = PendingChunk(self, *self._check_frames(stream_id, frames))
        lock = self._lock
        lock.acquire()  # not `with`: its two method calls cost twice as much, once per chunk
        try:
            stream = self._streams.get(stream_id)
            if stream is None:
                self._get(stream_id)  # raises, naming it
            stream.pending.append(chunk)
            self._ready[stream_id] = None  # a stream already waiting keeps its place
        finally:
            lock.release()
        return chunk

    def step(self) -> int:
        """Run one batched call for the oldest queued chunk of up to ``max_batch`` streams.
        Returns the number of chunks run (0 when nothing is queued)."""
        with self._step_lock:
            return self._step_locked()

    def push_many(self, stream_ids: Sequence[Hashable], frames: Any) -> Any:
        """Run one chunk for each of ``stream_ids`` (all distinct) in one batched call.

        The vectorised form of `push` for callers that already hold a batch: ``frames (k, T, F)``
        -> outputs ``(k, T, out)`` (or ``(k, out)``), without a queue or a pending chunk per stream.
        Chunks queued earlier for these streams run first.

        Raises:
            UnknownStreamError, ValueError: as `push`; also repeated ids or a wrong ``k``.
        """
        array = self._check_batch(stream_ids, frames)
        with self._step_lock:
            streams, rows = self._resolve(stream_ids)
            while self._ready and any(map(_pending, streams)):
                self._step_locked()
            return self._run(len(streams), rows, array, None)

    # ----- snapshots --------------------------------------------------------------------

    def snapshot(self, path: str | os.PathLike[str]) -> None:
        """Write every open stream's state (after the chunks queued so far) to ``path``,
        atomically: a restarted process `restore`s them and each stream continues exactly.
        The file format is described in `statefulrnn.streaming.snapshot`.

        Raises:
            TypeError: a stream id that is not a str or an int (ids are stored as JSON).
            NonFiniteStateError: a stream whose state holds NaN or an infinity (a ValueError;
                its ``stream_ids`` name them: close or reset them and snapshot again); nothing
                is written.
        """
        with self._step_lock:
            while self._ready:
                self._step_locked()
            with self._lock:
                streams = list(self._streams.values())
            states = self._slots.gather(_slots_of(streams))
        write_snapshot(path, [stream.id for stream in streams], states)

    def restore(self, path: str | os.PathLike[str]) -> list[Hashable]:
        """Open the streams of a `snapshot` file with their states; returns their ids.

        Everything is checked before any stream opens: a refused file leaves the pool as it was.

        Raises:
            FileNotFoundError, ValueError: no such file; not a snapshot, damaged or malformed
                (repeated ids, states that are not finite, missing or mistyped entries), or
                made with a model whose stateful layers differ.
            StreamExistsError: one of its streams is open here already.
            PoolFullError: they would not fit under ``max_streams``.
        """
        ids, states = read_snapshot(path, self._runner.state_sizes, self._runner.dtype)
        with self._step_lock, self._lock:
            clash = next((stream_id for stream_id in ids if stream_id in self._streams), None)
            if clash is not None:
                raise StreamExistsError(f"Stream {clash!r} of {os.fspath(path)!r} is already open here.")
            if len(self._streams) + len(ids) > self.max_streams:
                raise PoolFullError(
                    f"{os.fspath(path)!r} holds {len(ids)} streams; with {len(self._streams)} open, "
                    f"they exceed max_streams={self.max_streams}."
                )
            now = self._clock()
            for stream_id in ids:
                self._streams[stream_id] = self._new_stream(stream_id, now)
            self._generation += 1
            slots = [self._streams[stream_id].slot for stream_id in ids]
            self._slots.scatter(np.array(slots, dtype=np.int64), states)
        return ids

    # ----- inside ---------------------------------------------------------------------------

    def _new_stream(self, stream_id: Hashable, now: float) -> _Stream:
        slot = self._slots.allocate()
        if self._slots.capacity > len(self._last_used):  # the table grew
            self._last_used = np.resize(self._last_used, self._slots.capacity)
        self._last_used[slot] = now
        return _Stream(stream_id, slot, slice(slot, slot + 1))

    def _resolve(self, stream_ids: Sequence[Hashable]) -> tuple[list[_Stream], Rows]:
        """The streams of ``stream_ids`` and their slots as rows, checked: all open, none twice
        (the caller holds the step lock).

        A caller stepping the same streams call after call (a server on a clock tick) gets the
        answer of the previous call while no stream has opened or closed since: comparing two
        lists costs a fraction of looking up every id again. When that list comes a second time
        and its streams fill one block of slots in another order, the block is put in the
        list's order (`_in_list_order`), so that from then on their states are read in place.
        """
        cached = self._resolved
        if cached is not None and cached[0] == self._generation and cached[1] == stream_ids:
            if type(cached[3]) is np.ndarray and cached[4]:
                self._resolved = cached = self._in_list_order(*cached[:4])
            return cached[2], cached[3]
        with self._lock:
            # map/attrgetter rather than comprehensions: at thousands of streams per call, these
            # per-stream lookups would otherwise cost a third of a 64-unit GRU step.
            streams = list(map(self._streams.get, stream_ids))
            generation = self._generation
        if None in streams:
            self._get(stream_ids[streams.index(None)])  # raises, naming it
        slots = _slots_of(streams)
        if len(slots) and np.bincount(slots).max() > 1:
            raise ValueError("push_many runs one chunk per stream: stream_ids must not repeat an id.")
        rows = rows_of(slots)
        if isinstance(stream_ids, (list, tuple)):  # == on anything else may not mean "equal"
            self._resolved = (generation, type(stream_ids)(stream_ids), streams, rows, True)
        return streams, rows

    def _in_list_order(
        self, generation: int, stream_ids: Sequence[Hashable], streams: list[_Stream], slots: np.ndarray
    ) -> tuple[int, Sequence[Hashable], list[_Stream], Rows, bool]:
        """`_resolve`'s cached answer with ``streams`` moved to consecutive slots in their order,
        where their ``slots`` (distinct) fill one block: the block's rows are permuted once (a
        gather and a block copy, as one call by index costs), then each call of this list reads
        and writes its states in place, as `push_many` in opening order does (at 1024 GRU(64)
        streams the gather and scatter by index cost ~15% of a round). Slots scattered among
        other streams' stay as they are (tried once per list). The caller holds the step lock,
        which every reader of a stream's slot holds too."""
        first = int(slots.min())
        if int(slots.max()) - first != len(slots) - 1:
            return generation, stream_ids, streams, slots, False
        block = slice(first, first + len(slots))
        self._slots.scatter(block, self._slots.gather(slots))  # gather copies: no overlap
        self._last_used[block] = self._last_used[slots]
        for slot, stream in enumerate(streams, start=first):
            stream.slot, stream.rows = slot, slice(slot, slot + 1)
        return generation, stream_ids, streams, block, False

    def _get(self, stream_id: Hashable) -> _Stream:
        stream = self._streams.get(stream_id)
        if stream is None:
            raise UnknownStreamError(
                f"No open stream {stream_id!r}: open it first (or it was closed or evicted)."
            )
        return stream

    def _drain(self, stream_id: Hashable) -> _Stream:
        """Run the chunks queued for ``stream_id`` (the caller holds the step lock)."""
        with self._lock:
            stream = self._get(stream_id)
        while stream.pending:
            self._step_locked()
        return stream

    def _step_locked(self) -> int:
        with self._lock:
            ready = self._ready
            ids = list(itertools.islice(ready, self.max_batch))
            if not ids:
                return 0
            streams = list(map(self._streams.__getitem__, ids))
            chunks = list(map(deque.popleft, map(_pending, streams)))
            if len(ids) == len(ready):
                ready.clear()
            else:
                for stream_id in ids:
                    del ready[stream_id]
            for stream in filter(_pending, streams):  # its next chunk waits for a later call, at the back
                ready[stream.id] = None
        taken = len(chunks)
        try:
            frames, mask = self._padded(list(map(_frames, chunks)))
            if not _finite(frames):
                streams, chunks, frames, mask = self._without_non_finite(streams, chunks, frames)
                if not chunks:
                    return taken
            outputs = self._run(len(chunks), rows_of(_slots_of(streams)), frames, mask)
        except BaseException as error:
            failure = _Failure(error)
            for chunk in chunks:
                chunk._outcome = failure
            return taken
        steps = frames.shape[1]
        if mask is None and isinstance(outputs, np.ndarray):  # the common case, row by row at C speed
            # Per-step outputs of one step: a chunk pushed as one frame (F,) gets its row without
            # the time axis, a (1, F) chunk with it; the row views are made once, for either kind.
            singles = (
                steps == 1 and outputs.ndim >= 3 and outputs.shape[1] == 1 and list(map(_single, chunks))
            )
            if singles and all(singles):
                rows = list(outputs[:, 0])
            elif singles and any(singles):
                rows = [row[0] if single else row for row, single in zip(outputs, singles)]
            else:
                rows = list(outputs)
            for chunk, row in zip(chunks, rows):
                chunk._outcome = row
            return taken
        for row, chunk in enumerate(chunks):  # (a single chunk's length is not read)
            chunk._outcome = row_outputs(outputs, row, len(chunk.frames), steps, chunk.single)
        return taken

    def _without_non_finite(
        self, streams: list[_Stream], chunks: list[PendingChunk], frames: np.ndarray
    ) -> tuple[list[_Stream], list[PendingChunk], np.ndarray, np.ndarray | None]:
        """A step's batch less the chunks whose frames hold NaN or an infinity: those end with
        a ValueError naming their stream, whose state stays as it was."""
        finite = np.isfinite(frames).reshape(len(chunks), -1).all(axis=1).tolist()
        for stream, chunk, ok in zip(streams, chunks, finite):
            if not ok:
                chunk._outcome = _Failure(ValueError(f"Stream {stream.id!r}: {_NOT_FINITE}"))
        streams = list(itertools.compress(streams, finite))
        chunks = list(itertools.compress(chunks, finite))
        if not chunks:
            return streams, chunks, frames, None
        return (streams, chunks, *self._padded(list(map(_frames, chunks))))

    def _run(self, count: int, rows: Rows, frames: np.ndarray, mask: np.ndarray | None) -> Any:
        """One model call for ``count`` streams in slot table ``rows`` on ``frames (k, T,
        F)``, as numpy outputs (the caller holds the step lock); states are written back only when
        it succeeds (or stepped in place by a kernel that cannot fail once it writes)."""
        runner, table = self._runner, self._slots
        gathered = table.rows(rows) if runner.direct else list(table.gather(rows).values())
        # Consecutive slots are handed over as views, which a one-layer model steps in place.
        outputs, states = runner.run(frames, mask, gathered, type(rows) is slice)
        if states is not None:
            table.scatter(rows, states)
        # One stream's slot by its int: numpy sets one element at half the cost of a slice.
        one = type(rows) is slice and rows.stop - rows.start == 1
        self._last_used[rows.start if one else rows] = self._clock()
        self._batches += 1
        self._chunks += count
        self._steps += int(mask.sum()) if mask is not None else frames.shape[0] * frames.shape[1]
        return outputs

    def _check_frames(self, stream_id: Hashable, frames: Any) -> tuple[np.ndarray, bool]:
        """``frames`` as a C-ordered array of the model's dtype, ``(T, F)`` or one frame
        ``(F,)`` as it came, and whether it came as one frame. Values are checked where they
        run: a whole batch at a time.

        A read-only array passes: the queue joins the bytes of its chunks into a batch of its
        own, and `push` copies one that it runs alone (a frame decoded from bytes is read-only:
        copying it here would cost a fifth of a queued GRU(64) chunk)."""
        array = frames
        # An array as the model takes it passes as it is: converting (or naming the stream for
        # a message no one reads) would cost as much as the compiled kernel's step.
        if (
            type(array) is not np.ndarray
            or array.dtype is not self._frame_dtype
            or not array.flags.c_contiguous
        ):
            array = _as_array(frames, f"Stream {stream_id!r}", self._frame_dtype)
        shape = array.shape
        # (F,), or (T, F) with T >= 1 (F >= 1, so a (0,) never passes as a frame)
        if len(shape) > 2 or shape[-1:] != self._frame_shape or not shape[0]:
            features = self.frame_size
            raise ValueError(
                f"Stream {stream_id!r}: frames must have shape (T, {features}) with T >= 1, or "
                f"({features},) for one frame. Received: shape {shape}"
            )
        return array, len(shape) == 1

    def _padded(self, chunks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray | None]:
        """Chunks ``(T_i, F)`` or ``(F,)`` (one step) as one batch ``(k, max T, F)``, and a mask of
        real steps when their lengths differ (None when they agree, the common case)."""
        features = self.frame_size
        sizes = list(map(_size, chunks))
        largest = max(sizes)
        if min(sizes) == largest:
            # The chunks' bytes joined (each is C-contiguous in the model's dtype): a quarter of
            # np.concatenate's time, whose cost per array is ~0.3 us at a thousand one-frame chunks.
            joined = np.frombuffer(bytearray().join(chunks), self._frame_dtype)
            return joined.reshape(len(chunks), largest // features, features), None
        lengths = np.array(sizes) // features
        frames = np.zeros((len(chunks), largest // features, features), self._frame_dtype)
        for row, (chunk, length) in enumerate(zip(chunks, lengths)):
            frames[row, :length] = chunk
        return frames, np.arange(largest // features)[None, :] < lengths[:, None]

    def _check_batch(self, stream_ids: Sequence[Hashable], frames: Any) -> np.ndarray:
        array = _as_array(frames, "push_many", self._frame_dtype)
        features = self.frame_size
        if (
            array.ndim != 3
            or array.shape[0] != len(stream_ids)
            or array.shape[2] != features
            or not array.shape[1]
        ):
            raise ValueError(
                f"push_many needs frames of shape ({len(stream_ids)}, T, {features}) with T >= 1, one "
                f"chunk per stream id. Received: shape {array.shape}"
            )
        if not _finite(array):
            raise ValueError(f"push_many: {_NOT_FINITE}")
        return array


_slot = operator.attrgetter("slot")
_pending = operator.attrgetter("pending")
_frames = operator.attrgetter("frames")
_size = operator.attrgetter("size")
_single = operator.attrgetter("single")


def _slots_of(streams: list[_Stream]) -> np.ndarray:
    return np.fromiter(map(_slot, streams), np.int64, len(streams))


def _as_array(frames: Any, owner: str, dtype: np.dtype) -> np.ndarray:
    if isinstance(frames, torch.Tensor):
        frames = frames.detach().cpu().numpy()
    try:
        array = np.asarray(frames, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{owner}: frames must be an array of numbers. Received: {error}") from None
    return array if _usable(array) else np.array(array, order="C")


def _usable(array: np.ndarray) -> bool:
    """C-contiguous, as the compiled kernels take it, and writeable: ``torch.from_numpy`` warns on
    a read-only array (a frame decoded from bytes)."""
    flags = array.flags
    return flags.c_contiguous and flags.writeable


_NOT_FINITE = "frames hold NaN or infinite values; nothing was run."
_FLOAT32 = np.dtype(np.float32)  # numpy's one float32 dtype of native byte order: compared by `is`


def _finite(array: np.ndarray) -> bool:
    """Whether every value of ``array`` is finite.

    A few float32 values are summed in Python floats (float64: no sum of float32 values can
    overflow it; NaN or an infinity carries through): a third of ``np.isfinite(a).all()`` for
    a frame, and it leaves the compiled kernel called next at full speed, where numpy's ufunc
    call slows the following kernel call by about its own time again (measured on AVX-512).
    """
    if array.size <= 256 and array.dtype is _FLOAT32:
        return math.isfinite(sum((array if array.ndim == 1 else array.ravel()).tolist()))
    return bool(np.isfinite(array).all())


__all__ = ["StreamPool"]
