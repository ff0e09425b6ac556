"""Access: the bearer token, streams owned by the connection that opened them (others need the
stream's resume token), idle streams freed, and a snapshot that keeps owners but not empty opens."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
import pytest
from aiohttp import WSMsgType, WSServerHandshakeError

from statefulrnn.serve.access import TOKEN_HEADER, StreamTokens, claims_path, load_claims
from statefulrnn.serve.main import open_pool
from statefulrnn.serve.shutdown import save_streams
from statefulrnn.streaming import StreamPool

from .servers import chunks, make_model, offline, push_all, run, serving
from .test_websocket import refusal

MODEL = make_model()
NOT_YOURS = r"^Stream 'w' belongs to the connection that opened it; send its resume token"


@pytest.mark.parametrize("token", [None, "wrong"], ids=["no-token", "wrong-token"])
def test_other_connections_cannot_push_reset_or_delete_an_owned_stream(token: str | None) -> None:
    first, second = chunks(seed=30, count=2)
    headers = {} if token is None else {TOKEN_HEADER: token}

    async def scenario() -> np.ndarray:
        async with serving(StreamPool(MODEL)) as client:
            owner = await client.ws_connect("/streams/w/ws")
            before = await push_all(owner, [first])
            attempts = [
                await client.post("/streams/w/push", json={"frames": [[1, 2, 3]]}, headers=headers),
                await client.post("/streams/w/reset", headers=headers),
                await client.delete("/streams/w", headers=headers),
            ]
            for response in attempts:
                assert response.status == 403
                assert re.match(NOT_YOURS, (await response.json())["error"])
            taken = await refusal(await client.ws_connect("/streams/w/ws?resume=1", headers=headers))
            assert taken == ("Stream 'w' is already connected by another WebSocket.", 1008)
            return np.concatenate([before, await push_all(owner, [second])])

    np.testing.assert_allclose(run(scenario()), offline(MODEL, np.concatenate([first, second])), atol=1e-5)


def test_a_stream_opened_by_post_needs_its_token_and_resumes_with_it() -> None:
    first, second = chunks(seed=31, count=2)

    async def scenario() -> tuple[tuple[str, int], np.ndarray]:
        async with serving(StreamPool(MODEL)) as client:
            opened = await (await client.post("/streams", json={"id": "p"})).json()
            token = {TOKEN_HEADER: opened["token"]}
            assert len(opened["token"]) >= 32
            assert (await client.post("/streams/p/push", json={"frames": first.tolist()})).status == 403
            pushed = await client.post("/streams/p/push", json={"frames": first.tolist()}, headers=token)
            before = np.asarray((await pushed.json())["outputs"], np.float32)
            refused = await refusal(await client.ws_connect("/streams/p/ws?resume=1"))
            socket = await client.ws_connect(f"/streams/p/ws?resume=1&token={opened['token']}")
            return refused, np.concatenate([before, await push_all(socket, [second])])

    refused, outputs = run(scenario())
    assert refused[1] == 1008 and re.match(r"^Stream 'p' belongs to the connection", refused[0])
    np.testing.assert_allclose(outputs, offline(MODEL, np.concatenate([first, second])), atol=1e-5)


def test_the_bearer_token_guards_everything_but_health() -> None:
    async def scenario() -> None:
        async with serving(StreamPool(MODEL), token="s3cret") as client:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
                response = await client.post("/streams", json={"id": "a"}, headers=headers)
                assert response.status == 401 and response.headers["WWW-Authenticate"] == "Bearer"
                assert (await response.json())["error"] == (
                    "This server needs 'Authorization: Bearer <token>' with its token."
                )
                with pytest.raises(WSServerHandshakeError) as refused:
                    await client.ws_connect("/streams/b/ws", headers=headers)
                assert refused.value.status == 401
            assert (await client.get("/health")).status == 200
            good = {"Authorization": "Bearer s3cret"}
            assert (await client.post("/streams", json={"id": "a"}, headers=good)).status == 201
            socket = await client.ws_connect("/streams/b/ws", headers=good)
            await push_all(socket, chunks(seed=32, count=1))
            assert (await (await client.get("/metrics", headers=good)).json())["open_streams"] == 2

    run(scenario())


def test_anonymous_opens_lock_nobody_out_past_the_idle_timeout() -> None:
    async def scenario() -> None:
        async with serving(StreamPool(MODEL, max_streams=3, idle_timeout=0.3), evict_every=0.05) as client:
            for _ in range(3):
                assert (await client.post("/streams")).status == 201
            assert (await client.post("/streams")).status == 503
            while (await client.post("/streams", json={"id": "late"})).status != 201:
                await asyncio.sleep(0.05)  # the test's own timeout fails it if this never ends

    run(scenario())


def test_a_snapshot_keeps_pushed_streams_with_their_owners_and_drops_empty_opens(tmp_path: Path) -> None:
    first, second = chunks(seed=33, count=2)
    model_path, snapshot = tmp_path / "model.safetensors", tmp_path / "streams.snapshot"
    MODEL.save(model_path)

    async def before_shutdown() -> tuple[str, np.ndarray]:
        pool = StreamPool(MODEL)
        async with serving(pool, snapshot=snapshot) as client:
            for index in range(5):  # opened and never used: nothing to keep
                assert (await client.post("/streams", json={"id": f"empty-{index}"})).status == 201
            opened = await (await client.post("/streams", json={"id": "kept"})).json()
            token = {TOKEN_HEADER: opened["token"]}
            pushed = await client.post("/streams/kept/push", json={"frames": first.tolist()}, headers=token)
            socket = await client.ws_connect("/streams/live/ws")
            await push_all(socket, [first])
            await client.server.close()
            closing = await socket.receive()
            assert closing.type is WSMsgType.CLOSE and closing.data == 1001
            return opened["token"], np.asarray((await pushed.json())["outputs"], np.float32)

    async def after_restart(token: str) -> tuple[tuple[str, int], tuple[str, int], np.ndarray]:
        pool, claims = open_pool(model_path, 1024, None, snapshot)
        assert sorted(pool.stream_ids()) == ["kept", "live"]
        async with serving(pool, claims=claims) as client:
            no_token = await refusal(await client.ws_connect("/streams/kept/ws?resume=1"))
            live = await refusal(await client.ws_connect("/streams/live/ws?resume=1&token=guess"))
            socket = await client.ws_connect("/streams/kept/ws?resume=1", headers={TOKEN_HEADER: token})
            return no_token, live, await push_all(socket, [second])

    token, outputs = run(before_shutdown())
    assert sorted(load_claims(claims_path(snapshot))) == ["kept", "live"]
    no_token, live, resumed = run(after_restart(token))
    assert no_token[1] == live[1] == 1008
    assert re.match(r"^Stream 'kept' belongs to", no_token[0]) and re.match(
        r"^Stream 'live' belongs", live[0]
    )
    np.testing.assert_allclose(
        np.concatenate([outputs, resumed]), offline(MODEL, np.concatenate([first, second])), atol=1e-5
    )


def test_an_older_snapshot_without_tokens_restores_unclaimed_streams(tmp_path: Path) -> None:
    model_path, snapshot = tmp_path / "model.safetensors", tmp_path / "streams.snapshot"
    MODEL.save(model_path)
    old = StreamPool(MODEL)
    old.open("legacy")
    old.push("legacy", chunks(seed=34, count=1)[0])
    old.snapshot(snapshot)  # as the previous version wrote it: no tokens file beside it
    pool, claims = open_pool(model_path, 1024, None, snapshot)
    assert claims is None and pool.stream_ids() == ["legacy"]


def test_a_damaged_tokens_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "streams.snapshot.tokens"
    path.write_text('{"format": "statefulrnn.stream-tokens", "version": 1, "streams": {"a": "zz"}}')
    with pytest.raises(ValueError, match=r"is not a stream token file of statefulrnn serve"):
        load_claims(str(path))


def test_a_stream_whose_state_went_nan_does_not_lose_the_others_at_shutdown(tmp_path: Path) -> None:
    snapshot = tmp_path / "streams.snapshot"
    pool, tokens = StreamPool(MODEL), StreamTokens()
    for stream_id in ("good", "broken"):
        pool.open(stream_id)
        tokens.issue(stream_id)
    pool.push("good", chunks(seed=35, count=1)[0])
    pool.push("broken", chunks(seed=36, count=1)[0])
    for tensors in pool._slots.tensors.values():  # as a model that overflowed would leave it
        tensors[0][pool._streams["broken"].slot] = float("nan")
    save_streams(pool, tokens, {"good", "broken"}, str(snapshot))
    restored = StreamPool(MODEL)
    assert restored.restore(snapshot) == ["good"]
