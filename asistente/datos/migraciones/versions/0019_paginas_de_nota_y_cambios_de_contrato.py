"""Varias fotos de la página por nota (``paginas_nota``, en lugar de ``notas.foto_id``: una nota a dos
páginas, o portada e interior, las tiene todas) y las correcciones de los contratos con quién y cuándo
(``cambios_contrato``, de ``/contrato editar``).

La foto que ya tenía cada nota queda como su primera página. Al regresar (``downgrade``), cada nota se
queda con la última de sus páginas, como antes.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

import modelos.base

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paginas_nota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nota_id", sa.Integer(), nullable=False),
        sa.Column("medio_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["medio_id"], ["medios.id"], name=op.f("fk_paginas_nota_medio_id_medios"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nota_id"], ["notas.id"], name=op.f("fk_paginas_nota_nota_id_notas"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paginas_nota")),
        sa.UniqueConstraint("nota_id", "medio_id", name=op.f("uq_paginas_nota_nota_id_medio_id")),
    )
    op.create_index(op.f("ix_paginas_nota_nota_id"), "paginas_nota", ["nota_id"], unique=False)
    op.create_index(op.f("ix_paginas_nota_medio_id"), "paginas_nota", ["medio_id"], unique=False)
    op.execute("INSERT INTO paginas_nota (nota_id, medio_id) SELECT id, foto_id FROM notas "
               "WHERE foto_id IS NOT NULL ORDER BY id")
    with op.batch_alter_table("notas") as tabla:
        tabla.drop_constraint("fk_notas_foto_id_medios", type_="foreignkey")
        tabla.drop_column("foto_id")

    op.create_table(
        "cambios_contrato",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("espacio_id", sa.Integer(), nullable=False),
        sa.Column("contrato_id", sa.Integer(), nullable=False),
        sa.Column("campo", sa.String(length=20), nullable=False),
        sa.Column("antes", sa.String(length=500), nullable=False),
        sa.Column("despues", sa.String(length=500), nullable=False),
        sa.Column("persona_id", sa.Integer(), nullable=True),
        sa.Column("quien", sa.String(length=200), nullable=False),
        sa.Column("cuando", modelos.base.FechaHora(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contrato_id"], ["contratos.id"], name=op.f("fk_cambios_contrato_contrato_id_contratos"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["espacio_id"], ["espacios.id"], name=op.f("fk_cambios_contrato_espacio_id_espacios"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["persona_id"], ["personas.id"], name=op.f("fk_cambios_contrato_persona_id_personas"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cambios_contrato")),
    )
    op.create_index(op.f("ix_cambios_contrato_contrato_id"), "cambios_contrato", ["contrato_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cambios_contrato_contrato_id"), table_name="cambios_contrato")
    op.drop_table("cambios_contrato")

    with op.batch_alter_table("notas") as tabla:
        tabla.add_column(sa.Column("foto_id", sa.Integer(), nullable=True))
        tabla.create_foreign_key("fk_notas_foto_id_medios", "medios", ["foto_id"], ["id"], ondelete="SET NULL")
    op.execute("UPDATE notas SET foto_id = (SELECT p.medio_id FROM paginas_nota p WHERE p.nota_id = notas.id "
               "ORDER BY p.id DESC LIMIT 1)")
    op.drop_index(op.f("ix_paginas_nota_medio_id"), table_name="paginas_nota")
    op.drop_index(op.f("ix_paginas_nota_nota_id"), table_name="paginas_nota")
    op.drop_table("paginas_nota")
