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


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    url = new_database(pg_cluster)
    yield url
    drop_database(pg_cluster, url)
