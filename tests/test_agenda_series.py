"""Eventos que se repiten (SPEC §13): cada frase contra fechas calculadas a mano, la lectura de vuelta
antes de guardar, el botón que registra, y mover o cancelar una fecha o la serie."""

from __future__ import annotations

from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import func, select

from asistente.fechas import FechaNoEntendida
from asistente.fechas.repeticion import es_repeticion, interpretar_repeticion, regla_legible
from comandos.agenda import leer_mes
from modelos import EstadoEvento, Evento, Serie
from tests.conftest import AHORA, ZONA, Charla

# AHORA: lunes 2 de marzo de 2026, 09:00 (el 1 de marzo de 2026 es domingo).


def _d(texto: str) -> datetime:
    return datetime.strptime(texto, "%Y-%m-%d %H:%M").replace(tzinfo=ZONA)


@pytest.mark.parametrize("frase, primeras, cuantas", [
    ("cada lunes a las 10", ["2026-03-02 10:00", "2026-03-09 10:00", "2026-03-16 10:00"], 53),
    ("Cada 15 días", ["2026-03-02 00:00", "2026-03-17 00:00", "2026-04-01 00:00", "2026-04-16 00:00"], 25),
    ("de lunes a viernes a las 8", ["2026-03-03 08:00", "2026-03-04 08:00", "2026-03-05 08:00",
                                    "2026-03-06 08:00", "2026-03-09 08:00"], 261),  # 52 semanas y el martes 2 de marzo de 2027
    ("el primer viernes de cada mes", ["2026-03-06 00:00", "2026-04-03 00:00", "2026-05-01 00:00",
                                       "2026-06-05 00:00"], 12),
    ("cada martes hasta el 24 de marzo", ["2026-03-03 00:00", "2026-03-10 00:00", "2026-03-17 00:00",
                                          "2026-03-24 00:00"], 4),
    ("cada jueves a las 5 de la tarde 10 veces", ["2026-03-05 17:00", "2026-03-12 17:00"], 10),
    ("cada lunes y miércoles de 10 a 12 hasta el 11 de marzo", ["2026-03-02 10:00", "2026-03-04 10:00",
                                                                 "2026-03-09 10:00", "2026-03-11 10:00"], 4),
    ("el último viernes de cada mes a las 9 3 veces", ["2026-03-27 09:00", "2026-04-24 09:00", "2026-05-29 09:00"], 3),
    ("cada semana desde el 20 de marzo hasta el 10 de abril", ["2026-03-20 00:00", "2026-03-27 00:00",
                                                               "2026-04-03 00:00", "2026-04-10 00:00"], 4),
    ("todos los sábados a las 11 tres veces", ["2026-03-07 11:00", "2026-03-14 11:00", "2026-03-21 11:00"], 3),
    ("el día 31 de cada mes 3 veces", ["2026-03-31 00:00", "2026-05-31 00:00", "2026-07-31 00:00"], 3),
])
def test_cada_frase_da_las_fechas_calculadas_a_mano(frase: str, primeras: list[str], cuantas: int) -> None:
    assert es_repeticion(frase)
    r = interpretar_repeticion(frase, AHORA)
    assert list(r.fechas[:len(primeras)]) == [_d(p) for p in primeras]
    assert len(r.fechas) == cuantas
    assert all(f.tzinfo == ZONA for f in r.fechas)
    # La regla guardada da las mismas fechas.
    regla = regla_legible(r.regla)
    assert [f.replace(tzinfo=ZONA) for f in regla[:len(primeras)]] == [_d(p) for p in primeras]


def test_la_lectura_de_vuelta_dice_la_regla_el_limite_y_cuantas() -> None:
    r = interpretar_repeticion("cada lunes a las 10 hasta el 23 de marzo", AHORA)
    assert r.en_palabras() == ("cada lunes, a las 10:00, hasta el lunes 23 de marzo de 2026: 4 fechas, "
                               "del lunes 2 de marzo de 2026 al lunes 23 de marzo de 2026")
    assert "de 10:00 a 12:00" in interpretar_repeticion("cada martes de 10 a 12", AHORA).descripcion
    assert "sin fecha de fin" in interpretar_repeticion("cada 15 días", AHORA).en_palabras()


