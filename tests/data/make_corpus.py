"""Builds the import test corpus in tests/data/corpus/: messy-but-valid lists and bad files.

    .venv/bin/python tests/data/make_corpus.py

Small files are committed. Two need outside tools and are kept as committed files when the
tool is missing: messy.xls (LibreOffice: soffice --headless --convert-to xls) and
encrypted.xlsx (msoffcrypto-tool, password "secret"). The big ones (1,000,000 rows, a zip
bomb) are made at test time by the functions below, in a temporary directory.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crm.domain.identity import make_id_number  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"

HEADERS = ["客户名称", "身份证号码", "联系电话", "家庭住址", "管户经理", "借据号", "贷款产品",
           "合同金额", "贷款余额（万元）", "放款日期", "到期日", "逾期天数", "逾期本息",
           "五级分类", "备注"]
ID1 = make_id_number("330106", date(1980, 1, 1), 11)
ID2 = next(make_id_number("330106", date(1975, 6, 30), n) for n in range(1, 999)
           if make_id_number("330106", date(1975, 6, 30), n).endswith("X"))  # stored upper-case
ID3_15 = "330106750630123"  # legacy 15-digit number: converted to 18 digits
_ID4 = make_id_number("330106", date(1990, 2, 3), 41)
ID4_BAD = _ID4[:-1] + ("1" if _ID4[-1] != "1" else "2")  # wrong check digit
ID5 = make_id_number("330106", date(1985, 3, 4), 51)
ID6 = make_id_number("330106", date(1986, 4, 5), 61)
ID7 = make_id_number("330106", date(1987, 5, 6), 71)
ID8 = make_id_number("330106", date(1988, 6, 7), 81)
MANAGER = "王丽"

# Excel rows 5..16 of messy.xlsx (the header is row 4). Each note says what the row tests.
DATA: list[tuple[str, list[object]]] = [
    ("inserted: spaces around the name, 万元, ¥ and separators, 天, 类",
     [" 张三 ", ID1, "138-0013-8000", "杭州市西湖区文三路1号", MANAGER, "JJ001", "个人经营贷款",
      "¥200,000.00", 12.5, date(2023, 5, 6), "2026/5/6", "35天", "3,000.50", "关注类", ""]),
    ("inserted: second loan of the same customer, 20230506 as a number, 2026.5.6",
     ["张三", ID1, "+86 138 0013 8000", "", MANAGER, "JJ002", "个人消费贷款", 50000, 1.5,
      20230506, "2026.5.6", 0, None, "正常", ""]),
    ("skipped: blank row in the middle", [None] * 15),
    ("inserted: lowercase x, full-width digits, 2023年1月15日, an Excel serial date, a landline",
     ["李四", ID2.lower(), "0571-87654321", "杭州市上城区解放路2号", MANAGER, "JJ003", "个人住房贷款",
      "￥１２０，０００", "8", "2023年1月15日", 46402, "0", "", "正常", "备注文字"]),
    ("duplicate: the previous row repeated exactly",
     ["李四", ID2.lower(), "0571-87654321", "杭州市上城区解放路2号", MANAGER, "JJ003", "个人住房贷款",
      "￥１２０，０００", "8", "2023年1月15日", 46402, "0", "", "正常", "备注文字"]),
    ("inserted with warnings: 15-digit ID converted, invalid phone kept, unknown manager",
     ["王五", ID3_15, "12345", "杭州市拱墅区湖墅路3号", "不存在的人", "JJ004", "农户小额贷款",
      30000, 2, "2022-03-01", "2025-03-01", 95, "20,000", "次级", ""]),
    ("rejected: wrong check digit", ["赵六", ID4_BAD, "13900139000", "", MANAGER, "JJ006",
                                     "个人经营贷款", 10000, 1, "2023-01-01", "2024-01-01", 0, 0,
                                     "正常", ""]),
    ("rejected: no name", ["", ID5, "13900139001", "", MANAGER, "JJ007", "个人经营贷款", 10000, 1,
                           "2023-01-01", "2024-01-01", 0, 0, "正常", ""]),
    ("rejected: JJ003 again, under another customer",
     ["钱七", ID6, "13900139002", "", MANAGER, "JJ003", "个人住房贷款", 120000, 7, "2023-01-15",
      "2027-01-15", 0, 0, "正常", ""]),
    ("inserted with a warning: balance abc is not imported",
     ["孙八", ID7, "13900139003", "", MANAGER, "JJ005", "个人经营贷款", 10000, "abc",
      "2023-02-01", "2024-02-01", 0, 0, "正常", ""]),
    ("inserted with a warning: loan fields without a loan number",
     ["周九", ID8, "13900139004", "", MANAGER, None, "个人经营贷款", 10000, 1, "2023-02-01",
      "2024-02-01", 0, 0, "正常", ""]),
    ("skipped: the total row", ["合计", None, None, None, None, None, None, "¥420,000.00", 25.5,
                                None, None, None, "23,000.50", None, None]),
]
EXPECTED = {"rows_read": 12, "rows_inserted": 6, "rows_updated": 0, "unchanged": 0,
            "duplicates": 1, "skipped": 2, "rejected": 3, "customers_inserted": 5,
            "loans_inserted": 5}


def _title_rows() -> list[list[object]]:
    return [["西湖支行贷后客户清单（2024年第一季度）"] + [None] * 14,
            ["导出日期：2024-03-31", None, None, "单位：元（贷款余额为万元）"] + [None] * 11,
            [None] * 15]


def write_messy_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "客户清单"
    for row in _title_rows():
        ws.append(row)
    ws.merge_cells("A1:O1")
    ws.append(HEADERS)
    for _note, row in DATA:
        ws.append(row)
    ws["J5"].number_format = "yyyy-mm-dd"
    ws["K8"].number_format = "yyyy-mm-dd"
    wb.save(path)


def _as_text(value: object, column: int) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if column == HEADERS.index("到期日") and isinstance(value, int):
        return "2027-01-15"  # an Excel serial date is a number cell; CSV has only text
    return str(value)


def write_messy_csv(path: Path, encoding: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in _title_rows():
        w.writerow([_as_text(v, c) for c, v in enumerate(row)])
    w.writerow(HEADERS)
    for _note, row in DATA:
        w.writerow([_as_text(v, c) for c, v in enumerate(row)])
    text = buf.getvalue()
    if encoding == "gbk":
        text = text.replace("¥", "￥")  # GBK has only the full-width yen sign
    path.write_bytes(text.encode(encoding))


# --- hand-written xlsx: formulas with and without saved values, error cells, hidden sheets ---

def _col(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # ("f", formula, cached or None) | ("e", "#N/A")
        if value[0] == "e":
            return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
        _f, formula, cached = value
        if cached is None:
            return f'<c r="{ref}"><f>{escape(formula)}</f></c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
        return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: Iterable[list[object]], first: int = 1) -> Iterator[str]:
    for r, row in enumerate(rows, start=first):
        cells = "".join(cell_xml(f"{_col(c)}{r}", v) for c, v in enumerate(row))
        yield f'<row r="{r}">{cells}</row>'


def write_raw_xlsx(path: Path, sheets: list[tuple[str, str, Iterable[str]]],
                   level: int = 6) -> None:
    """sheets: (name, 'visible'|'hidden', row XML strings). Streams, so rows may be many."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                   'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>")
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   f'xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                   f'Target="xl/workbook.xml"/></Relationships>')
        entries = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" state="{state}" '
                          f'r:id="rId{i}"/>' for i, (name, state, _r) in enumerate(sheets, 1))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook '
                   f'xmlns="{main}" xmlns:r="{rel}"><sheets>{entries}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                       f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?>'
                   f'<Relationships xmlns="{pkg}">{rels}</Relationships>')
        for i, (_name, _state, rows) in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
                         f'<sheetData>'.encode())
                buf: list[str] = []
                for row in rows:
                    buf.append(row)
                    if len(buf) >= 5000:
                        fh.write("".join(buf).encode())
                        buf = []
                fh.write(("".join(buf) + "</sheetData></worksheet>").encode())


