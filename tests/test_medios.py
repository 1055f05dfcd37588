"""El directorio de medios (/medios): alta en una línea y por formulario, correos validados, datos
personales enmascarados para quien no dirige, y quitar un medio borra sus contactos."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from asistente.nucleo.formularios import ErroresDeFormulario
from modelos import ContactoDeMedio, MedioDeComunicacion
from tests.conftest import Charla


def _cuantos(charla: Charla) -> tuple[int, int]:
    with charla.app.fabrica() as s:
        return (s.scalar(select(func.count(MedioDeComunicacion.id))) or 0,
                s.scalar(select(func.count(ContactoDeMedio.id))) or 0)


def test_agregar_en_una_linea_y_listar_completo_para_el_director(charla: Charla) -> None:
    r = charla.di("/medios agregar El Sol de Tierra Caliente | Periódico | María López | maria.lopez@ElSol.mx | 733 123 4567")
    assert r.startswith("Medio 1 registrado: El Sol de Tierra Caliente (impreso), contacto María López.")
    charla.di("/medios agregar Radio Altamirano | RADIO | Juan Pérez | noticias@radioaltamirano.mx")
    lista = charla.di("/medios")
    assert "1 · El Sol de Tierra Caliente (impreso)" in lista and "2 · Radio Altamirano (radio)" in lista
    assert "maria.lopez@elsol.mx" in lista and "733 123 4567" in lista
    assert "enmascarados" not in lista


def test_quien_no_dirige_ve_correos_y_telefonos_enmascarados(charla: Charla) -> None:
    charla.di("/medios agregar El Sol | impreso | María López | maria.lopez@elsol.mx | 733 123 4567")
    lista = charla.di("/medios", como="ana")
    assert "María López" in lista and "m•••@elsol.mx" in lista and "••• ••• 45••" in lista
    assert "maria.lopez" not in lista and "123 4567" not in lista and "733" not in lista
    assert "solo un director los ve completos" in lista


def test_correo_invalido_tipo_desconocido_y_partes_de_mas_no_guardan_nada(charla: Charla) -> None:
    for linea, explica in [
        ("/medios agregar El Sol | impreso | María | maria@ | 733", "no es un correo electrónico válido"),
        ("/medios agregar El Sol | impreso | María | maria lopez@elsol.mx", "no es un correo electrónico válido"),
        ("/medios agregar El Sol | periodiquito", "no es un tipo de medio"),
        ("/medios agregar El Sol", "Falta el tipo"),
        ("/medios agregar El Sol | impreso | María | m@elsol.mx | 12", "no es un teléfono"),
        ("/medios agregar a | b | c | d | e | f", "Sobran partes"),
        ("/medios agregar  | impreso", "Falta el nombre"),
    ]:
        r = charla.respuesta(linea)
        texto = charla.di(linea)
        assert r.es_error and explica in texto and "Uso: /medios agregar nombre | tipo" in texto, linea
    assert _cuantos(charla) == (0, 0)


def test_el_mismo_medio_con_otras_mayusculas_suma_un_contacto(charla: Charla) -> None:
    charla.di("/medios agregar El Sol | impreso | María | maria@elsol.mx")
    r = charla.di("/medios agregar EL SÓL | impreso | Pedro | pedro@elsol.mx")
    assert r == "Contacto agregado a El Sol (ID 1): Pedro."
    assert "ya tiene un contacto con ese correo" in charla.di("/medios agregar el sol | impreso | Otra | MARIA@elsol.mx")
    assert "ya está en el directorio como impreso" in charla.di("/medios agregar El Sol | radio | X | x@elsol.mx")
    assert "ya está en el directorio (ID 1)" in charla.di("/medios agregar El Sol | impreso")
    assert _cuantos(charla) == (1, 2)


def test_sin_correo_se_avisa_que_no_le_llegara_nada(charla: Charla) -> None:
    r = charla.di("/medios agregar Noticias Tlalchapa | redes")
    assert "Sin correo no le llegarán invitaciones ni boletines" in r
    assert "sin contactos" in charla.di("/medios")


def test_quitar_borra_el_medio_y_sus_contactos_y_es_de_directores(charla: Charla) -> None:
    charla.di("/medios agregar El Sol | impreso | María | maria@elsol.mx | 733 123 4567")
    charla.di("/medios agregar El Sol | impreso | Pedro | pedro@elsol.mx")
    charla.di("/medios agregar Radio | radio | Juan | juan@radio.mx")
    assert "Solo un director" in charla.di("/medios quitar 1", como="ana")
    assert _cuantos(charla) == (2, 3)
    assert charla.di("/medios quitar #1") == "Medio 1 (El Sol) quitado del directorio, con sus 2 contactos."
    assert _cuantos(charla) == (1, 1)
    assert "El Sol" not in charla.di("/medios")
    assert "No hay un medio con ID 1" in charla.di("/medios quitar 1")
    assert "no es un ID de medio" in charla.di("/medios quitar uno")


def test_sin_texto_despues_de_agregar_abre_el_formulario_que_valida_el_correo(charla: Charla) -> None:
    r = charla.respuesta("/medios agregar")
    assert r.form is not None and r.form.id == "medios.agregar"
    assert [c.nombre for c in r.form.campos] == ["nombre", "tipo", "contacto", "correo", "telefono"]
    p = charla.peticion("medios", "", "dir")
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(p, "medios.agregar", {"nombre": "El Sol", "tipo": "Impreso", "correo": "no-es-correo"})
    assert list(error.value.errores) == ["correo"] and "no es un correo" in error.value.errores["correo"]
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(p, "medios.agregar", {"nombre": "El Sol", "tipo": "revista de chismes"})
    assert list(error.value.errores) == ["tipo"]
    assert _cuantos(charla) == (0, 0)
    bueno = charla.app.despachador.formulario(p, "medios.agregar", {"nombre": "El Sol", "tipo": "TV", "contacto": "Ana",
                                                                    "correo": "ana@elsol.mx"})
    assert not bueno.es_error and "Medio 1 registrado: El Sol (tv)" in bueno.cuerpo
    assert _cuantos(charla) == (1, 1)
