"""月度贷后管理报告: `report monthly` writes a PDF (embedded font, valid, the month's figures,
no ID numbers or phones) and a workbook LibreOffice opens, with its sheets, numbers and
charts; bad months and file types are refused in Chinese; each report is audited."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from crm.cli import main
from crm.models import AuditEvent, Customer
from tests.integration.test_dashboard import world  # noqa: F401 - the hand-built branch
from tests.office import sheets_as_csv

TOOLS = ("pdffonts", "pdftotext", "qpdf", "pdftoppm")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def sqlite_only(world, request):  # noqa: F811
    if world.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line test runs once, on SQLite")
    return world


@pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS), reason="poppler-utils and qpdf")
def test_monthly_pdf(sqlite_only, tmp_path, capsys):
    w = sqlite_only
    url = str(w.db.engine.url)
    out = tmp_path / "月报.pdf"
    assert main(["--db", url, "--as", "boss", "report", "monthly", "--month", "2026-11",
                 "--out", str(out)]) == 0
    assert "2026-11" in capsys.readouterr().out
    fonts = run("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)     # all embedded
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(out))
    text = run("pdftotext", "-enc", "UTF-8", str(out), "-")
    for heading in ("月度贷后管理报告", "2026 年 11 月", "一、资产质量", "二、风险预警", "三、贷后工作",
                    "四、客户满意度", "五、客户经理业绩", "六、重点个案"):
        assert heading in text, heading
    assert "60,000.00" in text                    # the branch's balance
    assert "王经理" in text and "赵经理" in text and "钱经理" not in text
    assert "催收电话过多" in text and "安全事件" in text
    with w.db.sessions() as s:
        numbers = list(s.scalars(select(Customer.id_number)))
        phones = list(s.scalars(select(Customer.phone)))
    assert not any(n in text for n in numbers) and not any(p[-8:] in text for p in phones)
    run("pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "p"))
    assert (tmp_path / "p-1.png").stat().st_size > 2000
    with w.db.sessions() as s:
        audit = s.scalars(select(AuditEvent.summary).where(AuditEvent.action == "export")).all()
    assert any("月度贷后管理报告" in a and "月报.pdf" in a for a in audit)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is needed")
def test_monthly_workbook_opens_in_libreoffice(sqlite_only, tmp_path):
    w = sqlite_only
    out = tmp_path / "monthly.xlsx"
    assert main(["--db", str(w.db.engine.url), "--as", "boss", "report", "monthly",
                 "--month", "2026-11", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 6
    sheets = sheets_as_csv(out, tmp_path)
    assert set(sheets) == {"说明", "资产质量", "风险预警", "贷后工作", "客户满意度", "客户经理", "重点个案"}
    portfolio = {r[0]: r[1] for r in sheets["资产质量"][1:] if r and r[0]}
    assert portfolio["客户数"] == "3" and portfolio["贷款余额（元）"] == "60000"
    assert portfolio["逾期率"].startswith("66.6") and portfolio["逾期率"].endswith("%")  # a 0.0% format
    managers = {r[0]: r for r in sheets["客户经理"][1:]}
    assert set(managers) == {"王经理", "赵经理"} and managers["王经理"][1] == "2"
    assert managers["王经理"][6].startswith("50")                 # promise-kept rate
    work = {r[0]: r[1] for r in sheets["贷后工作"][1:] if r and r[0]}
    assert work["联系次数"] == "6" and work["承诺还款笔数"] == "3"
    # LibreOffice keeps the charts when it saves the workbook again
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "again"), str(out)],
                   check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / "again" / "monthly.xlsx") as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == len(charts)


def test_bad_month_and_file_type_are_refused(sqlite_only, tmp_path, capsys):
    url = str(sqlite_only.db.engine.url)
    assert main(["--db", url, "report", "monthly", "--month", "2026/11",
                 "--out", str(tmp_path / "x.pdf")]) == 1
    assert "YYYY-MM" in capsys.readouterr().err
    assert main(["--db", url, "report", "monthly", "--month", "2026-11",
                 "--out", str(tmp_path / "x.docx")]) == 1
    assert ".pdf 或 .xlsx" in capsys.readouterr().err
    assert not list(Path(tmp_path).glob("x.*"))
