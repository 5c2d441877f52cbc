"""cohort requests: researcher's request, IRB decision, the exact definition, profile and ontology approved

Revision ID: h_cohort_0005
Revises: h_web_0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "h_cohort_0005"
down_revision = "h_web_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("definition_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("irb_protocol", sa.String(length=64), nullable=False),
        sa.Column("profile_name", sa.String(length=64), nullable=False),
        sa.Column("profile_version", sa.Integer(), nullable=False),
        sa.Column("profile_hash", sa.String(length=64), nullable=False),
        sa.Column("ontology_version", sa.String(length=64), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("reviewer", sa.String(length=120), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.Column("export_job_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cohort_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_requests_requester"), ["requester"], unique=False)
        batch_op.create_index(batch_op.f("ix_cohort_requests_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cohort_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_requests_state"))
        batch_op.drop_index(batch_op.f("ix_cohort_requests_requester"))
    op.drop_table("cohort_requests")
