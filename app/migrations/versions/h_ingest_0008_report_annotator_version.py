"""report annotator version: the annotation engine that labelled each report, beside its ontology version

Reports annotated before this revision have none (NULL): which engine labelled them is not known, so
they count as stale and are annotated again.

Revision ID: h_ingest_0008
Revises: h_export_0007
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "h_ingest_0008"
down_revision = "h_export_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("annotator_version", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("annotator_version")
