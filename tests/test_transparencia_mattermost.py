"""Transparencia por Mattermost, de punta a punta: el PDF contestado en el hilo del aviso de la factura
queda archivado con ella (lo mismo por Slack está en ``test_transparencia.py``)."""

from __future__ import annotations

from sqlalchemy import select

from modelos import Factura
from tests.archivos import pdf
from tests.test_mattermost import Mundo, falso, mundo, visible  # noqa: F401  (accesorios compartidos)


def test_por_mattermost_el_pdf_contestado_en_el_hilo_de_la_factura_queda_con_ella(mundo: Mundo) -> None:
    from asistente.plataformas.mattermost import iniciar_escucha
    from asistente.plataformas.mattermost.escucha import Espera
    from asistente.transparencia.inventario import pdfs_de_facturas

    mundo.di("/equipo")
    mundo.di("/campana nueva Predial | campaña | Pago del predial | del 1 de enero al 31 de diciembre de 2026")
    mundo.di("/contrato nuevo Editora del Sur SA | ESU010203AB1 | CS-1 | Inserciones impresas | 11600 | Predial")
    mundo.di("/factura CS-1 A-7 5,800")
    aviso = mundo.falso.esperar_post(texto="Factura A-7")
    assert not aviso["root_id"] and "Suelta el PDF de la factura en este hilo" in visible(aviso["message"])
    with mundo.app.fabrica() as s:
        assert s.scalars(select(Factura.hilo)).one() == aviso["id"]
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    mundo.falso.esperar_conexiones(1)
    try:
        archivo = mundo.falso.agregar_archivo("factura-A7.pdf", pdf())
        mundo.falso.emitir_posted(mundo.canal, mundo.ana, [archivo], mensaje="la factura", raiz=aviso["id"])
        respuesta = visible(mundo.falso.esperar_post(
            lambda p: p["root_id"] == aviso["id"] and p["user_id"] == mundo.falso.bot_id)["message"])
        assert "factura-A7.pdf" in respuesta and "con la factura A-7 del contrato CS-1" in respuesta
        assert "contratos/2026/cs-1/" in respuesta
        with mundo.app.fabrica() as s:
            factura = s.scalars(select(Factura)).one()
            assert [m.nombre for m in pdfs_de_facturas(s, factura.espacio_id)[factura.id]] == ["factura-A7.pdf"]
    finally:
        escucha.detener()
