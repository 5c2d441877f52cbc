"""study issuer: the Issuer of Patient ID a study's images carry (sealed), so reports shift like the images

Revision ID: h_export_0007
Revises: h_web_ops_0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "h_export_0007"
down_revision = "h_web_ops_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer_sealed", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_column("issuer_sealed")
