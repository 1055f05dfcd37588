"""La veda electoral y la ventana del Informe de Gobierno (SPEC §7): lo que se niega y por qué, las
excepciones por tema (y su registro), lo programado que cae en veda y la línea de VEDA de la agenda."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from asistente.programador import correr_pasada
from modelos import Boletin, Difusion, VersionBoletin
from tests.conftest import ZONA, Charla
from asistente.procesos.falsos.graph import FalsoGraph
from asistente.procesos.falsos.wordpress import FalsoWordPress
from tests.grabadora import Grabadora
from tests.test_boletin import evento
from tests.test_difusion import app_difusion, boletin_aprobado_con_fotos, graph, oficina, wp  # noqa: F401

VEDA = "/asistente veda del 1 de marzo al 10 de marzo proceso electoral"


def versiones(charla: Charla) -> list[tuple[str, str]]:
    with charla.app.fabrica() as s:
        return [(v.accion, v.detalle) for v in s.scalars(select(VersionBoletin).order_by(VersionBoletin.id))]


def test_registrar_listar_empalmes_y_quitar(oficina: Charla) -> None:
    r = oficina.respuesta(VEDA)
    assert not r.es_error and r.publica
    assert r.cuerpo.startswith("🚫 Veda 1 registrada: del domingo 1 de marzo de 2026 al martes 10 de marzo de 2026 — proceso electoral.")
    lista = oficina.di("/asistente veda")
    assert "• 1: del domingo 1 de marzo de 2026 al martes 10 de marzo de 2026 — proceso electoral (en curso)" in lista
    r = oficina.respuesta("/asistente veda del 9 de marzo al 20 de marzo")
    assert r.es_error and "Se empalma con la veda 1" in r.cuerpo
    r = oficina.respuesta("/asistente veda del 20 de marzo al 10 de marzo")
    assert r.es_error and "termina" in r.cuerpo and "antes de empezar" in r.cuerpo
    r = oficina.respuesta("/asistente veda del lunes")
    assert r.es_error and "Escribe el periodo así" in r.cuerpo and "Uso: /asistente veda" in r.cuerpo
    oficina.di("/equipo", como="beto")
    r = oficina.respuesta("/asistente veda del 1 de abril al 2 de abril", como="beto")
    assert r.es_error and "Solo un director" in r.cuerpo
    assert "Quité la veda 1" in oficina.di("/asistente veda quitar 1")
    assert "No hay vedas registradas" in oficina.di("/asistente veda")
    r = oficina.respuesta("/asistente veda quitar 7")
    assert r.es_error and "No hay una veda 7" in r.cuerpo


def test_en_veda_no_se_aprueba_salvo_los_temas_de_excepcion(oficina: Charla) -> None:
    oficina.di(VEDA)
    evento(oficina)
    oficina.di("/boletin borrador 1")
    r = oficina.respuesta("/boletin aprobar 1")
    assert r.es_error and ("No se puede aprobar el boletín 001/2026: hay veda (proceso electoral) hasta el martes 10 "
                           "de marzo. Solo se exceptúan los temas salud, educación y protección civil") in r.cuerpo
    r = oficina.respuesta("/boletin tema 1 astrologia")
    assert r.es_error and "No conozco el tema «astrologia»" in r.cuerpo and "protección civil" in r.cuerpo
    assert "tema «protección civil». Se puede difundir en veda." in oficina.di("/boletin tema 1 Proteccion Civil")
    assert "aprobado" in oficina.di("/boletin aprobar 1")
    assert ("excepción de veda", "aprobar en veda (proceso electoral) por su tema: protección civil") in versiones(oficina)
    assert "excepción de veda" in oficina.di("/boletin historial 1")


def test_en_veda_no_se_publica_ni_se_programa(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/asistente veda del 5 de marzo al 10 de marzo")
    # Antes de la veda sí; programado dentro de la veda, no.
    r = oficina.respuesta("/difusion programar 1 facebook el 6 de marzo a las 9")
    assert r.es_error and "No se puede programar el boletín 001/2026: hay veda hasta el martes 10 de marzo" in r.cuerpo
    assert "se publicará" in oficina.di("/difusion programar 1 facebook el 4 de marzo a las 9")
    oficina.di("/asistente veda quitar 1")
    oficina.di("/asistente veda del 1 de marzo al 3 de marzo")
    r = oficina.respuesta("/difusion publicar 1 todo")
    assert r.es_error and "No se puede publicar el boletín 001/2026: hay veda hasta el martes 3 de marzo" in r.cuerpo
    assert graph.peticiones == [] and wp.peticiones == []
    oficina.di("/boletin tema 1 salud")
    assert graph.publicaciones == [] and "Facebook: https://" in oficina.di("/difusion publicar 1 facebook")
    assert any(a == "excepción de veda" and "publicar en veda" in d for a, d in versiones(oficina))


def test_lo_programado_que_cae_en_una_veda_nueva_se_detiene_y_se_avisa(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 facebook mañana a las 9")
    oficina.di("/asistente veda del 3 de marzo al 4 de marzo elecciones")
    grabadora = Grabadora(nombre="consola")
    correr_pasada(oficina.app, datetime(2026, 3, 3, 9, 0, tzinfo=ZONA), {"consola": grabadora})
    assert graph.peticiones == []
    with oficina.app.fabrica() as s:
        fila = s.scalars(select(Difusion)).one()
        assert fila.estado == "fallida" and "hay veda (elecciones)" in fila.motivo
        assert s.scalars(select(Boletin.estado)).one() == "aprobado"
    assert any("No se publicó Boletín No. 001/2026 en Facebook" in a and "hay veda (elecciones)" in a
               for a in grabadora.en("dir"))


def test_la_agenda_del_dia_lleva_la_linea_de_veda(oficina: Charla) -> None:
    oficina.di(VEDA)
    grabadora = Grabadora(nombre="consola")
    correr_pasada(oficina.app, datetime(2026, 3, 3, 7, 0, tzinfo=ZONA), {"consola": grabadora})
    (agenda,) = [t for t in grabadora.en("C-prensa") if "Agenda del día" in t]
    assert "🚫 VEDA (proceso electoral) hasta el martes 10 de marzo" in agenda
    grabadora = Grabadora(nombre="consola")
    correr_pasada(oficina.app, datetime(2026, 3, 11, 7, 0, tzinfo=ZONA), {"consola": grabadora})
    (agenda,) = [t for t in grabadora.en("C-prensa") if "Agenda del día" in t]
    assert "VEDA" not in agenda


def test_el_tema_informe_solo_en_su_ventana(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/boletin tema 1 informe")
    r = oficina.respuesta("/difusion publicar 1 facebook")
    assert r.es_error and "no hay día del Informe de Gobierno: fíjalo con /asistente informe <fecha>" in r.cuerpo
    assert "No hay día del Informe" in oficina.di("/asistente informe")
    texto = oficina.di("/asistente informe 20 de marzo")
    assert "Informe de Gobierno el viernes 20 de marzo de 2026" in texto and "del viernes 13 de marzo al miércoles 25 de marzo" in texto
    r = oficina.respuesta("/difusion publicar 1 facebook")
    assert r.es_error and "solo se difunde del viernes 13 de marzo al miércoles 25 de marzo" in r.cuerpo
    assert graph.peticiones == []
    assert "se publicará en Facebook el viernes 13 de marzo" in oficina.di("/difusion programar 1 facebook 13/03 a las 10")
    oficina.ahora = oficina.ahora + timedelta(days=12)  # sábado 14 de marzo
    assert "Facebook: ya estaba" not in oficina.di("/difusion publicar 1 facebook")
    assert len(graph.publicaciones) == 1