SIMPLE_HEADERS = ["客户名称", "证件号码", "手机号码", "借据号", "贷款余额"]


def simple_rows(n: int, start: int = 0) -> list[list[object]]:
    return [[f"客户{i}", make_id_number("330106", date(1970, 1, 1 + i % 28), i % 1000 + 100),
             f"1390013{i % 10000:04d}", f"S{i:06d}", 1000 + i] for i in range(start, start + n)]


def write_formulas(path: Path) -> None:
    ok = simple_rows(4)
    rows: list[list[object]] = [SIMPLE_HEADERS]
    rows.append([*ok[0][:4], ("f", "800*1.25", 1000)])               # cached value: imported
    rows.append([("f", 'CONCAT("客户","1")', "客户1"), *ok[1][1:4], 1001])  # cached text
    rows.append([*ok[2][:4], ("f", "D4*2", None)])                   # no saved value: warning
    rows.append([("f", "A1", None), *ok[3][1:]])                     # no value in a name: reject
    rows.append([*simple_rows(1, 10)[0][:2], ("e", "#N/A"), "S000010", 5])     # warning
    rows.append([*simple_rows(1, 11)[0][:1], ("e", "#DIV/0!"), "", "S000011", 5])  # reject
    write_raw_xlsx(path, [("Sheet1", "visible", rows_xml(rows))])


