"""`python -m crm agreement --plan N --out F.pdf [--reveal]`: the 还款协议 of a plan from the
command line, masked unless revealed, checked with pdftotext/pdffonts/pdfinfo, audited."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.cli import main
from crm.domain.enums import PlanMethod, Role
from crm.domain.masking import mask_id
from crm.models import AuditEvent, Customer, Loan
from crm.persistence.engine import connect
from crm.services.repayment_plans import PlanDraft, create_plan
from tests import factories

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdffonts", "pdftotext",
                                                                   "pdfinfo")),
                                reason="poppler-utils are needed (.ci/run installs them)")


def run(*cmd: str) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
def plan(sqlite_url):
    db = connect(sqlite_url)
    branch = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, branch, "王经理")
    factories.user(db, "audit", Role.AUDITOR, branch, "审计员")
    cid = factories.customer(db, "王一", wang, overdue_days=75)
    with db.uow(wang) as uow:
        loan = Loan(loan_no="JJ-AG-0001", customer_id=cid, product="个人经营贷",
                    balance=Decimal("50000.00"), overdue_amount=Decimal("9000.00"),
                    overdue_days=75)
        uow.session.add(loan)
        uow.session.flush()
        view = create_plan(uow, wang, PlanDraft(
            customer_id=cid, loan_ids=(loan.id,), instalment_count=3,
            first_due_on=date(2099, 1, 31), grace_months=2, method=PlanMethod.EQUAL))
        uow.commit()
    with db.sessions() as s:
        number = s.get(Customer, cid).id_number
    yield db, view.id, number
    db.dispose()


def test_agreement_from_the_command_line(plan, sqlite_url, tmp_path, capsys):
    db, plan_id, number = plan
    out = tmp_path / "协议.pdf"
    assert main(["--db", sqlite_url, "--as", "wang", "agreement", "--plan", str(plan_id),
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"还款计划 #{plan_id}" in said and "（脱敏）" in said
    text = run("pdftotext", "-enc", "UTF-8", str(out), "-")
    assert "还款协议" in text and "王一" in text and "JJ-AG-0001" in text
    assert mask_id(number) in text and number not in text
    assert "3,000.00" in text and "2099-03-31" in text          # 31 Jan + 2 grace months
    fonts = run("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)   # emb column
    assert "A4" in run("pdfinfo", str(out))

    revealed = tmp_path / "承诺书.pdf"
    assert main(["--db", sqlite_url, "--as", "wang", "agreement", "--plan", str(plan_id),
                 "--out", str(revealed), "--reveal", "--pledge"]) == 0
    text = run("pdftotext", "-enc", "UTF-8", str(revealed), "-")
    assert "还款承诺书" in text and number in text
    with db.sessions() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.summary, AuditEvent.actor_name)
                           .where(AuditEvent.action.in_(("export", "reveal")))
                           .order_by(AuditEvent.id)).all()
    assert [(a, who) for a, _s, who in events] == [("export", "wang"), ("reveal", "wang"),
                                                    ("export", "wang")]
    assert "脱敏" in events[0][1] and "未脱敏" in events[2][1] and "协议.pdf" in events[0][1]


def test_agreement_errors_are_plain_chinese(plan, sqlite_url, tmp_path, capsys):
    _db, plan_id, _number = plan
    out = tmp_path / "a.pdf"
    assert main(["--db", sqlite_url, "agreement", "--plan", "999", "--out", str(out)]) == 1
    assert "还款计划不存在" in capsys.readouterr().err and not out.exists()
    assert main(["--db", sqlite_url, "--as", "audit", "agreement", "--plan", str(plan_id),
                 "--out", str(out), "--reveal"]) == 1
    assert "无权" in capsys.readouterr().err and not out.exists()
    assert main(["--db", sqlite_url, "agreement", "--plan", str(plan_id),
                 "--out", str(tmp_path / "a.txt")]) == 1
    assert ".pdf" in capsys.readouterr().err
