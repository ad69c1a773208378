"""Paper questionnaires: `python -m crm surveys sheets --customer NO ... --out F.pdf` issues one
survey code per customer and prints one A4 sheet each; checked with poppler and qpdf."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import select

from crm.cli import main
from crm.domain.enums import Role
from crm.domain.errors import NotFoundError, UserError
from crm.domain.masking import mask_id, mask_phone
from crm.domain.surveys import normalise_survey_code
from crm.models import AuditEvent, Customer
from crm.models.surveys import SurveyInvitation
from crm.persistence.engine import connect
from crm.reports.survey_paper import make_survey_sheets
from tests import factories

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in (
    "pdffonts", "pdftotext", "pdfinfo", "qpdf")), reason="poppler-utils and qpdf are needed")


def run(*cmd: str) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
def branch(sqlite_url):
    db = connect(sqlite_url)
    b = factories.branch(db)
    wang = factories.user(db, "wang", Role.MANAGER, b, "王经理")
    li = factories.user(db, "li", Role.MANAGER, b, "李经理")
    ids = [factories.customer(db, "王一", wang, phone="+8613800138001"),
           factories.customer(db, "欧阳二", wang, phone="+8613900139002"),
           factories.customer(db, "李三", li)]
    with db.sessions() as s:
        numbers = {c.id: (c.id_number, c.phone) for c in s.scalars(select(Customer))}
    yield db, wang, ids, numbers
    db.dispose()


def test_sheets_from_the_command_line(branch, sqlite_url, tmp_path, capsys):
    db, _wang, ids, numbers = branch
    out = tmp_path / "问卷.pdf"
    keys = [numbers[ids[0]][0], numbers[ids[1]][0]]
    assert main(["--db", sqlite_url, "--as", "wang", "surveys", "sheets", "--customer", *keys,
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2 位客户，共 2 页" in said
    with db.sessions() as s:
        invitations = s.scalars(select(SurveyInvitation).order_by(SurveyInvitation.id)).all()
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [i.customer_id for i in invitations] == ids[:2]
    assert all(normalise_survey_code(i.code) == i.code for i in invitations)

    text = run("pdftotext", "-enc", "UTF-8", str(out), "-")
    pages = text.split("\f")
    for n, cid in enumerate(ids[:2]):
        page = pages[n]
        name = ("王一", "欧阳二")[n]
        assert name in page and invitations[n].code in page and invitations[n].code in said
        number, phone = numbers[cid]
        assert mask_id(number) in page and number not in page
        assert mask_phone(phone) in page and phone[-11:] not in page
        for words in ("客户满意度调查问卷", "非常不满意", "非常满意", "推荐", "意见和建议",
                      "感谢", "打“√”"):
            assert words in page, words
        assert "10" in page and "问卷编号" in page
    info = run("pdfinfo", str(out))
    assert "A4" in info and info.split("Pages:")[1].split()[0] == "2"
    fonts = run("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)     # all embedded
    run("qpdf", "--check", str(out))
    assert len(audit) == 1 and "纸质满意度问卷" in audit[0].summary and audit[0].actor_name == "wang"


def test_a_customer_out_of_scope_issues_no_codes(branch, tmp_path):
    db, wang, ids, _ = branch
    with pytest.raises(NotFoundError):
        make_survey_sheets(db, wang, [ids[0], ids[2]], out=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with db.sessions() as s:
        assert s.scalars(select(SurveyInvitation)).all() == []


def test_cancel_leaves_no_file_and_no_codes(branch, tmp_path):
    db, wang, ids, _ = branch
    seen = []
    with pytest.raises(UserError, match="已取消"):
        make_survey_sheets(db, wang, ids[:2], out=tmp_path / "x.pdf",
                           progress=lambda d, t, label: seen.append(d),
                           cancel=lambda: len(seen) >= 1)
    assert not list(tmp_path.glob("x.pdf*"))
    with db.sessions() as s:
        assert s.scalars(select(SurveyInvitation)).all() == []


def test_unknown_customer_number_is_named(branch, sqlite_url, tmp_path, capsys):
    assert main(["--db", sqlite_url, "surveys", "sheets", "--customer", "JJ-NOPE",
                 "--out", str(tmp_path / "x.pdf")]) == 1
    assert "JJ-NOPE" in capsys.readouterr().err
