"""El hilo de la ficha de una nota de monitoreo: la foto (o el PDF) de la página impresa soltada en ese
hilo queda ligada a la nota.

Revision ID: 0018
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notas") as tabla:
        tabla.add_column(sa.Column("hilo", sa.String(120), nullable=False, server_default=""))
    op.create_index(op.f("ix_notas_hilo"), "notas", ["hilo"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_notas_hilo"), table_name="notas")
    with op.batch_alter_table("notas") as tabla:
        tabla.drop_column("hilo")
