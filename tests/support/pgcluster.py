"""A throw-away PostgreSQL cluster for the tests (devtools/pgcluster.py does the work).

`pg_cluster` is session-scoped: one cluster per pytest process (each xdist worker starts
its own: the socket lives in that worker's private directory). `pg_url` gives each test a
fresh database copied from a template that already has the schema, so a test costs a
CREATE DATABASE (~0.1 s), not a cluster start (a second or two). The test cluster runs
with fsync off: what the tests check (who wins a race, what a listener hears) does not
depend on the disk, and a CREATE DATABASE with fsync costs several times more. The
engine benchmark keeps fsync on.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from command_center.postgres.pool import Conn, Pool
from command_center.postgres.schema import migrate
from devtools.pgcluster import Cluster, why_not

TEMPLATE = "k110_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    problem = why_not()
    if problem:
        pytest.skip(problem)
    with Cluster(fsync=False) as cluster:
        cluster.psql(f"CREATE DATABASE {TEMPLATE}")
        with Pool(cluster.url(TEMPLATE)).connect() as conn:
            migrate(conn)
        yield cluster


def _admin(cluster: Cluster) -> Conn:
    return Pool(cluster.url()).connect()


def new_database(cluster: Cluster) -> str:
    """A fresh database with the schema; returns its URL."""
    name = f"t{next(_numbers)}"
    with _admin(cluster) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}".encode())
    return cluster.url(name)


def new_empty_database(cluster: Cluster) -> str:
    """A fresh database without the schema (what a first start finds)."""
    name = f"e{next(_numbers)}"
    with _admin(cluster) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    return cluster.url(name)


def drop_database(cluster: Cluster, url: str) -> None:
    name = url.split("/")[3].split("?", maxsplit=1)[0]
    with _admin(cluster) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


class Databases:
    """Fresh databases made one ahead, and used ones dropped, on a background thread:
    a test finds its database ready instead of waiting for the copy."""

    def __init__(self, cluster: Cluster) -> None:
        self._cluster = cluster
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="pg-databases")
        self._next: Future[str] = self._worker.submit(new_database, cluster)

    def take(self) -> str:
        url = self._next.result(timeout=120)
        self._next = self._worker.submit(new_database, self._cluster)
        return url

    def give_back(self, url: str) -> None:
        self._worker.submit(drop_database, self._cluster, url)

    def close(self) -> None:
        self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: Cluster) -> Iterator[Databases]:
    databases = Databases(pg_cluster)
    yield databases
    databases.close()


@pytest.fixture
def pg_url(pg_databases: Databases) -> Iterator[str]:
    url = pg_databases.take()
    yield url
    pg_databases.give_back(url)
