"""A small window of requests in flight at once, each on its own keep-alive session.

One slow answer (a request that times out, a centre that takes seconds) then holds one
slot of the window instead of the whole uplink. `requests.Session` is not meant to be
shared between threads, so each worker thread has its own `HttpClient` (one TCP
connection, kept alive); the token is shared. One more thread carries the control
requests (heartbeats, which are also the probes, and status polls), so a probe never
waits behind items, and one more the text channel's rounds (operator replies and
lookups, offline_queue.replies), so neither waits for the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from offline_queue.delivery import HttpClient

T = TypeVar("T")


class Sender:
    def __init__(self, window: int, make_client: Callable[[], HttpClient]) -> None:
        self.window = window
        self._make_client = make_client
        self._local = threading.local()
        self._clients: list[HttpClient] = []
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _client(self) -> HttpClient:
        client: HttpClient | None = getattr(self._local, "client", None)
        if client is None:
            client = self._make_client()
            with self._lock:
                self._clients.append(client)
            self._local.client = client
        return client

    def submit(self, job: Callable[[HttpClient], T]) -> Future[T]:
        """Run `job(client)` on a worker thread with that thread's own client."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.window + 2,
                                            thread_name_prefix="uplink")
        return self._pool.submit(lambda: job(self._client()))

    @staticmethod
    def wait_any(futures: list[Future[Any]], timeout_s: float | None) -> set[Future[Any]]:
        if not futures:
            return set()
        done, _ = wait(futures, timeout=timeout_s, return_when=FIRST_COMPLETED)
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()
