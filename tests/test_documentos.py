"""Los documentos sin evento (SPEC §7): comunicado, aviso, convocatoria, posicionamiento, felicitación y
esquela, cada uno con su serie anual de números, con las mismas órdenes que un boletín."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from asistente.datos.bd import config_alembic
from modelos import Boletin
from tests.conftest import Charla
from tests.test_boletin import evento, leer_pdf


def documentos(charla: Charla) -> list[Boletin]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Boletin).order_by(Boletin.tipo, Boletin.numero)))


def completar(charla: Charla, referencia: str, cuerpo: str = "El servicio se restablece el viernes.") -> None:
    form = charla.respuesta(f"/boletin editar {referencia}").form
    assert form is not None
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": form.campos[0].inicial, "resumen": "- Sin agua el jueves", "cuerpo_1": cuerpo,
    }, form.contexto)


def test_cada_tipo_lleva_su_propia_serie_y_su_encabezado(charla: Charla) -> None:
    evento(charla)
    assert "Boletín No. 001/2026" in charla.di("/boletin borrador 1")
    r = charla.di("/boletin nuevo comunicado Suspensión del servicio de agua en la colonia Centro")
    assert "Borrador listo: Comunicado No. 001/2026" in r
    assert "Suspensión del servicio de agua en la colonia Centro" in r
    assert "Comunicado No. 002/2026" in charla.di("/boletin nuevo Comunicado Horario de oficinas")
    # Sin tipo es un boletín: sigue la serie de los boletines de evento.
    assert "Boletín No. 002/2026" in charla.di("/boletin nuevo Jornada de limpieza en el río")
    # Acentos y mayúsculas opcionales; el femenino se respeta.
    assert "Felicitación No. 001/2026" in charla.di("/boletin nuevo FELICITACION A la selección de básquetbol")
    assert "Esquela No. 001/2026" in charla.di("/boletin nueva esquela Don Ramiro Salgado")
    assert "Aviso No. 001/2026" in charla.di("/boletin nuevo aviso Cierre de la calle Hidalgo")
    assert "Convocatoria No. 001/2026" in charla.di("/boletin nuevo convocatoria Becas municipales 2026")
    assert "Posicionamiento No. 001/2026" in charla.di("/boletin nuevo posicionamiento Sobre la nota del Diario")
    series = {(d.tipo, d.numero) for d in documentos(charla)}
    assert series == {("boletin", 1), ("boletin", 2), ("comunicado", 1), ("comunicado", 2), ("felicitacion", 1),
                      ("esquela", 1), ("aviso", 1), ("convocatoria", 1), ("posicionamiento", 1)}
    esquela = next(d for d in documentos(charla) if d.tipo == "esquela")
    assert esquela.evento_id is None and "lamenta profundamente" in esquela.cuerpo
    # /boletin nuevo N (solo un número) sigue siendo el borrador del evento N.
    assert "Boletín No. 003/2026, del evento #1" in charla.di("/boletin nuevo 1")


def test_ver_editar_aprobar_pdf_y_lista_de_un_comunicado(charla: Charla) -> None:
    charla.di("/boletin nuevo comunicado Suspensión del servicio de agua")
    assert "Comunicado No. 001/2026" in charla.di("/boletin ver comunicado 1")
    assert "Comunicado No. 001/2026" in charla.di("/boletin comunicado 001/2026")  # sin «ver»
    # El relleno de la plantilla impide aprobarlo, y la respuesta dice cómo completarlo.
    r = charla.respuesta("/boletin aprobar comunicado 1")
    assert r.es_error and "El comunicado 001/2026 todavía tiene texto de relleno" in r.cuerpo
    assert "/boletin editar comunicado 1" in r.cuerpo
    completar(charla, "comunicado 1")
    aprobado = charla.respuesta("/boletin aprobar comunicado 1")
    assert not aprobado.es_error and "Comunicado No. 001/2026 aprobado" in aprobado.datos["mensaje"]
    # Los botones nombran al comunicado, no al boletín con el mismo número.
    assert {b.valor for b in aprobado.botones} == {"comunicado 001/2026"}
    charla.di("/agenda nueva Feria | mañana a las 10")
    charla.di("/boletin borrador 1")  # el Boletín 001/2026, otro documento
    assert "Boletín No. 001/2026" in charla.pulsa("boletin.pdf", "001/2026")
    pdf = charla.respuesta("/boletin pdf comunicado 1")
    assert pdf.adjunto is not None and pdf.adjunto.titulo == "Comunicado No. 001/2026"
    assert pdf.adjunto.ruta == charla.app.config.archivo / "boletines" / "2026" / "comunicado-001-2026.pdf"
    texto = "\n".join(p.extract_text() for p in leer_pdf(pdf.adjunto.ruta).pages)
    assert "Comunicado No. 001/2026" in texto and "El servicio se restablece el viernes." in texto
    assert (charla.app.config.archivo / "boletines" / "2026" / "001-2026.pdf").is_file()  # no se pisan
    lista = charla.di("/boletin lista")
    assert "• 001/2026 ·" in lista and "• Comunicado 001/2026 ·" in lista
    assert "Historial: Comunicado No. 001/2026" in charla.di("/boletin historial comunicado 1")
    assert "publicado" in charla.di("/boletin publicar comunicado 1 https://tlalchapa.gob.mx/agua")
    assert [d.estado for d in documentos(charla) if d.tipo == "comunicado"] == ["publicado"]


def test_errores_de_documentos_sin_evento(charla: Charla) -> None:
    r = charla.respuesta("/boletin nuevo comunicado")
    assert r.es_error and r.cuerpo.startswith("Falta el título del comunicado.") and "Uso: /boletin nuevo [tipo] título" in r.cuerpo
    r = charla.respuesta("/boletin nuevo convocatoria   ")
    assert r.es_error and "Falta el título de la convocatoria." in r.cuerpo
    r = charla.respuesta("/boletin nuevo")
    assert r.es_error and "Uso: /boletin nuevo [tipo] título" in r.cuerpo
    r = charla.respuesta("/boletin nuevo aviso " + "x" * 301)
    assert r.es_error and "muy largo" in r.cuerpo
    assert documentos(charla) == []
    r = charla.respuesta("/boletin ver comunicado 9")
    assert r.es_error and "No hay un comunicado 009/2026" in r.cuerpo
    r = charla.respuesta("/boletin ver esquela 2")
    assert r.es_error and "No hay una esquela 002/2026" in r.cuerpo
    charla.di("/boletin nuevo esquela Don Ramiro")
    charla.di("/boletin cancelar esquela 1 duplicada")
    r = charla.respuesta("/boletin pdf esquela 1")
    assert r.es_error and "La esquela 001/2026 está cancelada" in r.cuerpo


def test_la_base_no_admite_dos_documentos_del_mismo_tipo_y_numero(charla: Charla) -> None:
    charla.di("/boletin nuevo comunicado Uno")
    with pytest.raises(IntegrityError):
        with charla.app.fabrica.begin() as s:
            original = s.scalars(select(Boletin)).one()
            s.add(Boletin(espacio_id=original.espacio_id, tipo="comunicado", anio=2026, numero=1, titular="Otro",
                          fecha=original.fecha, creado=original.creado, actualizado=original.creado))
    # El mismo número en otra serie sí cabe.
    with charla.app.fabrica.begin() as s:
        original = s.scalars(select(Boletin)).one()
        s.add(Boletin(espacio_id=original.espacio_id, tipo="aviso", anio=2026, numero=1, titular="Otro",
                      fecha=original.fecha, creado=original.creado, actualizado=original.creado))


def test_la_migracion_deja_los_boletines_que_ya_existian_como_boletines(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'vieja.db'}"
    command.upgrade(config_alembic(url), "0001")
    motor = create_engine(url)
    with motor.begin() as c:
        c.execute(text("INSERT INTO espacios (id, clave, plataforma, nombre, canal, hora_agenda, resumen, creado) "
                       "VALUES (1, 'consola:x', 'consola', '', '', '', '', '2026-03-02 15:00:00')"))
        c.execute(text("INSERT INTO boletines (espacio_id, anio, numero, estado, titular, resumen, cuerpo, fecha, urls, "
                       "creado, actualizado) VALUES (1, 2026, 45, 'aprobado', 'Viejo', '', 'Texto', "
                       "'2026-03-02 15:00:00', '', '2026-03-02 15:00:00', '2026-03-02 15:00:00')"))
    command.upgrade(config_alembic(url), "head")
    with motor.begin() as c:
        assert c.execute(text("SELECT tipo, numero FROM boletines")).all() == [("boletin", 45)]
        # La serie de comunicados empieza aparte: el 45 de comunicado cabe junto al boletín 45.
        c.execute(text("INSERT INTO boletines (espacio_id, tipo, anio, numero, estado, titular, resumen, cuerpo, fecha, "
                       "urls, creado, actualizado) VALUES (1, 'comunicado', 2026, 45, 'borrador', 'Nuevo', '', 'x', "
                       "'2026-03-02 15:00:00', '', '2026-03-02 15:00:00', '2026-03-02 15:00:00')"))
        with pytest.raises(IntegrityError):
            with c.begin_nested():
                c.execute(text("INSERT INTO boletines (espacio_id, tipo, anio, numero, estado, titular, resumen, cuerpo, "
                               "fecha, urls, creado, actualizado) VALUES (1, 'boletin', 2026, 45, 'borrador', 'Otro', '', "
                               "'x', '2026-03-02 15:00:00', '', '2026-03-02 15:00:00', '2026-03-02 15:00:00')"))
    motor.dispose()
