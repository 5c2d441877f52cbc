"""report labels: one status per concept and report, what cohort definitions select on

Revision ID: h_cohort_0004
Revises: h_ingest_0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "h_cohort_0004"
down_revision = "h_ingest_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_labels_report_id"), ["report_id"], unique=False)
        batch_op.create_index("ix_report_labels_concept_status", ["concept_id", "status", "report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_report_labels_concept_status")
        batch_op.drop_index(batch_op.f("ix_report_labels_report_id"))
    op.drop_table("report_labels")
