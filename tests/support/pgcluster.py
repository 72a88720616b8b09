"""A throw-away PostgreSQL cluster for the tests (devtools/pgcluster.py does the work).

`pg_cluster` is session-scoped: one cluster per pytest process (each xdist worker starts
its own: the socket lives in that worker's private directory). `pg_url` gives each test a
fresh database copied from a template that already has the schema, so a test costs a
CREATE DATABASE (tens of milliseconds), not a cluster start (a second or two).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from command_center.postgres.pool import Pool
from command_center.postgres.schema import migrate
from devtools.pgcluster import Cluster, why_not

TEMPLATE = "k110_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    problem = why_not()
    if problem:
        pytest.skip(problem)
    with Cluster() as cluster:
        cluster.psql(f"CREATE DATABASE {TEMPLATE}")
        pool = Pool(cluster.url(TEMPLATE))
        with pool.connect() as conn:
            migrate(conn)
        yield cluster


def new_database(cluster: Cluster) -> str:
    """A fresh database with the schema; returns its URL."""
    name = f"t{next(_numbers)}"
    cluster.psql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return cluster.url(name)


def drop_database(cluster: Cluster, url: str) -> None:
    name = url.split("/")[3].split("?")[0]
    cluster.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    url = new_database(pg_cluster)
    yield url
    drop_database(pg_cluster, url)
