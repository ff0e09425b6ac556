"""Many producer threads pushing at once get correct results, in each stream's order."""

from __future__ import annotations

import threading

import numpy as np

from statefulrnn.streaming import StreamPool

from .helpers import FEATURES, offline, random_chunks, served_model


def test_concurrent_producers_get_their_offline_outputs() -> None:
    model = served_model("lstm")
    pool = StreamPool(model, max_streams=64)
    rng = np.random.default_rng(0)
    threads, per_thread = 12, 2
    wholes = {
        (t, s): rng.normal(size=(int(rng.integers(20, 60)), FEATURES)).astype(np.float32)
        for t in range(threads)
        for s in range(per_thread)
    }
    plans = {key: random_chunks(rng, len(whole), longest=5) for key, whole in wholes.items()}
    results: dict[tuple[int, int], list[np.ndarray]] = {key: [] for key in wholes}
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def produce(thread: int) -> None:
        try:
            mine = [key for key in wholes if key[0] == thread]
            for key in mine:
                pool.open(key)
            start.wait()
            position = dict.fromkeys(mine, 0)
            while any(plans[key] for key in mine):
                for key in mine:
                    if plans[key]:
                        length = plans[key].pop(0)
                        frames = wholes[key][position[key] : position[key] + length]
                        position[key] += length
                        results[key].append(pool.push(key, frames))
        except BaseException as error:  # reported below: a thread's failure must fail the test
            errors.append(error)

    workers = [threading.Thread(target=produce, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors, errors
    assert not any(worker.is_alive() for worker in workers)
    for key, whole in wholes.items():
        np.testing.assert_allclose(np.concatenate(results[key]), offline(model, whole), atol=1e-5)
    stats = pool.stats()
    assert stats["chunks"] == sum(len(pieces) for pieces in results.values())
    assert stats["batches"] <= stats["chunks"]


def test_chunks_of_one_stream_from_many_threads_run_in_arrival_order() -> None:
    model = served_model()
    pool = StreamPool(model)
    pool.open("shared")
    whole = np.random.default_rng(1).normal(size=(64, FEATURES)).astype(np.float32)
    arrival = threading.Lock()  # makes "arrival order" observable: our index is taken with the submit
    next_index = [0]
    futures: dict[int, object] = {}
    start = threading.Barrier(8)

    def produce() -> None:
        start.wait()
        for _ in range(8):
            with arrival:
                index = next_index[0]
                next_index[0] += 1
                futures[index] = pool.submit("shared", whole[index : index + 1])
            while not futures[index].done():
                pool.step()

    workers = [threading.Thread(target=produce) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    outputs = np.concatenate([futures[index].result() for index in range(64)])
    np.testing.assert_allclose(outputs, offline(model, whole), atol=1e-5)
