"""/asistente config: los directores cambian el canal, las horas y los minutos del equipo desde el chat."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from asistente.nucleo.formularios import ErroresDeFormulario
from modelos import Espacio
from tests.conftest import Charla


def espacio(charla: Charla) -> Espacio:
    with charla.app.fabrica() as s:
        return s.scalars(select(Espacio).where(Espacio.clave == charla.espacio)).one()


def test_config_muestra_los_ajustes_y_de_donde_vienen(charla: Charla) -> None:
    texto = charla.di("/asistente config")
    assert "Canal del equipo: C-prensa (del entorno)" in texto
    assert "Agenda del día: 07:00 (del entorno)" in texto and "Resumen semanal: lunes 08:00" in texto
    assert "Recordatorio: 60 minutos antes" in texto and "Traslado entre eventos: 30 minutos" in texto
    assert charla.di("/asistente") == texto


def test_el_director_cambia_cada_ajuste(charla: Charla) -> None:
    assert "cambié el canal del equipo" in charla.di("/asistente config canal #difusion")
    charla.di("/asistente config hora-agenda 7:30")
    texto = charla.di("/asistente config resumen Miércoles 9")
    assert "Resumen semanal: miércoles 09:00" in texto
    charla.di("/asistente config recordatorio 45")
    texto = charla.di("/asistente config traslado 20 min")
    assert "Canal del equipo: difusion\n" in texto + "\n" or "Canal del equipo: difusion" in texto
    assert "Agenda del día: 07:30\n" in texto + "\n" and "45 minutos antes" in texto and "20 minutos" in texto
    e = espacio(charla)
    assert (e.canal, e.hora_agenda, e.resumen, e.recordatorio_min, e.margen_traslado) == (
        "difusion", "07:30", "miercoles 09:00", 45, 20)
    charla.di("/asistente config canal predeterminado")
    assert espacio(charla).canal == ""
    charla.di("/asistente config recordatorio 0")
    assert "Recordatorio: desactivado" in charla.di("/asistente config")


def test_sin_la_palabra_config_tambien_se_entiende(charla: Charla) -> None:
    assert "cambié el canal del equipo" in charla.di("/asistente canal #prensa")
    assert "45 minutos antes" in charla.di("/asistente recordatorio 45")
    assert "Listo: cambié la hora de la agenda del día." in charla.di("/asistente hora-agenda 7:30")
    assert "Resumen semanal: viernes 17:00" in charla.di("/asistente resumen viernes 17:00")
    r = charla.respuesta("/asistente hora 25:00")
    assert r.es_error and "La hora «25:00» no es válida" in r.cuerpo and "Uso: /asistente config" in r.cuerpo
    r = charla.respuesta("/asistente color azul")
    assert r.es_error and "No conozco el ajuste «color»" in r.cuerpo
    e = espacio(charla)
    assert (e.canal, e.hora_agenda, e.resumen, e.recordatorio_min) == ("prensa", "07:30", "viernes 17:00", 45)


def test_canal_de_slack_por_mencion_y_canal_aqui(charla: Charla) -> None:
    charla.di("/asistente config canal <#C0123ABC|prensa>")
    assert espacio(charla).canal == "C0123ABC"
    charla.di("/asistente config canal aquí")
    assert espacio(charla).canal == "C-prensa"


@pytest.mark.parametrize(
    ("linea", "mensaje"),
    [
        ("/asistente config hora-agenda 25:00", "La hora «25:00» no es válida"),
        ("/asistente config resumen lunez 08:00", "El día «lunez» no existe"),
        ("/asistente config resumen lunes", "debe ser un día y una hora"),
        ("/asistente config recordatorio mucho", "número entero de 0 a 1440"),
        ("/asistente config traslado 999", "de 0 a 240"),
        ("/asistente config canal", "Falta el valor"),
        ("/asistente config color azul", "No conozco el ajuste «color»"),
    ],
)
def test_valores_malos_se_explican_y_no_cambian_nada(charla: Charla, linea: str, mensaje: str) -> None:
    r = charla.respuesta(linea)
    assert r.es_error and mensaje in r.cuerpo and "Uso:" in r.cuerpo
    e = espacio(charla)
    assert (e.canal, e.hora_agenda, e.resumen, e.recordatorio_min) == ("", "", "", None)


def test_solo_un_director_cambia_los_ajustes(charla: Charla) -> None:
    charla.di("/equipo", como="becario")
    r = charla.respuesta("/asistente config canal #otro", como="becario")
    assert r.es_error and "Solo un director" in r.cuerpo
    assert "Canal del equipo" in charla.di("/asistente config", como="becario")
    assert charla.respuesta("/asistente config formulario", como="becario").es_error


def test_formulario_con_errores_junto_a_cada_campo_y_luego_guarda(charla: Charla) -> None:
    r = charla.respuesta("/asistente config formulario")
    assert r.form is not None and r.form.id == "asistente.config"
    assert r.form.campo("hora_agenda").inicial == "07:00" and r.form.campo("dia_resumen").inicial == "lunes"
    valores = {"canal": "#prensa", "hora_agenda": "25:00", "dia_resumen": "lunes", "hora_resumen": "08:00",
               "recordatorio": "mil", "traslado": "30"}
    peticion = charla.peticion("formulario", "", "dir")
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(peticion, "asistente.config", valores)
    assert set(error.value.errores) == {"hora_agenda", "recordatorio"}
    assert "25:00" in error.value.errores["hora_agenda"]
    valores.update(hora_agenda="06:45", recordatorio="30", dia_resumen="domingo")
    r = charla.app.despachador.formulario(peticion, "asistente.config", valores)
    assert not r.es_error
    e = espacio(charla)
    assert (e.canal, e.hora_agenda, e.resumen, e.recordatorio_min) == ("prensa", "06:45", "domingo 08:00", 30)
