"""Run a real Chorus deployment on this machine, for the chaos test and the jobs benchmark:
`chorus serve` replicas and `chorus worker`s as subprocesses (kill -9 able), and a stub LLM
that counts calls per job (so double billing is measured, not guessed).

Every job's cluster carries a marker (`JOB-000017`) in its text; the stub sees it in the
prompt. Readiness is awaited on each process's own log line, not a timer.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request

from bench.stub_llm import free_port

ROOT = Path(__file__).resolve().parent.parent
_MARK_RE = re.compile(r"JOB-\d{6}")
_ARTICLE_RE = re.compile(r'<article n="(\d+)"')


def job_cluster(i: int) -> dict[str, Any]:
    mark = f"JOB-{i:06d}"
    return {
        "id": f"chaos-{i}",
        "articles": [
            {
                "id": "a",
                "text": f"Delegates met in Geneva on Monday ({mark}). The talks lasted four "
                "hours. Both sides said progress was made on the ceasefire terms.",
            },
            {
                "id": "b",
                "text": "The Geneva talks ended without a deal. Negotiators will meet again "
                "next week, officials said. A ceasefire remains the main goal.",
            },
        ],
    }


class CountingStub:
    """An OpenAI-compatible stub on 127.0.0.1 in a thread; counts calls per job marker."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        self.calls: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        # Calls whose client went away before the answer (killed or stopped mid-call): the
        # provider bills them, the job never sees them, so a rerun pays for them again.
        self.abandoned: Counter[str] = Counter()
        # When each call was answered (time.monotonic()): an answer that reached its worker
        # just before the worker was killed is billed, then lost with the worker.
        self.answered: dict[str, list[float]] = {}
        self.total = 0
        self._cond = threading.Condition()
        self.port = 0
        self.url = ""
        self._server: uvicorn.Server | None = None

    async def _client_left(self, request: Request) -> bool:
        """Wait out the latency; True when the client disconnected meanwhile."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.latency_s
        while (left := deadline - loop.time()) > 0:
            if await request.is_disconnected():
                return True
            await asyncio.sleep(min(0.02, left))
        return await request.is_disconnected()

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def complete(request: Request) -> dict[str, Any]:
            body = await request.json()
            user = body["messages"][-1]["content"]
            mark = (_MARK_RE.findall(user) or ["?"])[0]
            with self._cond:
                self.calls[mark] += 1
                self.in_flight[mark] += 1
                self.total += 1
                self._cond.notify_all()
            try:
                if await self._client_left(request):
                    with self._cond:
                        self.abandoned[mark] += 1
            finally:
                with self._cond:
                    self.in_flight[mark] -= 1
                    self.answered.setdefault(mark, []).append(time.monotonic())
            ns = sorted({int(n) for n in _ARTICLE_RE.findall(user)}) or [1]
            content = json.dumps(
                {
                    "headline": "Geneva talks end without a deal",
                    "sentences": [
                        {"text": "Delegates met in Geneva on Monday.", "citations": ns[:1]},
                        {"text": "The talks ended without a deal.", "citations": ns[-1:]},
                    ],
                }
            )
            return {
                "id": "stub",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": "stub-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 200, "completion_tokens": 30, "total_tokens": 230},
            }

        return app

    def start(self) -> None:
        """Listen first (so no client can race the thread), then serve in a thread."""
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(512)
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        config = uvicorn.Config(self._app(), log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True, name="stub-llm"
        ).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True

    def wait_total(self, n: int, timeout_s: float = 120) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.total >= n, timeout_s):
                raise TimeoutError(f"the stub saw {self.total} calls, not {n}")

    def flying(self) -> list[str]:
        with self._cond:
            return [m for m, n in self.in_flight.items() if n > 0]

    def answered_before(self, instant: float, window_s: float) -> list[str]:
        """Jobs with a call answered in the `window_s` seconds before `instant`."""
        with self._cond:
            near = (
                m
                for m, ts in self.answered.items()
                if any(0 <= instant - t <= window_s for t in ts)
            )
            return list(near)


class Proc:
    """One `chorus serve` or `chorus worker` subprocess; its stderr goes to a log file."""

    def __init__(self, kind: str, env: dict[str, str], log: Path, ready: str) -> None:
        self.kind, self.env, self.log, self.ready_text = kind, env, log, ready
        self.proc: subprocess.Popen[bytes] | None = None
        self.ready = threading.Event()

    def start(self, timeout_s: float = 60) -> Proc:
        self.ready = threading.Event()
        args = [sys.executable, "-m", "chorus.cli.main", self.kind]
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        threading.Thread(target=self._drain, args=(self.proc,), daemon=True).start()
        if not self.ready.wait(timeout_s):
            self.stop()
            raise RuntimeError(f"{self.kind} did not start; see {self.log}")
        return self

    def _drain(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        with self.log.open("ab") as out:
            for line in proc.stderr:
                out.write(line)
                out.flush()
                if self.ready_text.encode() in line:
                    self.ready.set()
        proc.stderr.close()

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 30) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill9()


def base_env(database_url: str, llm_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "OPENAI_"))}
    env |= {
        "CHORUS_DATABASE_URL": database_url,
        "OPENAI_BASE_URL": llm_url,
        "OPENAI_API_KEY": "stub-key",
        "CHORUS_TOKENIZER_ALLOW_DOWNLOAD": "false",
        "CHORUS_LLM_MAX_ATTEMPTS": "2",
        "CHORUS_LLM_MAX_RETRY_WAIT_S": "0.2",
        "CHORUS_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    return env | extra


def server(env: dict[str, str], log: Path, port: int | None = None) -> tuple[Proc, str]:
    port = port or free_port()
    proc = Proc("serve", env | {"CHORUS_PORT": str(port)}, log, "Uvicorn running on")
    return proc, f"http://127.0.0.1:{port}"


def worker(env: dict[str, str], log: Path) -> Proc:
    return Proc("worker", env, log, "worker_started")


__all__ = ["CountingStub", "Proc", "base_env", "job_cluster", "server", "worker"]
