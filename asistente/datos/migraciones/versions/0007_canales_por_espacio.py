"""Canales de difusión propios de cada espacio de trabajo (los fija un director desde el chat).

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("espacios") as tabla:
        tabla.add_column(sa.Column("difusion", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("espacios") as tabla:
        tabla.drop_column("difusion")
