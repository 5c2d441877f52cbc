"""keyed audit chain: the head records where keyed hashes start and carries a keyed seal

Events already in the chain keep their plain SHA-256 hashes; `keyed_from` is set just past
them and sealed with the audit key, so they cannot later be re-labelled or extended without it.
A database with no events yet gets its head row here, keyed from event 1.

Revision ID: h_audit_0003
Revises: 0002
Create Date: 2026-12-06
"""
from alembic import context, op
import sqlalchemy as sa

from app.audit.chain import GENESIS_HASH, HEAD_ROW_ID, head_seal
from app.db import AUDIT_KEY_INFO
from app.errors import ConfigError

revision = "h_audit_0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    key = context.config.attributes.get(AUDIT_KEY_INFO)
    if not key:
        raise ConfigError("this migration seals the audit chain with the audit key: run it with `cleanroom db upgrade`")
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("keyed_from", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    head = conn.execute(sa.text("SELECT last_id, last_hash FROM audit_head WHERE id = :id"),
                        {"id": HEAD_ROW_ID}).first()
    if head is None:
        conn.execute(sa.text("INSERT INTO audit_head (id, last_id, last_hash, keyed_from, seal) "
                             "VALUES (:id, 0, :hash, 1, :seal)"),
                     {"id": HEAD_ROW_ID, "hash": GENESIS_HASH, "seal": head_seal(key, 1, 0, GENESIS_HASH)})
    else:
        keyed_from = head.last_id + 1
        conn.execute(sa.text("UPDATE audit_head SET keyed_from = :from, seal = :seal WHERE id = :id"),
                     {"id": HEAD_ROW_ID, "from": keyed_from,
                      "seal": head_seal(key, keyed_from, head.last_id, head.last_hash)})
    with op.batch_alter_table("audit_head") as batch:
        batch.alter_column("keyed_from", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("seal", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    # Events appended since the upgrade keep their keyed hashes, which the older code cannot verify.
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("seal")
        batch.drop_column("keyed_from")
