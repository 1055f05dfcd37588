"""El oficio pegado (SPEC §13): de una carta de invitación salen la fecha, la hora, el lugar y el
título (dateparser busca, nuestro intérprete confirma) y se abre el formulario ya lleno; nada se
guarda sin confirmarlo. Dos fechas: se pregunta cuál; ninguna: se dice."""

from __future__ import annotations

import json

from sqlalchemy import select

from asistente.agenda.oficio import leer_oficio
from asistente.fechas.busqueda import buscar_fechas
from modelos import Evento
from tests.conftest import AHORA, Charla

OFICIO = """H. AYUNTAMIENTO DE TLALCHAPA, GRO.
Dirección de Obras Públicas
Oficio No. DOP/045/2026
Asunto: Invitación

C. Presidente Municipal
Presente

Por medio del presente, me permito invitarle a la Inauguración de la cancha de usos múltiples de la colonia Centro, que se llevará a cabo el próximo jueves 12 de marzo de 2026 a las 10:00 horas, en la Explanada de la Escuela Primaria Benito Juárez.

Sin otro particular, reciba un cordial saludo.
Tlalchapa, Gro., a 2 de marzo de 2026.
"""

CON_CAMPOS = """Asunto: Invitación a la Ceremonia del Día de la Bandera
Fecha: 24 de febrero de 2027
Hora: 9:00 hrs
Lugar: Plaza cívica"""

DOS_FECHAS = """Dirección de Cultura
Se le invita a la reunión de planeación del festival el 15 de marzo a las 11:00 o, si no puede, el 20 de marzo a las 12:00 horas en el Salón de cabildo."""


def _eventos(charla: Charla) -> list[Evento]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Evento)))


def test_lee_fecha_hora_lugar_y_titulo_y_no_la_fecha_del_oficio() -> None:
    oficio = leer_oficio(OFICIO, AHORA)
    assert oficio.titulo == "Inauguración de la cancha de usos múltiples de la colonia Centro"
    assert oficio.lugar == "Explanada de la Escuela Primaria Benito Juárez"
    assert [f.momento.inicio for f in oficio.fechas] == [AHORA.replace(day=12, hour=10)]
    # «Fecha:», «Hora:» y «Lugar:» en renglones aparte.
    oficio = leer_oficio(CON_CAMPOS, AHORA)
    assert (oficio.titulo, oficio.lugar) == ("Ceremonia del Día de la Bandera", "Plaza cívica")
    assert [(f.momento.inicio, f.momento.con_hora) for f in oficio.fechas] == [(AHORA.replace(year=2027, month=2, day=24), True)]


def test_nuestro_interprete_confirma_lo_que_encuentra_dateparser() -> None:
    # Un número de oficio, «Presente» o una fecha que ya pasó no son la fecha del evento.
    assert buscar_fechas("Oficio No. 12/2026\nPresente\nLa reunión del 1 de marzo de 2026 ya pasó.", AHORA) == []
    dos = buscar_fechas(DOS_FECHAS, AHORA)
    assert [f.momento.inicio.strftime("%d/%m %H:%M") for f in dos] == ["15/03 11:00", "20/03 12:00"]


def test_un_oficio_abre_el_formulario_lleno_y_nada_se_guarda_sin_confirmar(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva " + OFICIO)
    assert r.form is not None and r.form.id == "agenda.nueva"
    iniciales = {c.nombre: c.inicial for c in r.form.campos}
    assert iniciales["titulo"] == "Inauguración de la cancha de usos múltiples de la colonia Centro"
    assert iniciales["cuando"] == "12/03/2026 10:00"
    assert iniciales["lugar"] == "Explanada de la Escuela Primaria Benito Juárez"
    assert isinstance(iniciales["notas"], str) and "Oficio No. DOP/045/2026" in iniciales["notas"]
    assert _eventos(charla) == []
    # La persona revisa y envía (cambia la dependencia): ahora sí queda registrado.
    valores = {c.nombre: c.inicial for c in r.form.campos if isinstance(c.inicial, str)}
    hecho = charla.app.despachador.formulario(charla.peticion("agenda", "", "dir"), "agenda.nueva",
                                              {**valores, "dependencia": "Obras Públicas"})
    assert "Evento #1 registrado: Inauguración de la cancha" in hecho.cuerpo and "jueves 12 de marzo, 10:00 a 11:00" in hecho.cuerpo
    [evento] = _eventos(charla)
    assert evento.lugar == "Explanada de la Escuela Primaria Benito Juárez" and "DOP/045/2026" in evento.notas


def test_dos_fechas_pregunta_cual_y_el_boton_abre_el_formulario_con_esa(charla: Charla) -> None:
    texto = charla.di("/agenda nueva " + DOS_FECHAS)
    assert "El oficio trae 2 fechas" in texto and "¿Cuál es la del evento?" in texto
    assert charla.ultima is not None
    botones = [b for b in charla.ultima.botones if b.accion == "agenda.oficio_fecha"]
    assert [b.etiqueta for b in botones] == ["domingo 15 de marzo, 11:00", "viernes 20 de marzo, 12:00"]
    assert all(len(b.valor) <= 2000 for b in botones)
    r = charla.app.despachador.accion(charla.peticion("boton", "", "dir"), "agenda.oficio_fecha", botones[1].valor)
    assert r.form is not None
    iniciales = {c.nombre: c.inicial for c in r.form.campos}
    assert iniciales["cuando"] == "20/03/2026 12:00" and iniciales["lugar"] == "Salón de cabildo"
    assert iniciales["titulo"] == "Reunión de planeación del festival"
    assert _eventos(charla) == []


def test_un_oficio_muy_largo_cabe_en_el_boton_y_en_las_notas(charla: Charla) -> None:
    largo = DOS_FECHAS + "\n" + ("Se solicita puntualidad y la presencia de la prensa local. " * 80)
    charla.di("/agenda nueva " + largo)
    assert charla.ultima is not None
    for boton in charla.ultima.botones:
        assert len(boton.valor) <= 2000 and json.loads(boton.valor)["notas"].startswith("Dirección de Cultura")


def test_oficio_sin_fecha_lo_dice_con_el_uso_y_nada_cambia(charla: Charla) -> None:
    for carta in ("Asunto: Invitación\nLe invitamos a la reunión de vecinos.\nAtentamente",
                  "Asunto: Saludo\nReciba un cordial saludo.\nTlalchapa, Gro., a 2 de marzo de 2026."):
        texto = charla.di("/agenda nueva " + carta)
        assert "No encontré en el oficio la fecha del evento" in texto and "/agenda nueva título" in texto
    assert _eventos(charla) == []
    assert "Evento #1 registrado" in charla.di("/agenda nueva Rueda de prensa | mañana a las 10")  # lo de siempre sigue


def test_boton_de_oficio_alterado_se_explica(charla: Charla) -> None:
    assert "no es de un oficio" in charla.pulsa("agenda.oficio_fecha", "{no es json")
    assert "no es de un oficio" in charla.pulsa("agenda.oficio_fecha", json.dumps({"titulo": 3}))