@pytest.mark.parametrize("frase, pedazo", [
    ("cada día hasta el 31 de diciembre de 2027", "más de 500"),
    ("el quinto lunes de cada mes hasta el 20 de marzo", "ninguna fecha"),
    ("cada tanto", "No entendí la repetición «cada tanto»"),
    ("cada lunes a las 10 mañana", "no es una hora"),
    ("cada lunes hasta el 24 de marzo 3 veces", "no las dos"),
    ("de viernes a lunes", "al revés"),
])
def test_una_regla_imposible_se_explica(frase: str, pedazo: str) -> None:
    with pytest.raises(FechaNoEntendida, match=pedazo):
        interpretar_repeticion(frase, AHORA)


def test_una_fecha_suelta_no_es_repeticion() -> None:
    for texto in ("mañana a las 10", "lunes 3 de febrero 17:00", "15/03 de 10 a 12", "el lunes"):
        assert not es_repeticion(texto)


# --- en la agenda ------------------------------------------------------------------------------------
def _eventos(charla: Charla) -> list[Evento]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Evento).order_by(Evento.numero)))


def _proponer(charla: Charla, linea: str, como: str = "dir") -> str:
    charla.di(linea, como=como)
    assert charla.ultima is not None
    boton = next(b for b in charla.ultima.botones if b.accion == "agenda.serie_registrar")
    return boton.valor


def test_se_lee_de_vuelta_y_nada_se_guarda_sin_el_boton(charla: Charla) -> None:
    texto = charla.di("/agenda nueva Reunión de gabinete cada lunes a las 10 hasta el 23 de marzo")
    assert "«Reunión de gabinete» se repite cada lunes, a las 10:00, hasta el lunes 23 de marzo de 2026: 4 fechas" in texto
    assert "Primeras fechas: lunes 2 de marzo, 10:00; lunes 9 de marzo, 10:00; lunes 16 de marzo, 10:00…" in texto
    assert "No está registrada todavía" in texto
    assert _eventos(charla) == []
    assert charla.ultima is not None and not charla.ultima.publica
    valor = next(b.valor for b in charla.ultima.botones if b.accion == "agenda.serie_registrar")
    hecho = charla.pulsa("agenda.serie_registrar", valor)
    assert hecho.startswith("Serie registrada: Reunión de gabinete, 4 fechas, eventos #1 a #4")
    eventos = _eventos(charla)
    assert [e.inicio.astimezone(ZONA).day for e in eventos] == [2, 9, 16, 23]
    assert len({e.serie_id for e in eventos}) == 1 and eventos[0].serie_id is not None
    # Todo lo que lista eventos las ve como eventos.
    assert "Reunión de gabinete" in charla.di("/agenda 16 de marzo")
    assert "🔁 Se repite cada lunes" in charla.di("/agenda ver 3")
    # Pulsarlo otra vez no duplica.
    assert "ya estaba registrada" in charla.pulsa("agenda.serie_registrar", valor)
    assert len(_eventos(charla)) == 4


def test_con_barras_y_con_dependencia(charla: Charla) -> None:
    valor = _proponer(charla, "/agenda nueva Sesión de cabildo | cada 15 días a las 12 3 veces | Sala de cabildo | Secretaría | alta")
    charla.pulsa("agenda.serie_registrar", valor)
    eventos = _eventos(charla)
    assert [e.inicio.astimezone(ZONA).strftime("%d/%m %H:%M") for e in eventos] == ["02/03 12:00", "17/03 12:00", "01/04 12:00"]
    assert {e.lugar for e in eventos} == {"Sala de cabildo"} and {e.prioridad for e in eventos} == {"alta"}


