"""archive index: patients, studies, series, instances, reports, findings

Revision ID: h_ingest_0003
Revises: 0002
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = 'h_ingest_0003'
down_revision = 'h_audit_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('patients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_lookup', sa.String(length=64), nullable=False),
    sa.Column('patient_id_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('name_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('birth_date_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('sex', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('patient_lookup')
    )
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patients_sex'), ['sex'], unique=False)

    op.create_table('studies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('study_uid', sa.String(length=64), nullable=False),
    sa.Column('accession_lookup', sa.String(length=64), nullable=True),
    sa.Column('accession_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('study_date', sa.Date(), nullable=True),
    sa.Column('age_years', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('study_uid')
    )
    with op.batch_alter_table('studies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studies_accession_lookup'), ['accession_lookup'], unique=False)
        batch_op.create_index(batch_op.f('ix_studies_age_years'), ['age_years'], unique=False)
        batch_op.create_index(batch_op.f('ix_studies_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_studies_study_date'), ['study_date'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_lookup', sa.String(length=64), nullable=False),
    sa.Column('report_id_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('source_format', sa.String(length=16), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('study_id', sa.Integer(), nullable=True),
    sa.Column('accession_lookup', sa.String(length=64), nullable=True),
    sa.Column('study_uid', sa.String(length=64), nullable=True),
    sa.Column('study_date', sa.Date(), nullable=True),
    sa.Column('link', sa.String(length=16), nullable=False),
    sa.Column('text_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('ontology_version', sa.String(length=64), nullable=False),
    sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], ),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_lookup')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_accession_lookup'), ['accession_lookup'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_link'), ['link'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_study_date'), ['study_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_study_id'), ['study_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_study_uid'), ['study_uid'], unique=False)

    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('series_uid', sa.String(length=64), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=True),
    sa.Column('body_part', sa.String(length=64), nullable=True),
    sa.Column('manufacturer', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series_uid')
    )
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_body_part'), ['body_part'], unique=False)
        batch_op.create_index(batch_op.f('ix_series_manufacturer'), ['manufacturer'], unique=False)
        batch_op.create_index(batch_op.f('ix_series_modality'), ['modality'], unique=False)
        batch_op.create_index(batch_op.f('ix_series_study_id'), ['study_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('concept_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_concept_status', ['concept_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_report_id'), ['report_id'], unique=False)

    op.create_table('instances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('sop_instance_uid', sa.String(length=64), nullable=False),
    sa.Column('sop_class_uid', sa.String(length=64), nullable=True),
    sa.Column('transfer_syntax', sa.String(length=64), nullable=True),
    sa.Column('number_of_frames', sa.Integer(), nullable=False),
    sa.Column('burned_in_risk', sa.Boolean(), nullable=False),
    sa.Column('burned_in_reason', sa.String(length=80), nullable=True),
    sa.Column('location_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sop_instance_uid')
    )
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instances_burned_in_risk'), ['burned_in_risk'], unique=False)
        batch_op.create_index(batch_op.f('ix_instances_number_of_frames'), ['number_of_frames'], unique=False)
        batch_op.create_index(batch_op.f('ix_instances_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instances_sop_class_uid'), ['sop_class_uid'], unique=False)



def downgrade() -> None:
    # Dropping a table drops its indexes; children before parents.
    for table in ("instances", "findings", "series", "reports", "studies", "patients"):
        op.drop_table(table)
