"""Files read back as the real office program sees them."""
from __future__ import annotations

import csv
import subprocess
from pathlib import Path


def sheets_as_csv(workbook: Path, workdir: Path) -> dict[str, list[list[str]]]:
    """Every sheet of `workbook`, by name, as LibreOffice converts it to UTF-8 CSV (7.2+: the
    last token -1 = all sheets)."""
    out = workdir / "csv"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{workdir}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    return {p.stem.split("-", 1)[1]: list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
            for p in out.glob("*.csv")}
