"""Publicar a una hora (``/difusion programar``) y la parrilla (``/parrilla``): el programador publica cada
pieza cuando toca, una sola vez (también con dos programadores sobre la misma base), avisa por mensaje
directo a quien la programó, y lo que falló queda a la vista con su motivo."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from asistente.difusion import programadas
from asistente.nucleo.aplicacion import Aplicacion
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import Base, Boletin, Difusion
from tests.conftest import ZONA, Charla, hacer_config
from asistente.procesos.falsos.graph import FalsoGraph
from asistente.procesos.falsos.wordpress import FalsoWordPress
from tests.grabadora import Grabadora
from tests.test_difusion import app_difusion, boletin_aprobado_con_fotos, graph, oficina, wp  # noqa: F401

MANANA_9 = datetime(2026, 3, 3, 9, 0, tzinfo=ZONA)


def pasar(app: Aplicacion, grabadora: Grabadora, cuando: datetime) -> None:
    correr_pasada(app, cuando, {"consola": grabadora})


def filas(charla: Charla) -> dict[str, Difusion]:
    with charla.app.fabrica() as s:
        return {d.canal: d for d in s.scalars(select(Difusion))}


def estado_del_documento(charla: Charla) -> str:
    with charla.app.fabrica() as s:
        return s.scalars(select(Boletin.estado)).first() or ""


def test_programar_y_el_programador_publica_una_vez_a_su_hora(oficina: Charla, graph: FalsoGraph,
                                                             wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=2)
    r = oficina.respuesta("/difusion programar 1 todo mañana a las 9")
    assert not r.es_error and r.publica
    assert r.cuerpo.startswith("🗓 Boletín No. 001/2026 se publicará en el sitio web y Facebook el martes 3 de marzo a las 09:00.")
    assert {c: (f.estado, f.programada) for c, f in filas(oficina).items()} == {
        "web": ("programada", MANANA_9), "facebook": ("programada", MANANA_9)}
    parrilla = oficina.di("/parrilla")
    assert "martes 3 de marzo" in parrilla and "09:00 · Sitio web · Boletín No. 001/2026" in parrilla
    assert "🕒 programada" in parrilla and "lunes 2 de marzo\nNada programado ni publicado." in parrilla
    assert "6 de 7 días sin nada publicado ni programado." in parrilla

    grabadora = Grabadora(nombre="consola")
    pasar(oficina.app, grabadora, MANANA_9 - timedelta(minutes=1))
    assert graph.peticiones == [] and wp.peticiones == []
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(seconds=30))
    (entrada,) = wp.entradas
    (post,) = graph.publicaciones
    assert len(graph.fotos) == 2 and f"Nota completa: {entrada.link}" in post.message  # el sitio va primero
    assert estado_del_documento(oficina) == "publicado"
    assert {c: f.estado for c, f in filas(oficina).items()} == {"web": "publicada", "facebook": "publicada"}
    avisos = grabadora.en("dir")
    assert any("salió a la hora programada en Facebook: " + post.permalink in a for a in avisos)
    assert any(entrada.link in a for a in avisos)
    # Las pasadas siguientes no publican otra vez.
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=1))
    assert len(graph.publicaciones) == 1 and len(wp.entradas) == 1
    oficina.ahora = MANANA_9 + timedelta(hours=1)
    assert "✅ publicada" in oficina.di("/parrilla hoy") and post.permalink in oficina.di("/parrilla hoy")


def test_un_rechazo_definitivo_avisa_al_director_y_queda_en_la_parrilla(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 facebook mañana a las 9")
    graph.fallar(190, "Error validating access token: Session has expired")
    grabadora = Grabadora(nombre="consola")
    pasar(oficina.app, grabadora, MANANA_9)
    fila = filas(oficina)["facebook"]
    assert fila.estado == "fallida" and "venció o fue revocado" in fila.motivo
    (aviso,) = grabadora.en("dir")
    assert aviso.startswith("⚠️ No se publicó Boletín No. 001/2026 en Facebook a la hora programada: Facebook rechazó")
    assert "/difusion publicar 1 facebook" in aviso
    assert estado_del_documento(oficina) == "aprobado"
    oficina.ahora = MANANA_9
    assert "⚠️ falló: Facebook rechazó el token" in oficina.di("/parrilla hoy")
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=5))  # no se reintenta solo
    assert graph.publicaciones == [] and len(grabadora.en("dir")) == 1
    assert graph.publicaciones == [] and "Facebook: https://" in oficina.di("/difusion publicar 1 facebook")


def test_un_limite_de_facebook_se_reintenta_despues_sin_molestar(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 facebook mañana a las 9")
    graph.fallar(32, "Page request limit reached")
    grabadora = Grabadora(nombre="consola")
    pasar(oficina.app, grabadora, MANANA_9)
    fila = filas(oficina)["facebook"]
    assert fila.estado == "programada" and fila.programada == MANANA_9 + timedelta(minutes=10)
    assert grabadora.en("dir") == [] and graph.publicaciones == []
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=10))
    assert len(graph.publicaciones) == 1 and filas(oficina)["facebook"].estado == "publicada"


def test_un_documento_que_volvio_a_borrador_no_sale(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 facebook mañana a las 9")
    form = oficina.respuesta("/boletin editar 1").form
    assert form is not None
    oficina.app.despachador.formulario(oficina.peticion("formulario", "", "dir"), form.id, {
        "titular": "Otro titular", "resumen": "", "cuerpo_1": "Texto corregido."}, form.contexto)
    grabadora = Grabadora(nombre="consola")
    pasar(oficina.app, grabadora, MANANA_9)
    assert graph.peticiones == []
    (aviso,) = grabadora.en("dir")
    assert "todavía es borrador" in aviso and filas(oficina)["facebook"].estado == "fallida"


def test_errores_al_programar(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    for linea, esperado in (
        ("/difusion programar 1 facebook hoy a las 8", "Esa hora ya pasó (el lunes 2 de marzo a las 08:00)"),
        ("/difusion programar 1 facebook mañana", "Falta la hora: «mañana» dice el día"),
        ("/difusion programar 1 facebook", "Falta cuándo"),
        ("/difusion programar 1 facebook el 31 de febrero a las 9", "31 de febrero"),
        ("/difusion programar 1 telegram mañana a las 9", "No conozco el canal «telegram»"),
    ):
        r = oficina.respuesta(linea)
        assert r.es_error and esperado in r.cuerpo and "Uso: /difusion programar" in r.cuerpo, (linea, r.cuerpo)
    assert filas(oficina) == {}
    oficina.di("/boletin nuevo aviso Cierre de calle")
    r = oficina.respuesta("/difusion programar aviso 1 todo mañana a las 9")
    assert r.es_error and "todavía es borrador" in r.cuerpo


def test_el_boton_programar_abre_un_formulario(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    boton = next(b for b in oficina.respuesta("/difusion 1").botones if b.etiqueta == "Programar")
    form = oficina.app.despachador.accion(oficina.peticion("boton", "", "dir"), boton.accion, boton.valor).form
    assert form is not None and [c.nombre for c in form.campos] == ["canal", "cuando"]
    from asistente.nucleo.formularios import ErroresDeFormulario

    peticion = oficina.peticion("formulario", "", "dir")
    try:
        oficina.app.despachador.formulario(peticion, form.id, {"canal": "facebook", "cuando": "el día del juicio"},
                                           form.contexto)
        raise AssertionError("debió fallar")
    except ErroresDeFormulario as errores:
        assert "el día del juicio" in errores.errores["cuando"]
    r = oficina.app.despachador.formulario(peticion, form.id, {"canal": "facebook", "cuando": "mañana 9:00"},
                                           form.contexto)
    assert "se publicará en Facebook el martes 3 de marzo a las 09:00" in r.cuerpo


def test_parrilla_de_un_dia_y_del_mes(oficina: Charla) -> None:
    assert "Parrilla de marzo de 2026" in oficina.di("/parrilla mes")
    assert "31 de 31 días sin nada" in oficina.di("/parrilla mes")
    texto = oficina.di("/parrilla viernes")
    assert "Parrilla del viernes 6 de marzo" in texto and "Nada programado ni publicado." in texto
    r = oficina.respuesta("/parrilla el día del juicio")
    assert r.es_error and "Uso: /parrilla" in r.cuerpo


def test_dos_programadores_publican_cada_pieza_una_vez(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    for i in range(2, 6):
        oficina.di(f"/boletin nuevo comunicado Comunicado {i}")
        with oficina.app.fabrica.begin() as s:
            b = s.scalars(select(Boletin).where(Boletin.tipo == "comunicado").order_by(Boletin.id.desc())).first()
            assert b is not None
            b.cuerpo = "Texto listo."
            b.resumen = "• Lo que dice, sin relleno de la plantilla."
        assert "aprobad" in oficina.di(f"/boletin aprobar comunicado {i - 1}")
        oficina.di(f"/difusion programar comunicado {i - 1} todo mañana a las 9")
    oficina.di("/difusion programar 1 todo mañana a las 9")
    otra = crear_app(oficina.app.config)  # otro «proceso»: su propio motor y sus conexiones
    barrera = threading.Barrier(2)
    errores: list[BaseException] = []
    grabadora = Grabadora(nombre="consola")

    def programador(aplicacion: Aplicacion) -> None:
        try:
            for minuto in (0, 0, 1):
                barrera.wait()
                correr_pasada(aplicacion, MANANA_9 + timedelta(minutes=minuto), {"consola": grabadora})
        except BaseException as error:  # noqa: BLE001 — se revisa abajo
            errores.append(error)

    hilos = [threading.Thread(target=programador, args=(a,)) for a in (oficina.app, otra)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    otra.motor.dispose()
    assert not errores
    assert len(graph.publicaciones) == 5 and len(wp.entradas) == 5
    assert len({p.message for p in graph.publicaciones}) == 5
    assert all(f.estado == "publicada" for f in _todas(oficina))


def _todas(charla: Charla) -> list[Difusion]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Difusion)))


def test_la_vispera_de_un_dia_sin_nada_se_avisa_una_vez(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion publicar 1 facebook")  # el espacio difunde
    grabadora = Grabadora(nombre="consola")
    pasar(oficina.app, grabadora, datetime(2026, 3, 2, 17, 59, tzinfo=ZONA))
    assert grabadora.en("dir") == []
    pasar(oficina.app, grabadora, datetime(2026, 3, 2, 18, 0, tzinfo=ZONA))
    pasar(oficina.app, grabadora, datetime(2026, 3, 2, 18, 30, tzinfo=ZONA))
    # (A esa hora también llega la tarjeta informativa del evento de mañana: se cuentan solo estos avisos.)
    (aviso,) = _sin_difusion(grabadora)
    assert aviso.startswith("🗓 Mañana, martes 3 de marzo, no hay nada programado") and "/parrilla" in aviso
    # Con algo programado para el día siguiente, no se avisa.
    oficina.di("/boletin nuevo comunicado Horario de oficinas")
    with oficina.app.fabrica.begin() as s:
        b = s.scalars(select(Boletin).where(Boletin.tipo == "comunicado")).one()
        b.cuerpo = "Texto listo."
        b.resumen = "• Lo que dice, sin relleno de la plantilla."
    assert "aprobad" in oficina.di("/boletin aprobar comunicado 1")
    oficina.di("/difusion programar comunicado 1 web el 4 de marzo a las 10")
    pasar(oficina.app, grabadora, datetime(2026, 3, 3, 19, 0, tzinfo=ZONA))
    assert len(_sin_difusion(grabadora)) == 1


def _sin_difusion(grabadora: Grabadora) -> list[str]:
    return [a for a in grabadora.en("dir") if "no hay nada programado" in a]


# --- una pieza que quedó a medias -------------------------------------------------------------------------
class Caida(BaseException):
    """El proceso muere (no es una excepción que el programador atrape)."""


def test_si_el_programador_muere_tras_publicar_la_pieza_se_encuentra_y_no_se_repite(
        oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress, monkeypatch: pytest.MonkeyPatch) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 todo mañana a las 9")
    grabadora = Grabadora(nombre="consola")

    def morir(*_args: object) -> str:
        raise Caida()

    monkeypatch.setattr(programadas, "_anotar", morir)
    with pytest.raises(Caida):
        pasar(oficina.app, grabadora, MANANA_9)
    monkeypatch.undo()
    assert len(wp.entradas) == 1 and filas(oficina)["web"].estado == "publicando"
    assert "se está publicando" in oficina.di("/difusion publicar 1 web")
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=5))  # todavía no se da por atascada
    assert len(wp.entradas) == 1 and filas(oficina)["web"].estado == "publicando"
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=11))
    # El sitio ya la tenía (la encontró por su slug): solo se anota. Facebook sale después, una vez.
    assert len(wp.entradas) == 1 and len(graph.publicaciones) == 1
    assert {c: (f.estado, f.permalink) for c, f in filas(oficina).items()} == {
        "web": ("publicada", wp.entradas[0].link), "facebook": ("publicada", graph.publicaciones[0].permalink)}
    assert estado_del_documento(oficina) == "publicado"


def test_si_muere_antes_de_publicar_se_publica_una_vez_despues(
        oficina: Charla, graph: FalsoGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/difusion programar 1 facebook mañana a las 9")
    canal = oficina.app.despachador.canales["facebook"]
    grabadora = Grabadora(nombre="consola")

    def morir(*_args: object) -> None:
        raise Caida()

    monkeypatch.setattr(canal, "publicar", morir)
    with pytest.raises(Caida):
        pasar(oficina.app, grabadora, MANANA_9)
    monkeypatch.undo()
    assert graph.publicaciones == [] and filas(oficina)["facebook"].estado == "publicando"
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=11))
    assert len(graph.publicaciones) == 1 and filas(oficina)["facebook"].estado == "publicada"
    # Y si murió después de publicar en Facebook, la encuentra por su texto.
    with oficina.app.fabrica.begin() as s:
        fila = s.scalars(select(Difusion)).one()
        fila.estado, fila.permalink, fila.actualizado = "publicando", "", MANANA_9
    pasar(oficina.app, grabadora, MANANA_9 + timedelta(minutes=30))
    assert len(graph.publicaciones) == 1
    assert filas(oficina)["facebook"].permalink == graph.publicaciones[0].permalink


def test_el_programador_publica_en_los_canales_propios_de_cada_espacio(bd_url: str, tmp_path: Path,
                                                                       graph: FalsoGraph) -> None:
    """Sin página en el entorno: la pieza programada sale por la página que el espacio fijó desde el chat."""
    app = crear_app(hacer_config(bd_url, tmp_path, facebook_api_url=graph.url))
    Base.metadata.create_all(app.motor)
    try:
        oficina = Charla(app)
        oficina.di("/equipo", como="dir")
        oficina.di(f"/asistente difusion facebook {graph.pagina} {graph.token}")
        boletin_aprobado_con_fotos(oficina, fotos=1)
        assert not oficina.respuesta("/difusion programar 1 facebook mañana a las 9").es_error
        pasar(app, Grabadora(nombre="consola"), MANANA_9 + timedelta(seconds=30))
        (post,) = graph.publicaciones
        assert {c: f.estado for c, f in filas(oficina).items()} == {"facebook": "publicada"}
        assert post.permalink in (estado := filas(oficina)["facebook"].permalink) and estado
    finally:
        app.motor.dispose()
