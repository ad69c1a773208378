"""Shared fixtures: databases on SQLite and on a real throwaway PostgreSQL cluster."""
from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crm.domain.actors import Actor
from crm.persistence.engine import Database, connect
from crm.persistence.migrate import upgrade

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "CRM_DATA_DIR" not in os.environ:  # logs and backups of the app and CLI under test
    import tempfile

    os.environ["CRM_DATA_DIR"] = tempfile.mkdtemp(prefix="crm-test-data-")
_counter = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.fspath)
        if f"{os.sep}gui{os.sep}" in path:
            item.add_marker(pytest.mark.gui)
        if "[pg]" in item.nodeid or "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.pg)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    from tests.pgcluster import Cluster

    try:
        cluster = Cluster()
    except Exception as exc:  # noqa: BLE001 - any failure to start means no server
        if os.environ.get("CRM_TEST_PG") == "1":
            pytest.fail(f"CRM_TEST_PG=1 but no PostgreSQL server could be started: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    engine = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE DATABASE crm_template"))
    engine.dispose()
    template = connect(cluster.url_for("crm_template"))
    upgrade(template)
    template.dispose()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = connect(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


def fresh_pg_url(cluster: object) -> str:
    name = f"t{os.getpid()}_{next(_counter)}"
    engine = create_engine(cluster.url, isolation_level="AUTOCOMMIT")  # type: ignore[attr-defined]
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE crm_template"))
    engine.dispose()
    return cluster.url_for(name)  # type: ignore[attr-defined]


@pytest.fixture
def pg_url(pg_cluster: object) -> str:
    """A fresh, migrated PostgreSQL database."""
    return fresh_pg_url(pg_cluster)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite file."""
    path = tmp_path / "crm.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "pg"])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh migrated database, on SQLite and on PostgreSQL."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    database = connect(url)
    yield database
    database.dispose()


@pytest.fixture
def operator() -> Actor:
    return Actor.cli()


# --- leaving the test process ------------------------------------------------------------------
# PySide6 6.12 miscounts references to Python singletons it hands through Qt (see
# tests/gui/test_runner.py for None); at interpreter teardown the garbage collector can then
# abort with "bool_dealloc: deallocating True or False" AFTER every test has passed and been
# reported, turning a green run red. Once pytest has finished everything (fixtures torn down,
# the PostgreSQL cluster stopped, the summary printed), the process leaves with pytest's own
# status instead of running that teardown. CRM_TEST_SOFT_EXIT=1 keeps the normal exit.
_status: dict[str, int] = {"code": 0}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _status["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import sys

    if os.environ.get("CRM_TEST_SOFT_EXIT") == "1" or "PySide6.QtWidgets" not in sys.modules:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_status["code"])