def test_descartar_no_guarda_nada_y_solo_quien_la_propuso_decide(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/equipo rol @ana foto")
    valor = _proponer(charla, "/agenda nueva Honores cada lunes a las 8 4 veces")
    assert "Solo quien propuso" in charla.pulsa("agenda.serie_registrar", valor, como="ana")
    assert "no registré" in charla.pulsa("agenda.serie_descartar", valor)
    assert "ya no existe" in charla.pulsa("agenda.serie_registrar", valor)
    assert _eventos(charla) == []
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(Serie.id))) == 0


def test_regla_imposible_en_el_comando_explica_y_da_el_uso(charla: Charla) -> None:
    texto = charla.di("/agenda nueva Guardia | cada día hasta el 31 de diciembre de 2027")
    assert "más de 500 fechas" in texto and "/agenda nueva" in texto
    assert _eventos(charla) == []


def test_mover_una_fecha_o_la_serie_y_avisar_a_quien_cubre(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/equipo rol @ana foto")
    charla.pulsa("agenda.serie_registrar", _proponer(charla, "/agenda nueva Gabinete | cada lunes a las 10 4 veces"))
    # Una sola fecha: las demás se quedan.
    assert "movido a martes 10 de marzo, 11:00 a 12:00" in charla.di("/agenda mover 2 martes 10 de marzo a las 11")
    charla.di("/cobertura asignar 3 @ana foto")
    charla.di("/cobertura asignar 4 @ana foto")
    charla.avisos.clear()
    texto = charla.di("/agenda mover 3 serie a las 12")
    assert "4 fechas movidas" in texto and "Avisé a 1 persona asignada" in texto
    horas = {e.numero: e.inicio.astimezone(ZONA).strftime("%a %d %H:%M") for e in _eventos(charla)}
    assert horas == {1: "Mon 02 12:00", 2: "Tue 10 12:00", 3: "Mon 16 12:00", 4: "Mon 23 12:00"}
    [(usuario, aviso)] = charla.avisos
    assert usuario == "ana" and "#3 lunes 16 de marzo, 12:00 a 13:00" in aviso and "#4" in aviso and "#1" not in aviso
    # Otro día: todas se recorren los mismos días.
    charla.di("/agenda mover 4 serie miércoles 25 de marzo")
    dias = {e.numero: e.inicio.astimezone(ZONA).strftime("%a %d %H:%M") for e in _eventos(charla)}
    assert dias == {1: "Wed 04 12:00", 2: "Thu 12 12:00", 3: "Wed 18 12:00", 4: "Wed 25 12:00"}


def test_cancelar_una_fecha_o_las_que_faltan(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/equipo rol @ana foto")
    charla.pulsa("agenda.serie_registrar", _proponer(charla, "/agenda nueva Gabinete | cada lunes a las 10 4 veces"))
    assert "cancelado" in charla.di("/agenda cancelar 2 puente")
    charla.di("/cobertura asignar 4 @ana foto")
    charla.avisos.clear()
    texto = charla.di("/agenda cancelar 3 serie se cambia de formato")
    assert "3 fechas canceladas: se cambia de formato" in texto and "Avisé a 1 persona asignada" in texto
    assert [e.estado for e in _eventos(charla)] == [EstadoEvento.CANCELADO] * 4
    [(usuario, aviso)] = charla.avisos
    assert usuario == "ana" and "Se canceló la serie «Gabinete» (se cambia de formato)" in aviso and "#4" in aviso
    assert "ya no le quedan fechas" in charla.di("/agenda cancelar 1 serie")


def test_serie_de_un_evento_suelto_se_explica(charla: Charla) -> None:
    charla.di("/agenda nueva Rueda de prensa | mañana a las 10")
    antes = _eventos(charla)[0].inicio
    assert "no se repite" in charla.di("/agenda mover 1 serie a las 12")
    assert "no se repite" in charla.di("/agenda cancelar 1 serie")
    assert _eventos(charla)[0].inicio == antes and _eventos(charla)[0].estado == EstadoEvento.PROGRAMADO


def test_el_formulario_acepta_una_repeticion_y_pide_confirmar(charla: Charla) -> None:
    p = charla.peticion("agenda", "", "dir")
    r = charla.app.despachador.formulario(p, "agenda.nueva", {
        "titulo": "Cabildo abierto", "cuando": "el primer viernes de cada mes a las 17", "hasta": "19:00",
        "lugar": "Explanada", "prioridad": "alta", "roles": ["foto"], "notas": "Con transmisión",
    })
    assert "se repite el primer viernes de cada mes, a las 17:00" in r.cuerpo and _eventos(charla) == []
    valor = next(b.valor for b in r.botones if b.accion == "agenda.serie_registrar")
    charla.pulsa("agenda.serie_registrar", valor)
    eventos = _eventos(charla)
    assert len(eventos) == 12 and eventos[0].inicio == _d("2026-03-06 17:00") and eventos[0].fin == _d("2026-03-06 19:00")
    assert {e.roles_necesarios for e in eventos} == {"foto"} and {e.notas for e in eventos} == {"Con transmisión"}


# --- el mes como imagen -------------------------------------------------------------------------------
def _colores(imagen: Image.Image) -> set[tuple[int, int, int]]:
    """Los colores de la cuadrícula de días (sin la leyenda de abajo, que siempre trae los tres)."""
    cuadricula = imagen.crop((0, 0, imagen.width, int(imagen.height * 0.9)))
    return {color for _, color in cuadricula.getcolors(maxcolors=2_000_000) or []}


def test_mes_sube_la_imagen_del_calendario_y_da_la_lista(charla: Charla) -> None:
    charla.di("/agenda nueva Honores a la bandera | lunes 9 de marzo a las 8 | Plaza cívica | Educación | alta")
    charla.di("/agenda nueva Feria del elote | 15 de marzo | | | baja")
    charla.di("/agenda nueva Cabildo | 15 de marzo a las 12")
    charla.di("/agenda nueva Abril | 2 de abril a las 10")
    texto = charla.di("/agenda mes")
    assert "Agenda de marzo de 2026" in texto
    assert "Honores a la bandera" in texto and "Feria del elote" in texto and "Abril" not in texto
    r = charla.ultima
    assert r is not None and r.adjunto is not None and r.adjunto.tipo_mime == "image/png" and r.publica
    assert r.adjunto.titulo == "Agenda de marzo de 2026"
    with Image.open(r.adjunto.ruta) as imagen:
        assert imagen.format == "PNG" and imagen.size == (1080, 1350)
        rgb = imagen.convert("RGB")
        colores = _colores(rgb)
    # Las barras de prioridad: roja (alta, el 9), ámbar (media, el 15) y verde (baja, el 15).
    assert (0xc6, 0x28, 0x28) in colores and (0xf9, 0xa8, 0x25) in colores and (0x2e, 0x7d, 0x32) in colores
    # Abril: otro mes, otra imagen, sin rojo (no hay prioridad alta).
    assert "Abril" in charla.di("/agenda mes abril") and "Agenda de abril de 2026" in charla.di("/agenda mes próximo")
    assert charla.ultima is not None and charla.ultima.adjunto is not None
    with Image.open(charla.ultima.adjunto.ruta) as imagen:
        assert (0xc6, 0x28, 0x28) not in _colores(imagen.convert("RGB"))


@pytest.mark.parametrize("texto, esperado", [
    ("", (2026, 3)), ("marzo", (2026, 3)), ("febrero", (2027, 2)), ("Diciembre de 2026", (2026, 12)),
    ("enero 2027", (2027, 1)), ("próximo", (2026, 4)), ("pasado", (2026, 2)), ("sept", (2026, 9)),
])
def test_leer_mes(texto: str, esperado: tuple[int, int]) -> None:
    assert leer_mes(texto, AHORA.date()) == esperado


def test_mes_que_no_existe_explica_y_da_el_uso(charla: Charla) -> None:
    texto = charla.di("/agenda mes brumario")
    assert "No entendí el mes «brumario»" in texto and "/agenda mes [mes]" in texto
    assert "fuera de la agenda" in charla.di("/agenda mes marzo 9999")