def write_multi_sheet(path: Path, data_hidden: bool = False) -> None:
    notes = [["说明：本工作簿由核心系统导出"], ["第二个工作表是历史数据（隐藏），第三个是本期清单"]]
    old = [SIMPLE_HEADERS, *simple_rows(3, 500)]
    data = [SIMPLE_HEADERS, *simple_rows(3)]
    sheets = [("说明", "visible", rows_xml(notes)), ("历史数据", "hidden", rows_xml(old))]
    if data_hidden:
        sheets = [("说明", "visible", rows_xml(notes)), ("本期清单", "hidden", rows_xml(data))]
    else:
        sheets.append(("本期清单", "visible", rows_xml(data)))
    write_raw_xlsx(path, sheets)


def write_long_cell(path: Path) -> None:
    rows = [SIMPLE_HEADERS, *simple_rows(3)]
    rows[2][0] = "长" * 100_000
    write_raw_xlsx(path, [("Sheet1", "visible", rows_xml(rows))])


# --- made at test time: big on disk, or big when unpacked -----------------------------------

def write_million_rows_xlsx(path: Path, rows: int = 1_000_000) -> None:
    def gen() -> Iterator[str]:
        yield next(rows_xml([SIMPLE_HEADERS]))
        for r in range(2, rows + 2):
            yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>客户</t></is></c><c r="E{r}"><v>{r}</v></c></row>'
    write_raw_xlsx(path, [("Sheet1", "visible", gen())], level=1)


def write_million_rows_csv(path: Path, rows: int = 1_000_000) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(SIMPLE_HEADERS) + "\n")
        line = "客户,330106197001010011,13900130000,S1,1\n"
        for _ in range(rows // 10_000):
            fh.write(line * 10_000)


def write_zip_bomb(path: Path, megabytes: int = 80) -> None:
    """A well-formed workbook whose sheet unpacks to `megabytes` of padding (ratio ~1000:1)."""
    def gen() -> Iterator[str]:
        yield from rows_xml([SIMPLE_HEADERS, *simple_rows(2)])
        pad = "<row r=\"9\">" + " " * (1 << 20) + "</row>"
        for _ in range(megabytes):
            yield pad
    write_raw_xlsx(path, [("Sheet1", "visible", gen())], level=9)


# --- bad files -------------------------------------------------------------------------------

def write_bad(corpus: Path) -> None:
    from openpyxl import Workbook

    (corpus / "renamed_pdf.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    (corpus / "renamed_png.xls").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with zipfile.ZipFile(corpus / "renamed_docx.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    (corpus / "html_table.xls").write_text(
        "<html><body><table><tr><td>客户名称</td><td>证件号码</td></tr></table></body></html>",
        encoding="utf-8")
    (corpus / "empty.csv").write_bytes(b"")
    (corpus / "blank_lines.csv").write_text("\n\n,,\n", encoding="utf-8")
    wb = Workbook()
    wb.save(corpus / "empty.xlsx")
    wb = Workbook()
    wb.active.append(SIMPLE_HEADERS)
    wb.save(corpus / "header_only.xlsx")
    wb = Workbook()
    wb.active.append(["甲", "乙", "丙"])
    for i in range(5):
        wb.active.append([f"x{i}", i, i * 2])
    wb.save(corpus / "no_header.xlsx")
    write_multi_sheet(corpus / "only_hidden.xlsx", data_hidden=True)
    good = (corpus / "messy.xlsx").read_bytes()
    (corpus / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    (corpus / "~$messy.xlsx").write_bytes(b"\x05wangli" + b"\x00" * 158)
    (corpus / "binary.csv").write_bytes(bytes(range(256)) * 4)


def write_xls(corpus: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: keeping the committed messy.xls", file=sys.stderr)
        return
    subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(corpus),
                    str(corpus / "messy.xlsx")], check=True, capture_output=True, timeout=180)


def write_encrypted(corpus: Path) -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]
    except ImportError:
        print("msoffcrypto-tool not installed: keeping the committed encrypted.xlsx",
              file=sys.stderr)
        return
    with (corpus / "messy.xlsx").open("rb") as src, (corpus / "encrypted.xlsx").open("wb") as out:
        OOXMLFile(src).encrypt("secret", out)


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    write_messy_xlsx(CORPUS / "messy.xlsx")
    write_messy_csv(CORPUS / "messy_gbk.csv", "gbk")
    write_messy_csv(CORPUS / "messy_utf8_bom.csv", "utf-8-sig")
    write_messy_csv(CORPUS / "messy_utf8.csv", "utf-8")
    write_formulas(CORPUS / "formulas.xlsx")
    write_multi_sheet(CORPUS / "multi_sheet.xlsx")
    write_long_cell(CORPUS / "long_cell.xlsx")
    write_bad(CORPUS)
    write_xls(CORPUS)
    write_encrypted(CORPUS)
    for path in sorted(CORPUS.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.name}")


if __name__ == "__main__":
    main()
