"""label study: each report label carries its report's study, so a concept criterion is one index walk

The column copies reports.study_id (kept equal to it by the ingest code wherever a report is linked,
relinked or annotated again) and is filled here for the labels already stored. The concept index now
ends in the study rather than the report: cohort criteria read studies straight from it.

Revision ID: h_count_0009
Revises: h_ingest_0008
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "h_count_0009"
down_revision = "h_ingest_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("study_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_report_labels_study_id", "studies", ["study_id"], ["id"])
        batch_op.drop_index("ix_report_labels_concept_status")
        batch_op.create_index("ix_report_labels_concept_status_study", ["concept_id", "status", "study_id"],
                              unique=False)
    op.execute("UPDATE report_labels SET study_id = "
               "(SELECT reports.study_id FROM reports WHERE reports.id = report_labels.report_id)")


def downgrade() -> None:
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_report_labels_concept_status_study")
        batch_op.create_index("ix_report_labels_concept_status", ["concept_id", "status", "report_id"], unique=False)
        batch_op.drop_constraint("fk_report_labels_study_id", type_="foreignkey")
        batch_op.drop_column("study_id")
