"""El municipio y el estado de cada espacio de trabajo (los fija un director desde el chat, sobre
ASISTENTE_MUNICIPIO y ASISTENTE_ESTADO): sin ellos, los boletines dicen «H. Ayuntamiento» sin nombre.

Revision ID: 0012
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("espacios") as tabla:
        tabla.add_column(sa.Column("municipio", sa.String(120), nullable=False, server_default=""))
        tabla.add_column(sa.Column("estado", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("espacios") as tabla:
        tabla.drop_column("estado")
        tabla.drop_column("municipio")
