"""Surveys close the loop: response figures for fast analysis, survey codes, case handling.

- survey_responses: month (yyyymm, Beijing time), the manager / branch / segment as they
  stood when the survey was taken, the NPS answer and the Likert sum / count / 4–5 count,
  low (opened a case) and positive flags, the thank-you action, the case a follow-up checks;
  a covering index (month first) that one ordered walk turns into every breakdown.
- survey_answers.month and a partial index (month, question_id, score) of scored answers: a
  period's per-dimension distributions from the index alone.
- survey_invitations: codes printed on paper sheets (or issued for a follow-up) before the
  answers come back.
- survey_templates: description, retired_at. feedback: who decided on a suggestion and when,
  closed_at. remediation_cases: the complaint that opened it, escalation (to whom, when),
  closed_by, the follow-up survey task.
Existing responses are backfilled from their answers and their customers.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_RESPONSE_INTS = ("manager_id", "branch_id", "nps", "thanked_by", "follow_up_of")
_RESPONSE_COUNTS = ("likert_sum", "likert_n", "likert_top")
_ROLLUP = ["month", "manager_id", "branch_id", "segment", "channel", "template_id", "nps",
           "likert_sum", "likert_n", "likert_top", "low"]


def _int0(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), server_default="0", nullable=False)


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.add_column("survey_templates", sa.Column("description", sa.Text(), nullable=True))
    op.add_column("survey_templates", sa.Column("retired_at", ts, nullable=True))
    op.add_column("survey_responses", _int0("month"))
    for name in _RESPONSE_INTS:
        op.add_column("survey_responses", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("survey_responses", sa.Column("segment", sa.String(length=32), nullable=True))
    for name in _RESPONSE_COUNTS:
        op.add_column("survey_responses", _int0(name))
    for name in ("low", "positive"):
        op.add_column("survey_responses",
                      sa.Column(name, sa.Boolean(), server_default="0", nullable=False))
    op.add_column("survey_responses", sa.Column("thanks_note", sa.Text(), nullable=True))
    op.add_column("survey_responses", sa.Column("thanked_at", ts, nullable=True))
    op.add_column("survey_answers", _int0("month"))
    for name in ("decided_by",):
        op.add_column("feedback", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("feedback", sa.Column("decided_at", ts, nullable=True))
    op.add_column("feedback", sa.Column("closed_at", ts, nullable=True))
    for name in ("feedback_id", "escalated_to", "closed_by", "follow_up_task_id"):
        op.add_column("remediation_cases", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("remediation_cases", sa.Column("escalated_at", ts, nullable=True))
    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Enum("paper", "phone", "visit", "branch", "email",
                                     name="surveychannel", native_enum=False, length=24,
                                     create_constraint=False), nullable=False),
        sa.Column("issued_at", ts, nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ts, server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", ts, server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_survey_invitations_customer_id_customers")),
        sa.ForeignKeyConstraint(["template_id"], ["survey_templates.id"],
                                name=op.f("fk_survey_invitations_template_id_survey_templates")),
        sa.ForeignKeyConstraint(["issued_by"], ["users.id"],
                                name=op.f("fk_survey_invitations_issued_by_users")),
        sa.ForeignKeyConstraint(["response_id"], ["survey_responses.id"],
                                name=op.f("fk_survey_invitations_response_id_survey_responses")),
        sa.ForeignKeyConstraint(["case_id"], ["remediation_cases.id"],
                                name=op.f("fk_survey_invitations_case_id_remediation_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint("code", name=op.f("uq_survey_invitations_code")),
    )
    op.create_index("ix_survey_invitations_customer_id", "survey_invitations", ["customer_id"])
    _backfill()
    op.create_index("ix_survey_responses_rollup", "survey_responses", _ROLLUP)
    scored = sa.text("score IS NOT NULL")
    op.create_index("ix_survey_answers_month", "survey_answers", ["month", "question_id", "score"],
                    sqlite_where=scored, postgresql_where=scored)
    op.create_index("ix_feedback_status_received", "feedback", ["status", "received_at"])
    op.create_index("ix_remediation_cases_status_due", "remediation_cases", ["status", "due_on"])


def _backfill() -> None:
    """Responses written before this revision: their figures from their answers."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        month = "CAST(strftime('%Y%m', collected_at, '+8 hours') AS INTEGER)"
    else:
        month = "CAST(to_char(collected_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') AS INTEGER)"
    likert = ("FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id "
              "WHERE a.response_id = survey_responses.id AND a.score IS NOT NULL AND q.kind = ")
    bind.execute(sa.text(f"""
        UPDATE survey_responses SET
          month = {month},
          manager_id = (SELECT c.owner_id FROM customers c WHERE c.id = customer_id),
          branch_id = (SELECT c.branch_id FROM customers c WHERE c.id = customer_id),
          segment = (SELECT c.segment FROM customers c WHERE c.id = customer_id),
          nps = (SELECT MAX(a.score) {likert}'scale10'),
          likert_sum = COALESCE((SELECT SUM(a.score) {likert}'likert5'), 0),
          likert_n = (SELECT COUNT(*) {likert}'likert5'),
          likert_top = (SELECT COUNT(*) {likert}'likert5' AND a.score >= 4)"""))
    bind.execute(sa.text(f"""
        UPDATE survey_responses SET
          low = CASE WHEN nps <= 6 OR EXISTS (SELECT 1 {likert}'likert5' AND a.score <= 2)
                THEN TRUE ELSE FALSE END,
          positive = CASE WHEN (likert_n > 0 OR nps IS NOT NULL) AND likert_top = likert_n
                     AND (nps IS NULL OR nps >= 9) THEN TRUE ELSE FALSE END"""))
    bind.execute(sa.text("""
        UPDATE survey_answers SET month = (SELECT r.month FROM survey_responses r
                                           WHERE r.id = survey_answers.response_id)"""))


def downgrade() -> None:
    op.drop_index("ix_remediation_cases_status_due", table_name="remediation_cases")
    op.drop_index("ix_feedback_status_received", table_name="feedback")
    op.drop_index("ix_survey_answers_month", table_name="survey_answers")
    op.drop_index("ix_survey_responses_rollup", table_name="survey_responses")
    op.drop_index("ix_survey_invitations_customer_id", table_name="survey_invitations")
    op.drop_table("survey_invitations")
    with op.batch_alter_table("remediation_cases") as batch:
        for name in ("escalated_at", "follow_up_task_id", "closed_by", "escalated_to",
                     "feedback_id"):
            batch.drop_column(name)
    with op.batch_alter_table("feedback") as batch:
        for name in ("closed_at", "decided_at", "decided_by"):
            batch.drop_column(name)
    with op.batch_alter_table("survey_answers") as batch:
        batch.drop_column("month")
    with op.batch_alter_table("survey_responses") as batch:
        for name in ("thanked_at", "thanks_note", "positive", "low", *_RESPONSE_COUNTS,
                     "segment", *_RESPONSE_INTS, "month"):
            batch.drop_column(name)
    with op.batch_alter_table("survey_templates") as batch:
        batch.drop_column("retired_at")
        batch.drop_column("description")
