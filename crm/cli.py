"""The command line: the same services as the app, no Qt. Acts as the database's operator."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from crm.domain.actors import Actor
from crm.domain.enums import Role
from crm.domain.errors import UserError
from crm.persistence.engine import ENV_VAR, Database, connect

LATER = {
    "import": "导入功能将在“Excel 导入”一期提供",
    "export": "导出功能将在“导出与走访资料包”一期提供",
    "risk": "风险重算将在“风险预警”一期提供",
    "report": "月度报告将在“管理驾驶舱”一期提供",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m crm", description="贷后管理 CRM 命令行（与桌面程序使用相同的服务和数据库）",
        epilog=f"--db 未给出时使用环境变量 {ENV_VAR}，再否则使用 db/crm.sqlite3。"
               "命令行以数据库操作员身份执行并记入审计；--as 用户名 则以该用户的角色和数据范围执行。")
    p.add_argument("--db", metavar="URL", help="数据库地址，如 sqlite:///path/crm.sqlite3 或 "
                   "postgresql://user:pw@host/dbname")
    p.add_argument("--as", dest="as_user", metavar="USER", help="以该用户的角色和数据范围执行")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="数据库结构：upgrade 创建或升级；copy 迁移到另一数据库")
    dbsub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    dbsub.add_parser("upgrade", help="创建或升级数据库结构")
    copy = dbsub.add_parser(
        "copy", help="把整个数据库（含审计记录和附件）复制到另一个数据库，并逐表校验",
        description="整库复制到一个空的数据库（如 SQLite → PostgreSQL），每张表一个事务，"
                    "结束时逐表核对行数和校验值；中断后再次运行会从中断处继续。"
                    "--merge 则按证件号码、借据号把本库合并到已有数据的数据库，冲突只报告不覆盖。")
    copy.add_argument("--from", dest="src", required=True, metavar="URL")
    copy.add_argument("--to", dest="dst", required=True, metavar="URL")
    copy.add_argument("--merge", action="store_true", help="按证件号码和借据号合并到非空数据库")
    copy.add_argument("--json", action="store_true", help="最后一行输出 JSON 结果")

    demo = sub.add_parser("demo-data", help="生成演示数据（客户、贷款、联系记录、走访、问卷）")
    demo.add_argument("--customers", type=int, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--if-empty", action="store_true", help="数据库已有数据时什么也不做")
    demo.add_argument("--no-risk", action="store_true",
                      help="不做风险重算（默认生成后重算一次：风险等级、预警、客户细分、回访任务）")

    user = sub.add_parser("user", help="用户管理")
    usub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = usub.add_parser("add", help="新增用户")
    add.add_argument("name", metavar="NAME", help="登录用户名")
    add.add_argument("--role", required=True, choices=[r.value for r in Role],
                     help="manager=客户经理 supervisor=主管 admin=管理员 auditor=审计")
    add.add_argument("--branch", metavar="CODE", help="所属支行代码")
    add.add_argument("--display-name", default="", help="显示姓名")
    add.add_argument("--password", help="初始密码（不给出则交互输入）")

    branch = sub.add_parser("branch", help="支行管理")
    bsub = branch.add_subparsers(dest="branch_command", required=True, metavar="ACTION")
    badd = bsub.add_parser("add", help="新增支行")
    badd.add_argument("code", metavar="CODE", help="支行代码，如 0101")
    badd.add_argument("name", metavar="NAME", help="支行名称，如 杭州西湖支行")
    badd.add_argument("--bank", default="", help="所属银行名称（印在走访简报上）")

    imp = sub.add_parser("import", help="导入核心系统导出的客户/贷款清单（Excel/CSV）")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--sheet")
    imp.add_argument("--dry-run", action="store_true", help="试导入：只校验，不写入")
    imp.add_argument("--errors", metavar="OUT.xlsx", help="把被拒绝和有警告的行写入此文件")
    imp.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="导出清单到 Excel",
                         epilog="customers=客户清单 loans=贷款清单 contacts=联系记录 "
                                "visits=走访计划（不给日期时为今天起 7 天） alerts=预警清单 "
                                "plans=还款计划 surveys=问卷结果")
    exp.add_argument("what", choices=["customers", "loans", "contacts", "visits", "alerts",
                                      "plans", "surveys"])
    exp.add_argument("--out", required=True, metavar="F.xlsx")
    exp.add_argument("--unmasked", action="store_true", help="不脱敏（需相应角色，记入审计）")
    exp.add_argument("--from", dest="date_from", metavar="D1",
                     help="开始日期 YYYY-MM-DD（contacts、visits、alerts、plans、surveys）")
    exp.add_argument("--to", dest="date_to", metavar="D2", help="结束日期 YYYY-MM-DD（含当天）")

    br = sub.add_parser("briefing", help="生成走访简报/资料包 PDF",
                        description="按客户（证件号码或借据号）或按走访人员和日期生成走访简报 PDF。")
    br.add_argument("--date", metavar="D", help="走访日期 YYYY-MM-DD（与 --staff 一起用）")
    br.add_argument("--staff", metavar="USER", help="走访人员用户名（默认为 --as 的用户）")
    br.add_argument("--customer", nargs="+", metavar="NO", help="客户证件号码或借据号，可给多个")
    br.add_argument("--out", required=True, metavar="F.pdf",
                    help="输出 PDF；与 --per-customer 一起用时为文件夹")
    br.add_argument("--per-customer", action="store_true", help="每位客户一个 PDF，写入 --out 文件夹")
    br.add_argument("--reveal", "--unmasked", dest="reveal", action="store_true",
                    help="打印完整手机号（证件号码始终脱敏；需相应角色，记入审计）")

    sv = sub.add_parser("surveys", help="满意度调查：打印纸质问卷、答卷模板、导入答案、定期调查任务")
    svsub = sv.add_subparsers(dest="surveys_command", required=True, metavar="ACTION")
    sheets = svsub.add_parser("sheets", help="打印纸质问卷 PDF（每位客户一页，各带问卷编号）",
                              description="为客户发放问卷编号并生成纸质问卷 PDF；客户的证件号码和电话脱敏。")
    sheets.add_argument("--customer", nargs="+", required=True, metavar="NO",
                        help="客户证件号码或借据号，可给多个")
    sheets.add_argument("--template", type=int, metavar="ID", help="问卷模板编号（默认为标准问卷）")
    sheets.add_argument("--out", required=True, metavar="F.pdf")
    simp = svsub.add_parser("import", help="从 Excel 导入纸质问卷答案（每行一份，按问卷编号）",
                            description="第一行为表头：问卷编号，其后每题一列（题目原文或 Q1、Q2…），"
                                        "可选“填写日期”列。有问题的行被拒绝并说明原因，其余行录入。")
    simp.add_argument("file", metavar="FILE")
    simp.add_argument("--sheet")
    simp.add_argument("--dry-run", action="store_true", help="试导入：只校验，不写入")
    simp.add_argument("--errors", metavar="OUT.xlsx", help="把被拒绝的行连同原因写入此文件")
    simp.add_argument("--json", action="store_true")
    stpl = svsub.add_parser("template", help="下载纸质问卷的答卷录入模板（Excel，导入用）",
                            description="生成录入纸质问卷答案的 Excel 模板：表头与导入要求一致，"
                                        "每题一列并附填写说明和下拉选项；默认预填已打印未录入的问卷编号。")
    stpl.add_argument("--out", required=True, metavar="F.xlsx")
    stpl.add_argument("--template", type=int, metavar="ID", help="问卷模板编号（默认为标准问卷）")
    stpl.add_argument("--no-prefill", action="store_true", help="不预填已打印未录入的问卷编号")
    ssch = svsub.add_parser("schedule", help="按客户细分的调查周期生成定期满意度调查任务",
                            description="为到期的客户（按细分设置的周期，且 30 天内未调查、"
                                        "没有未完成的调查任务）各建一个满意度调查任务；可重复执行。")
    ssch.add_argument("--date", metavar="YYYY-MM-DD", help="按此日期计算（默认今天）")
    ssch.add_argument("--json", action="store_true")

    ag = sub.add_parser("agreement", help="生成还款计划的还款协议（或还款承诺书）PDF",
                        description="按还款计划编号生成还款协议 PDF；证件号码、电话和住址默认脱敏。")
    ag.add_argument("--plan", required=True, type=int, metavar="N", help="还款计划编号")
    ag.add_argument("--out", required=True, metavar="F.pdf")
    ag.add_argument("--pledge", action="store_true", help="生成还款承诺书（客户单方承诺）")
    ag.add_argument("--reveal", "--unmasked", dest="reveal", action="store_true",
                    help="打印完整证件号码、电话和住址（需相应角色，记入审计）")

    risk = sub.add_parser("risk", help="风险评分")
    rsub = risk.add_subparsers(dest="risk_command", required=True, metavar="ACTION")
    rc = rsub.add_parser("recompute", help="重新计算全部客户的风险评分和预警")
    rc.add_argument("--json", action="store_true")

    rep = sub.add_parser("report", help="报表")
    repsub = rep.add_subparsers(dest="report_command", required=True, metavar="KIND")
    mon = repsub.add_parser("monthly", help="月度贷后管理报告")
    mon.add_argument("--month", required=True, metavar="YYYY-MM")
    mon.add_argument("--out", required=True, metavar="F.pdf|F.xlsx")
    srv = repsub.add_parser("surveys", help="客户满意度分析报告（PDF 或 Excel，按文件后缀）")
    srv.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="开始月份")
    srv.add_argument("--to", dest="last", required=True, metavar="YYYY-MM", help="结束月份（含）")
    srv.add_argument("--out", required=True, metavar="F.pdf|F.xlsx")

    bk = sub.add_parser("backup", help="在线备份 SQLite 数据库（程序运行时也可执行）")
    bk.add_argument("--out", required=True, metavar="FILE")

    rs = sub.add_parser("restore", help="从备份恢复 SQLite 数据库（先校验，再替换）",
                        description="把备份恢复到一个新文件，核对完整性、结构版本和行数（与备份清单比对）"
                                    "后才替换目标数据库；原数据库保留为 目标.before-restore。"
                                    "请先关闭贷后管理程序。")
    rs.add_argument("--from", dest="src", required=True, metavar="FILE", help="备份文件（旁边须有 .manifest.json）")
    rs.add_argument("--to", dest="dst", metavar="PATH", help="要替换的数据库文件（默认为 --db 的 SQLite 文件）")
    return p


def _actor(db: Database, as_user: str | None) -> Actor:
    if not as_user:
        return Actor.cli()
    from sqlalchemy import select

    from crm.models import User
    from crm.services.auth import actor_for

    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == as_user))
        if user is None or not user.active:
            raise UserError(f"用户 {as_user} 不存在或已停用")
        return actor_for(user)


def _open(args: argparse.Namespace) -> Database:
    from crm.persistence.migrate import upgrade

    db = connect(args.db)
    db.check()
    upgrade(db)
    return db


def cmd_db(args: argparse.Namespace) -> int:
    if args.db_command == "copy":
        return cmd_db_copy(args)
    from crm.persistence.migrate import upgrade

    db = connect(args.db)
    db.check()
    result = upgrade(db)
    print({"created": "已创建数据库结构", "upgraded": "已升级数据库结构",
           "current": "数据库结构已是最新"}[result] + f"：{db.description}")
    db.dispose()
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    from crm.domain.masking import mask_address, mask_id, mask_phone
    from crm.services.dbcopy import copy_database

    src, dst = connect(args.src), connect(args.dst)
    report = copy_database(src, dst, merge=args.merge, progress=_stderr_progress,
                           actor=Actor.cli())
    if sys.stderr.isatty():
        print(file=sys.stderr)
    masks = {"手机": mask_phone, "备用电话": mask_phone, "住址": mask_address}
    if args.merge:
        print(f"已合并 {report.source} → {report.target}，用时 {report.seconds:.1f} 秒")
        labels = {"customers": "客户", "loans": "贷款", "users": "用户", "branches": "支行",
                  "contact_records": "联系记录", "visit_plans": "走访", "tasks": "待办",
                  "documents": "附件", "audit_events": "审计记录"}
        for name, label in labels.items():
            if report.inserted.get(name) or report.matched.get(name):
                print(f"  {label}：新增 {report.inserted.get(name, 0)}，已存在 {report.matched.get(name, 0)}")
        print(f"  共新增 {report.rows} 行")
        if report.conflicts:
            print(f"冲突 {len(report.conflicts)} 处（目标库的值已保留，未覆盖）：")
            for c in report.conflicts[:50]:
                mask = masks.get(c.field, lambda v: v)
                key = mask_id(c.key) if c.table == "customers" else c.key
                print(f"  {c.label}（{key}）{c.field}：目标库 {mask(c.ours)}，本库 {mask(c.theirs)}")
            if len(report.conflicts) > 50:
                print(f"  ……另有 {len(report.conflicts) - 50} 处")
    else:
        print(f"已复制 {report.source} → {report.target}：{report.rows} 行，"
              f"用时 {report.seconds:.1f} 秒（每秒 {report.rows_per_second:,.0f} 行）")
    for note in report.notes:
        print(f"注意：{note}")
    if report.ok and args.merge:
        print(f"校验一致：新增的 {report.rows} 行已从目标库逐行读回核对。")
    elif report.ok:
        print(f"校验一致：{len(report.checks)} 张表的行数和校验值相同。")
    else:
        for c in report.mismatches:
            print(f"校验不一致：{c.table} 源 {c.source_rows} 行，目标 {c.target_rows} 行"
                  + ("（行数相同，内容不同）" if c.source_rows == c.target_rows else ""),
                  file=sys.stderr)
    if args.json:
        print(json.dumps({"ok": report.ok, "rows": report.rows, "seconds": round(report.seconds, 2),
                          "rows_per_second": round(report.rows_per_second),
                          "inserted": report.inserted, "conflicts": len(report.conflicts),
                          "mismatches": [c.table for c in report.mismatches]}, ensure_ascii=False))
    src.dispose()
    dst.dispose()
    return 0 if report.ok else 2


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crm.persistence.engine import parse_url, resolve_url
    from crm.services.backup import restore_sqlite

    target = args.dst
    if not target:
        url = parse_url(resolve_url(args.db))
        if url.get_backend_name() != "sqlite" or not url.database:
            raise UserError("PostgreSQL 数据库请用 pg_restore 恢复（见 README）；"
                            "恢复 SQLite 时请用 --to 给出数据库文件。")
        target = url.database
    result = restore_sqlite(args.src, Path(target))
    print(f"已从 {args.src}（备份于 {result.backup_created_at}）恢复到 {result.target}，"
          f"结构版本 {result.schema_revision}，客户 {result.row_counts.get('customers', 0)} 位，校验一致。")
    if result.previous is not None:
        print(f"原数据库已保留为 {result.previous}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from crm.services.demo import DEMO_ACCOUNTS, database_is_empty, seed_demo

    db = _open(args)
    if args.if_empty and not database_is_empty(db):
        print("数据库已有数据，未生成演示数据。")
        return 0
    if args.customers < 0:
        raise UserError("--customers 不能为负数")

    def progress(done: int, total: int, label: str) -> None:
        print(f"\r{label} {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = seed_demo(db, args.customers, args.seed, progress=progress)
    print(file=sys.stderr)
    print(f"已生成 {summary.customers} 位客户、{summary.loans} 笔贷款、{summary.contacts} 条联系记录、"
          f"{summary.visits} 次走访、{summary.responses} 份问卷，用时 {summary.seconds:.1f} 秒。")
    if not args.no_risk and summary.customers:
        # what a branch sees after its first import: scores, alerts, the rule set's segments
        from crm.services.risk import recompute

        result = recompute(db, Actor.cli(), progress=progress)
        print(file=sys.stderr)
        print(result.summary())
    print("演示账户（用户名 / 密码 / 角色）：")
    for acc in DEMO_ACCOUNTS:
        print(f"  {acc.username:10} {acc.password:12} {acc.role.label} {acc.display_name}")
    db.dispose()
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from crm.domain.records import UserDraft
    from crm.services.users import add_user

    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            raise UserError("请用 --password 给出初始密码（当前没有可交互的终端）")
        password = getpass.getpass("初始密码：")
        if getpass.getpass("再输入一次：") != password:
            raise UserError("两次输入的密码不一致")
    db = _open(args)
    actor = _actor(db, args.as_user)
    with db.uow(actor) as uow:
        view = add_user(uow, actor, UserDraft(args.name, args.display_name or args.name,
                                              Role(args.role), password, args.branch))
        uow.commit()
    print(f"已新增用户 {view.username}（{view.role.label}）")
    db.dispose()
    return 0


def cmd_branch(args: argparse.Namespace) -> int:
    from crm.services.users import add_branch

    db = _open(args)
    actor = _actor(db, args.as_user)
    with db.uow(actor) as uow:
        view = add_branch(uow, actor, args.code, args.name, args.bank)
        uow.commit()
    print(f"已新增支行 {view.code} {view.name}")
    db.dispose()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from crm.services.backup import backup_sqlite

    db = _open(args)
    manifest = backup_sqlite(db, args.out, _actor(db, args.as_user))
    print(f"已备份到 {args.out}（结构版本 {manifest['schema_revision']}，"
          f"客户 {manifest['row_counts'].get('customers', 0)} 位）")
    db.dispose()
    return 0


def _stderr_progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{label} {done}/{total}", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from crm.importing import engine, fields, mappings, reader

    source = reader.open_source(args.file, sheet=args.sheet)  # a bad file fails before the DB
    db = _open(args)
    actor = _actor(db, args.as_user)
    saved = mappings.find_for_headers(db, actor, source.headers)
    mapping = saved[1] if saved else fields.detect_mapping(source.headers)
    report = engine.run_import(db, actor, source, mapping, dry_run=args.dry_run,
                               progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    c = report.counts
    print(("试导入（未写入数据库）" if args.dry_run else "导入完成") +
          f"：{report.file_name}" + (f"，工作表“{source.sheet}”" if source.sheet else "") +
          (f"，使用已保存的映射“{saved[0]}”" if saved else "") + f"，用时 {report.seconds:.1f} 秒")
    print(f"读取 {c['rows_read']} 行：新增 {c['rows_inserted']} 行，更新 {c['rows_updated']} 行，"
          f"未变 {c['unchanged']} 行，重复 {c['duplicates']} 行，跳过 {c['skipped']} 行，"
          f"拒绝 {c['rejected']} 行；提示 {c['warnings']} 条")
    print(f"客户：新增 {c['customers_inserted']}，更新 {c['customers_updated']}；"
          f"贷款：新增 {c['loans_inserted']}，更新 {c['loans_updated']}")
    for note in report.notes:
        print(f"注意：{note}")
    return _finish_import(args, db, report, source)


def _finish_import(args: argparse.Namespace, db: Database, report: Any, source: Any) -> int:
    """The end of every import command: the first 20 issues, the error report (--errors),
    the counts as JSON (--json)."""
    from crm.importing.report import write_error_report

    for issue in report.issues[:20]:
        print(("错误 " if issue.severity == "error" else "提示 ") + issue.message)
    if len(report.issues) > 20:
        print(f"……另有 {len(report.issues) - 20} 条，完整列表请用 --errors 导出错误报告。")
    if args.errors:
        written = write_error_report(report, source, args.errors)
        print(f"错误报告：{written} 行已写入 {args.errors}")
    source.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    db.dispose()
    return 0


def _date_arg(text: str | None, option: str) -> date | None:
    if not text:
        return None
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    try:
        if cleaned.isdigit() and len(cleaned) == 8:
            return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
        return date.fromisoformat(cleaned)
    except ValueError:
        raise UserError(f"{option} 的日期“{text}”无效，请写成 YYYY-MM-DD，如 2026-05-01。") from None


def cmd_export(args: argparse.Namespace) -> int:
    from crm.reports.exports import LABELS, ExportRequest, run_export

    request = ExportRequest(args.what, args.unmasked, _date_arg(args.date_from, "--from"),
                            _date_arg(args.date_to, "--to"))
    db = _open(args)
    actor = _actor(db, args.as_user)
    result = run_export(db, actor, request, args.out, progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已导出 {result.rows} 行{LABELS[args.what]}到 {result.path}"
          f"（{'未脱敏' if result.unmasked else '已脱敏'}）")
    db.dispose()
    return 0


def _briefing_request(args: argparse.Namespace) -> object:
    from datetime import date

    from crm.reports.pack import BriefingRequest

    if args.customer and (args.date or args.staff):
        raise UserError("--customer 不能与 --date/--staff 同时使用")
    if not args.customer and not args.date:
        raise UserError("请用 --customer 给出客户证件号码或借据号，或用 --date 日期 --staff 用户名")
    if not args.date:
        return BriefingRequest(customer_keys=tuple(args.customer), reveal=args.reveal,
                               per_customer=args.per_customer)
    try:
        on = date.fromisoformat(args.date.strip())
    except ValueError:
        raise UserError(f"--date 日期格式不正确：{args.date}（应为 YYYY-MM-DD，如 2026-05-12）") from None
    staff = args.staff or args.as_user
    if not staff:
        raise UserError("--date 需要同时用 --staff 给出走访人员的用户名")
    return BriefingRequest(staff=staff, on=on, reveal=args.reveal, per_customer=args.per_customer)


def cmd_briefing(args: argparse.Namespace) -> int:
    from crm.reports.pack import make_briefing

    request = _briefing_request(args)
    db = _open(args)
    result = make_briefing(db, _actor(db, args.as_user), request, args.out,  # type: ignore[arg-type]
                           progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    where = (f"{len(result.files)} 个文件写入文件夹 {result.path}" if args.per_customer
             else str(result.path))
    print(f"已生成走访资料：{result.customers} 位客户，共 {result.pages} 页 → {where}"
          f"（{'含完整手机号' if result.revealed else '已脱敏'}，用时 {result.seconds:.1f} 秒）")
    db.dispose()
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crm.reports.agreement import make_agreement

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"--out 应为 .pdf 文件：{args.out}")
    if not out.parent.is_dir():
        raise UserError(f"文件夹不存在：{out.parent}")
    db = _open(args)
    actor = _actor(db, args.as_user)
    result = make_agreement(db, actor, args.plan, out, reveal=args.reveal, pledge=args.pledge)
    print(f"已生成{result.title}：还款计划 #{args.plan}（{result.customer_name}），"
          f"共 {result.pages} 页 → {out}（{'未脱敏' if args.reveal else '脱敏'}）")
    db.dispose()
    return 0


def cmd_surveys(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.surveys_command == "sheets":
        from crm.reports.survey_paper import make_survey_sheets

        out = Path(args.out)
        if out.suffix.lower() != ".pdf":
            raise UserError(f"--out 应为 .pdf 文件：{args.out}")
        if not out.parent.is_dir():
            raise UserError(f"文件夹不存在：{out.parent}")
        db = _open(args)
        result = make_survey_sheets(db, _actor(db, args.as_user), (), args.template, out,
                                    customer_keys=args.customer, progress=_stderr_progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"已生成纸质问卷：{result.customers} 位客户，共 {result.pages} 页 → {out}"
              f"（{result.template_title}，已脱敏）")
        for code in result.codes[:20]:
            print(f"问卷编号 {code}")
        db.dispose()
        return 0
    if args.surveys_command == "import":
        from crm.importing.survey_answers import import_survey_answers, open_answers

        source = open_answers(args.file, args.sheet)   # a bad file fails before the DB
        db = _open(args)
        report = import_survey_answers(db, _actor(db, args.as_user), args.file, source=source,
                                       dry_run=args.dry_run, progress=_stderr_progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(("试导入（未写入数据库）" if args.dry_run else "导入完成") +
              f"：{report.file_name}，用时 {report.seconds:.1f} 秒")
        print(report.summary())
        return _finish_import(args, db, report, source)
    if args.surveys_command == "template":
        from crm.importing.survey_answers import write_answer_template

        db = _open(args)
        tpl = write_answer_template(db, _actor(db, args.as_user), args.out, args.template,
                                    prefill=not args.no_prefill)
        print(f"已生成答卷模板：{tpl.template_title}，{tpl.questions} 题，"
              f"预填 {tpl.prefilled} 份未录入问卷的编号 → {tpl.path}")
        db.dispose()
        return 0
    if args.surveys_command == "schedule":
        from crm.services.surveys import schedule_periodic_surveys

        day = _date_arg(args.date, "--date")
        db = _open(args)
        with db.uow(_actor(db, args.as_user)) as uow:
            created = schedule_periodic_surveys(uow, day)
            uow.commit()
        print(f"定期满意度调查：新建调查任务 {created} 个")
        if args.json:
            print(json.dumps({"tasks": created}, ensure_ascii=False))
        db.dispose()
        return 0
    raise UserError(f"未知的操作：{args.surveys_command}")


def cmd_risk(args: argparse.Namespace) -> int:
    from crm.services.risk import recompute

    db = _open(args)
    result = recompute(db, _actor(db, args.as_user), progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(result.summary() + f"，用时 {result.seconds:.1f} 秒。")
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    db.dispose()
    return 0


def _report_out(name: str) -> Path:
    from crm.reports.excel import REPORT_SUFFIXES, check_target

    out = Path(name)
    check_target(out, REPORT_SUFFIXES, "报告.pdf")
    return out


def cmd_report(args: argparse.Namespace) -> int:
    from crm.reports.monthly import monthly_report, parse_month

    if args.report_command == "surveys":
        return _report_surveys(args)
    year, month = parse_month(args.month)
    out = _report_out(args.out)
    db = _open(args)
    actor = _actor(db, args.as_user)
    with db.uow(actor) as uow:
        monthly_report(uow, actor, year, month, out)
        uow.commit()
    print(f"已生成月度贷后管理报告：{year}-{month:02d} → {out}（脱敏）")
    db.dispose()
    return 0


def _report_surveys(args: argparse.Namespace) -> int:
    from crm.reports.survey_report import TITLE, parse_period, survey_report

    flt = parse_period(args.first, args.last)
    out = _report_out(args.out)
    db = _open(args)
    actor = _actor(db, args.as_user)
    with db.uow(actor) as uow:
        result = survey_report(uow, actor, flt, out, progress=_stderr_progress)
        uow.commit()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    more = f"，原始问卷 {result.raw_rows:,} 行" if out.suffix.lower() == ".xlsx" else ""
    print(f"已生成{TITLE}：{args.first.strip()} 至 {args.last.strip()}，问卷 {result.responses:,} 份"
          f"{more} → {out}（脱敏，用时 {result.seconds:.1f} 秒）")
    if result.raw_truncated:
        print(f"注意：问卷超出 Excel 单表上限，原始问卷表只列出前 {result.raw_rows:,} 份。")
    db.dispose()
    return 0


def cmd_later(args: argparse.Namespace) -> int:
    raise UserError(LATER[args.command] + "，当前版本尚未提供。")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "db": cmd_db, "demo-data": cmd_demo, "user": cmd_user, "branch": cmd_branch, "backup": cmd_backup,
    "restore": cmd_restore,
    "import": cmd_import, "export": cmd_export, "briefing": cmd_briefing, "agreement": cmd_agreement,
    "risk": cmd_risk, "surveys": cmd_surveys,
    "report": cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from crm import logs

    logs.setup()  # the same rotating, masked log file as the app
    log = logging.getLogger("crm.cli")
    log.info("command %s", args.command)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        log.warning("command %s refused: %s", args.command, exc.message)
        print(f"错误：{exc.message}", file=sys.stderr)
        if getattr(args, "json", False):
            print(json.dumps({"error": exc.message}, ensure_ascii=False))
        return 1
    except KeyboardInterrupt:
        log.warning("command %s interrupted", args.command)
        print("已中断，未提交的更改已回滚。", file=sys.stderr)
        return 130
    except Exception:
        log.exception("command %s failed", args.command)
        raise

