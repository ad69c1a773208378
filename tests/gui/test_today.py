"""今日工作 as a manager sees it: counts by kind, rows open the customer, tasks can be done."""
from __future__ import annotations

import dataclasses

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from crm.domain.compliance import local_today
from crm.domain.enums import ContactChannel, ContactOutcome, Role
from crm.services.contacts import ContactDraft, add_contact
from crm.ui.context import AppContext, AppSignals
from crm.ui.pages.today import TodayPage
from tests import factories

TODAY = local_today()


@pytest.fixture
def manager_ctx(empty_db, settings, runner):
    branch = factories.branch(empty_db)
    manager = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "张经理")
    other = factories.user(empty_db, "jingli02", Role.MANAGER, branch, "李经理")
    mine = factories.customer(empty_db, "王小明", owner=manager, overdue_days=35)
    theirs = factories.customer(empty_db, "赵大海", owner=other, overdue_days=60)
    noon = datetime.now(timezone.utc).replace(hour=4, minute=0)   # 12:00 in Shanghai
    for actor, customer in ((manager, mine), (other, theirs)):
        with empty_db.uow(actor) as uow:
            add_contact(uow, actor, ContactDraft(
                customer_id=customer, channel=ContactChannel.PHONE,
                outcome=ContactOutcome.PROMISED, summary="答应月底前还一部分",
                contacted_at=noon - timedelta(days=1), promise_amount=Decimal("3000"),
                promise_date=TODAY, next_follow_up_on=TODAY))
            uow.commit()
    ctx = AppContext(empty_db, manager, settings, runner, AppSignals(), "西湖支行")
    return ctx, mine


def test_today_counts_and_rows_are_the_managers_own(qtbot, zh, manager_ctx):
    ctx, mine = manager_ctx
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=10000)
    assert page.cards["follow_ups_due"].text() == "今日到期跟进\n1"
    assert page.cards["promises_due"].text() == "今日到期承诺\n1"
    names = {page.model.record(r).row.customer_name for r in range(page.model.rowCount())}
    assert names == {"王小明"}            # not the other manager's customer
    assert page.title.text().startswith("今日工作")


def test_a_row_opens_its_customer_and_done_clears_it(qtbot, zh, manager_ctx):
    ctx, mine = manager_ctx
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    counts = []
    page.due_count_changed.connect(counts.append)
    qtbot.waitUntil(lambda: bool(counts), timeout=10000)
    assert counts[-1] == 2                # the follow-up task and the promise due today
    page.cards["follow_ups_due"].click()
    assert page.model.rowCount() == 1
    opened = []
    page.open_customer.connect(opened.append)
    page.view.selectRow(0)
    page.open_button.click()
    assert opened == [mine]
    assert page.done_button.isEnabled()
    page.done_button.click()
    qtbot.waitUntil(lambda: len(counts) >= 2, timeout=10000)
    assert counts[-1] == 1
    assert page.cards["follow_ups_due"].text().endswith("\n0")


def test_an_empty_day_says_what_will_appear(qtbot, zh, empty_db, settings, runner):
    branch = factories.branch(empty_db)
    manager = factories.user(empty_db, "jingli01", Role.MANAGER, branch, "张经理")
    page = TodayPage(AppContext(empty_db, manager, settings, runner, AppSignals()))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.summary is not None, timeout=10000)
    assert page.empty.isVisible() and "Ctrl+N" in page.empty.text()


def test_a_cut_list_says_how_many_more_there_are(qtbot, zh, manager_ctx):
    ctx, _mine = manager_ctx
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=10000)
    assert page.model.rowCount() == 2     # one follow-up, one promise: nothing cut
    assert page.more.isHidden()
    summary = page.summary                # as if 5 follow-ups were due and 1 listed
    cut = dataclasses.replace(summary.follow_ups_due, count=5)
    page.summary = dataclasses.replace(summary, follow_ups_due=cut)
    page._fill()
    assert not page.more.isHidden()
    assert page.more.text().startswith("另有 4 项未列出")
