"""Reading files for import: sheets, encodings, header rows, Excel row numbers, bad files."""
from __future__ import annotations

import resource
import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from crm.domain.errors import BadFileError
from crm.importing import reader
from crm.importing.reader import open_source
from crm.importing.values import CellProblem
from tests.data import make_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
MESSY_HEADERS = make_corpus.HEADERS


def test_messy_workbook_header_found_below_title_unit_and_blank_rows():
    src = open_source(CORPUS / "messy.xlsx")
    assert src.kind == "xlsx" and src.sheet == "客户清单"
    assert src.header_row == 3 and src.headers == MESSY_HEADERS
    rows = list(src.rows())
    assert [r for r, _ in rows] == list(range(5, 17))  # Excel's own row numbers
    assert rows[0][1][0] == " 张三 "
    assert src.preview_raw(2)[0] == (1, src.preview_raw(1)[0][1])


def test_row_numbers_are_excels_when_the_sheet_starts_lower_and_to_the_right(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["C4"], ws["D4"], ws["E4"] = "客户名称", "证件号码", "借据号"
    ws["C6"], ws["D6"], ws["E6"] = "张三", "330106198001010011", "JJ1"
    wb.save(tmp_path / "low.xlsx")
    src = open_source(tmp_path / "low.xlsx")
    assert src.header_row == 3 and src.headers[:3] == ["客户名称", "证件号码", "借据号"]
    assert [(r, c[:1]) for r, c in src.rows()] == [(5, [""]), (6, ["张三"])]


@pytest.mark.parametrize("name,encoding", [("messy_gbk.csv", "gb18030"),
                                           ("messy_utf8_bom.csv", "utf-8-sig"),
                                           ("messy_utf8.csv", "utf-8")])
def test_csv_encoding_is_detected_and_offered(name, encoding):
    src = open_source(CORPUS / name)
    assert src.kind == "csv" and src.encoding == encoding
    assert {"utf-8", "utf-8-sig", "gb18030"} <= set(src.encodings_offered)
    assert src.header_row == 3 and src.headers == MESSY_HEADERS
    assert next(iter(src.rows()))[1][0] == " 张三 "


def test_wrong_encoding_chosen_by_the_user_says_so():
    with pytest.raises(BadFileError, match="编码"):
        open_source(CORPUS / "messy_gbk.csv", encoding="utf-8")


def test_legacy_xls_reads_like_the_xlsx():
    src = open_source(CORPUS / "messy.xls")
    assert src.kind == "xls" and src.headers == MESSY_HEADERS and src.header_row == 3
    assert [r for r, _ in src.rows()] == list(range(5, 17))


def test_hidden_sheets_are_listed_but_not_picked():
    src = open_source(CORPUS / "multi_sheet.xlsx")
    assert [(s.name, s.hidden) for s in src.sheets] == [
        ("说明", False), ("历史数据", True), ("本期清单", False)]
    assert src.sheet == "本期清单"
    assert open_source(CORPUS / "multi_sheet.xlsx", sheet="历史数据").sheet == "历史数据"
    with pytest.raises(BadFileError, match="不存在"):
        open_source(CORPUS / "multi_sheet.xlsx", sheet="没有这个")


def test_header_row_can_be_overridden():
    src = open_source(CORPUS / "messy.xlsx", header_row=0)
    assert src.header_row == 0 and src.headers[0].startswith("西湖支行")


def test_formulas_use_cached_values_and_report_the_rest():
    src = open_source(CORPUS / "formulas.xlsx")
    rows = dict(src.rows())
    assert rows[2][4] == 1000 and rows[3][0] == "客户1"
    assert isinstance(rows[4][4], CellProblem) and "公式" in rows[4][4].reason
    assert isinstance(rows[6][2], CellProblem) and rows[6][2].text == "#N/A"
    assert isinstance(rows[7][1], CellProblem) and rows[7][1].text == "#DIV/0!"
    assert any("公式" in w for w in src.warnings)


BAD = [
    ("renamed_pdf.xlsx", "PDF"), ("renamed_png.xls", "PNG"), ("renamed_docx.xlsx", "Word"),
    ("html_table.xls", "网页"), ("encrypted.xlsx", "密码"), ("empty.csv", "空"),
    ("blank_lines.csv", "空"), ("empty.xlsx", "空"), ("header_only.xlsx", "只有表头"),
    ("no_header.xlsx", "表头"), ("only_hidden.xlsx", "隐藏"), ("truncated.xlsx", "损坏"),
    ("~$messy.xlsx", "锁定文件"), ("binary.csv", "不是"),
]


@pytest.mark.parametrize("name,words", BAD)
def test_bad_files_get_a_clear_chinese_message(name, words):
    with pytest.raises(BadFileError) as err:
        open_source(CORPUS / name)
    assert words in err.value.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BadFileError, match="找不到文件"):
        open_source(tmp_path / "nope.xlsx")
    with pytest.raises(BadFileError, match="文件夹"):
        open_source(tmp_path)


def test_file_locked_by_another_program(monkeypatch):
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self.name == "messy.xlsx":
            raise PermissionError(13, "The process cannot access the file")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(BadFileError, match="占用"):
        open_source(CORPUS / "messy.xlsx")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_zip_bomb_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    make_corpus.write_zip_bomb(path, megabytes=80)
    assert path.stat().st_size < 2_000_000
    before = _peak_mb()
    with pytest.raises(BadFileError, match="压缩炸弹"):
        open_source(path)
    assert _peak_mb() - before < 60


def test_a_million_rows_xlsx_is_refused_before_it_is_loaded(tmp_path):
    path = tmp_path / "million.xlsx"
    make_corpus.write_million_rows_xlsx(path)
    before, started = _peak_mb(), time.monotonic()
    with pytest.raises(BadFileError, match="上限"):
        open_source(path)
    assert time.monotonic() - started < 20
    assert _peak_mb() - before < 100  # streamed: calamine never decoded the sheet


def test_a_million_rows_csv_is_refused(tmp_path):
    path = tmp_path / "million.csv"
    make_corpus.write_million_rows_csv(path)
    with pytest.raises(BadFileError, match="上限"):
        open_source(path)


def test_rows_beyond_the_limit_stop_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    path = tmp_path / "small.csv"
    rows = make_corpus.simple_rows(4)
    path.write_text("\n".join([",".join(make_corpus.SIMPLE_HEADERS)] +
                              [",".join(map(str, r)) for r in rows * 2]), encoding="utf-8")
    monkeypatch.setattr(reader, "_count_lines", lambda _p: 0)
    src = open_source(path)
    with pytest.raises(BadFileError, match="上限"):
        list(src.rows())


def test_a_closed_source_reads_the_file_again():
    src = open_source(CORPUS / "messy.xlsx")
    first = list(src.rows())
    src.close()
    assert list(src.rows()) == first


def test_long_cell_is_read_whole():
    src = open_source(CORPUS / "long_cell.xlsx")
    assert max(len(str(c)) for _r, cells in src.rows() for c in cells) == 100_000


def test_corpus_ids_are_what_the_notes_say():
    assert make_corpus.ID2.endswith("X") and len(make_corpus.ID3_15) == 15
    assert make_corpus.DATA[0][1][9] == date(2023, 5, 6)
