"""Migration 0005 downgrades and upgrades with survey data, backfilling the response figures."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from crm.domain.enums import QuestionKind as K, Role, SurveyChannel
from crm.domain.surveys import AnswerInput
from crm.persistence.migrate import upgrade
from crm.services import surveys as sv
from tests import factories


def _migrate(db, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from crm.paths import MIGRATIONS

    with db.engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def test_0005_round_trips_with_data_and_backfills(db):
    b = factories.branch(db)
    mgr = factories.user(db, "jingli01", Role.MANAGER, b)
    cid = factories.customer(db, "张三", owner=mgr)
    now = datetime(2026, 11, 30, 20, tzinfo=timezone.utc)        # 1 December in Beijing
    with db.uow(mgr) as uow:
        t = sv.ensure_default_template(uow)
        ans = tuple(AnswerInput(q.id, score=2 if q.kind is K.LIKERT5 else 10)
                    for q in t.questions if q.kind in (K.LIKERT5, K.SCALE10))
        sv.record_response(uow, mgr, sv.ResponseDraft(cid, SurveyChannel.PHONE, ans, t.id), now=now)
        uow.commit()
    _migrate(db, "0004")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM survey_answers")).scalar() == 7
    assert upgrade(db) == "upgraded"
    with db.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT month, manager_id, branch_id, nps, likert_sum, likert_n, likert_top, low, "
            "positive FROM survey_responses")).one()
        months = set(conn.execute(text("SELECT month FROM survey_answers")).scalars())
    assert tuple(row[:7]) == (202612, mgr.user_id, b, 10, 12, 6, 0)
    assert bool(row[7]) is True and bool(row[8]) is False
    assert months == {202612}
