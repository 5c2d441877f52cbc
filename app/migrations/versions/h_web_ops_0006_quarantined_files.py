"""quarantined files: reason, profile, run, keyed source reference, sealed locations

Revision ID: h_web_ops_0006
Revises: h_cohort_0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "h_web_ops_0006"
down_revision = "h_cohort_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantined_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("profile", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("run_event_id", sa.Integer(), nullable=True),
        sa.Column("source_lookup", sa.String(length=64), nullable=False),
        sa.Column("source_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("copy_sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quarantined_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarantined_files_quarantined_at"), ["quarantined_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarantined_files_reason_code"), ["reason_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_quarantined_files_source_lookup"), ["source_lookup"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quarantined_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantined_files_source_lookup"))
        batch_op.drop_index(batch_op.f("ix_quarantined_files_reason_code"))
        batch_op.drop_index(batch_op.f("ix_quarantined_files_quarantined_at"))
    op.drop_table("quarantined_files")
