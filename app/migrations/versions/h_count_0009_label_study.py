"""label study and covering indexes: what a cohort count reads, read from indexes alone

Each report label carries its report's study: the column copies reports.study_id (kept equal to it by
the ingest code wherever a report is linked, relinked or annotated again) and is filled here for the
labels already stored. The concept index now ends in the study rather than the report: cohort criteria
read studies straight from it. The series index by study gains modality and body part, the instances
index by series the burned-in risk flag, and patients are indexed by id with their sex (instead of by sex
alone), so a count reads those tables' indexes, never their rows. Modality, body part and sex are stored
upper-case (codes; body part already was), so counts compare the plain indexed columns: PostgreSQL could
not estimate upper(modality) and probed series one by one.

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

# (table, index replaced, its columns, the replacement, its columns): a count reads these tables' indexes only.
COVERING = (
    ("series", "ix_series_study_id", ["study_id"], "ix_series_study_modality_body_part",
     ["study_id", "modality", "body_part"]),
    ("instances", "ix_instances_series_id", ["series_id"], "ix_instances_series_risk", ["series_id", "burned_in_risk"]),
    ("patients", "ix_patients_sex", ["sex"], "ix_patients_id_sex", ["id", "sex"]),
)

# Coded columns stored upper-case from this revision on (the downgrade leaves them so: the case carried nothing).
CODES = (("series", "modality"), ("series", "body_part"), ("patients", "sex"))


def upgrade() -> None:
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("study_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_report_labels_study_id", "studies", ["study_id"], ["id"])
        batch_op.drop_index("ix_report_labels_concept_status")
        batch_op.create_index("ix_report_labels_concept_status_study", ["concept_id", "status", "study_id"],
                              unique=False)
    op.execute("UPDATE report_labels SET study_id = "
               "(SELECT reports.study_id FROM reports WHERE reports.id = report_labels.report_id)")
    for table, old, _, new, columns in COVERING:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(old)
            batch_op.create_index(new, columns, unique=False)
    for table, column in CODES:
        op.execute(f"UPDATE {table} SET {column} = upper({column}) WHERE {column} <> upper({column})")


def downgrade() -> None:
    for table, old, columns, new, _ in COVERING:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(new)
            batch_op.create_index(old, columns, unique=False)
    with op.batch_alter_table("report_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_report_labels_concept_status_study")
        batch_op.create_index("ix_report_labels_concept_status", ["concept_id", "status", "report_id"], unique=False)
        batch_op.drop_constraint("fk_report_labels_study_id", type_="foreignkey")
        batch_op.drop_column("study_id")
