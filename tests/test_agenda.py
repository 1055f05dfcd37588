"""La agenda, como la usa la oficina: registrar, listar, mover, cancelar, priorizar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from asistente.nucleo.formularios import ErroresDeFormulario
from modelos import Evento
from tests.conftest import Charla


def contar_eventos(charla: Charla) -> int:
    with charla.app.fabrica() as s:
        return s.scalar(select(func.count(Evento.id))) or 0


def test_nueva_en_una_linea_da_numero_y_lee_la_fecha_en_palabras(charla: Charla) -> None:
    texto = charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Col. Centro | Obras Públicas | alta")
    assert texto.startswith("Evento #1 registrado: Inauguración de la cancha")
    assert "martes 3 de marzo, 10:00 a 11:00" in texto
    assert "Col. Centro" in texto and "Prioridad alta" in texto
    assert charla.ultima is not None and charla.ultima.publica


def test_los_numeros_son_consecutivos_y_por_espacio(charla: Charla) -> None:
    charla.di("/agenda nueva Uno | mañana 10")
    assert "Evento #2" in charla.di("/agenda nueva Dos | mañana 11")
    otro = Charla(charla.app, espacio="consola:otro-municipio")
    assert "Evento #1" in otro.di("/agenda nueva Primero allá | mañana 10")


def test_fecha_sin_hora_queda_por_confirmar(charla: Charla) -> None:
    texto = charla.di("/agenda nueva Feria del elote | 15 de marzo")
    assert "domingo 15 de marzo, hora por confirmar" in texto
    assert "hora por confirmar" in charla.di("/agenda 15 de marzo")


def test_listado_del_dia_en_orden_con_prioridad_y_cobertura(charla: Charla) -> None:
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo | Secretaría | media")
    charla.di("/agenda nueva Honores a la bandera | mañana a las 8 | Plaza cívica | Educación | alta")
    texto = charla.di("/agenda mañana")
    assert "martes 3 de marzo" in texto
    assert texto.index("Honores a la bandera") < texto.index("Sesión de cabildo")
    assert "08:00–09:00" in texto and "Prioridad alta" in texto
    assert "foto ⚠️" in texto  # rol pedido sin nadie asignado


def test_semana_agrupa_por_dia_y_no_incluye_el_octavo_dia(charla: Charla) -> None:
    charla.di("/agenda nueva Hoy | hoy a las 18")
    charla.di("/agenda nueva Viernes | viernes 10")
    charla.di("/agenda nueva Lejano | 9 de marzo a las 10")
    texto = charla.di("/agenda semana")
    assert "Hoy" in texto and "Viernes" in texto and "viernes 6 de marzo" in texto.lower()
    assert "Lejano" not in texto


@pytest.mark.parametrize("pedido", ["/agenda semana próxima", "/agenda semana proxima", "/agenda próxima semana",
                                    "/agenda semana que viene"])
def test_semana_proxima_es_de_lunes_a_domingo_de_la_que_viene(charla: Charla, pedido: str) -> None:
    charla.di("/agenda nueva Esta semana | viernes 10")
    charla.di("/agenda nueva Lunes que viene | 9 de marzo a las 10")
    charla.di("/agenda nueva Domingo que viene | 15 de marzo a las 10")
    charla.di("/agenda nueva Más lejos | 16 de marzo a las 10")
    texto = charla.di(pedido)
    assert "lunes 9 de marzo al domingo 15 de marzo" in texto
    assert "Lunes que viene" in texto and "Domingo que viene" in texto
    assert "Esta semana" not in texto and "Más lejos" not in texto


def test_semana_desde_una_fecha_y_una_fecha_mala_se_explica(charla: Charla) -> None:
    charla.di("/agenda nueva Jueves | 12 de marzo a las 10")
    assert "Jueves" in charla.di("/agenda semana 10 de marzo")
    assert "Jueves" not in charla.di("/agenda semana")
    texto = charla.di("/agenda semana de los ratones")
    assert "No entendí la fecha" in texto and "Uso:" in texto


def test_un_numero_suelto_en_el_listado_es_el_dia_del_mes(charla: Charla) -> None:
    charla.di("/agenda nueva Feria | 12 de marzo a las 10")
    for pedido in ("12", "el 12", "el día 12"):
        texto = charla.di(f"/agenda {pedido}")
        assert "Agenda del jueves 12 de marzo de 2026" in texto and "Feria" in texto
    assert "Feria" in charla.di("/agenda semana 10")
    assert "(martes 10 de marzo al lunes 16 de marzo)" in charla.di("/agenda semana 10")
    assert "No entendí la fecha «45»: no hay día 45 en ningún mes." in charla.di("/agenda 45")


def test_dia_sin_eventos_lo_dice(charla: Charla) -> None:
    assert "No hay eventos" in charla.di("/agenda 20 de marzo")


def test_ver_muestra_todo_el_evento(charla: Charla) -> None:
    charla.di("/agenda nueva Entrega de despensas | mañana de 10 a 12:30 | DIF | DIF municipal | baja")
    texto = charla.di("/agenda ver #1")
    assert "Evento #1: Entrega de despensas" in texto
    assert "martes 3 de marzo, 10:00 a 12:30" in texto
    assert "DIF municipal" in texto and "Prioridad: baja" in texto


def test_mover_reprograma_conservando_la_duracion(charla: Charla) -> None:
    charla.di("/agenda nueva Rueda de prensa | mañana de 10 a 12")
    texto = charla.di("/agenda mover 1 el jueves a las 5 de la tarde")
    assert "jueves 5 de marzo, 17:00 a 19:00" in texto
    assert "17:00–19:00" in charla.di("/agenda 5 de marzo")


def test_mover_solo_la_hora_se_queda_en_el_dia_del_evento(charla: Charla) -> None:
    # Son las 09:00 del lunes 2; el evento es el jueves 12. «a las 8» ya pasó hoy, pero es del día 12.
    charla.di("/agenda nueva Desfile | 12 de marzo a las 10")
    assert "jueves 12 de marzo, 12:00 a 13:00" in charla.di("/agenda mover 1 a las 12")
    assert "jueves 12 de marzo, 08:00 a 09:00" in charla.di("/agenda mover 1 a las 8")
    assert "jueves 12 de marzo, 17:00 a 19:00" in charla.di("/agenda mover 1 de 5 a 7")
    assert "martes 3 de marzo, 09:00 a 11:00" in charla.di("/agenda mover 1 mañana a las 9")
    # Un evento con hora por confirmar recibe su hora el mismo día.
    charla.di("/agenda nueva Feria | 20 de marzo")
    assert "viernes 20 de marzo, 10:00 a 11:00" in charla.di("/agenda mover 2 a las 10")


def test_cancelar_conserva_el_evento_marcado_con_motivo(charla: Charla) -> None:
    charla.di("/agenda nueva Desfile | mañana 10")
    assert "cancelado: lluvia" in charla.di("/agenda cancelar 1 lluvia")
    listado = charla.di("/agenda mañana")
    assert "Desfile" in listado and "CANCELADO" in listado and "lluvia" in listado
    assert "ya estaba cancelado" in charla.di("/agenda cancelar 1")
    assert "cancelado" in charla.di("/agenda mover 1 mañana 12")


def test_prioridad_y_realizado(charla: Charla) -> None:
    charla.di("/agenda nueva Visita | mañana 10")
    assert "prioridad alta" in charla.di("/agenda prioridad 1 ALTA")
    assert "prioridad media" in charla.di("/agenda prioridad 1 normal")
    assert "prioridad alta" in charla.di("/agenda prioridad 1 urgente")
    assert "Prioridad media" in charla.di("/agenda nueva Junta | mañana 12 | Sala | DIF | normal")
    r = charla.respuesta("/agenda realizado 1")
    assert r.es_error and "todavía no llega su día" in r.cuerpo and "martes 3 de marzo" in r.cuerpo
    assert "Estado: programado" in charla.di("/agenda ver 1")
    charla.di("/agenda nueva Visita de hoy | hoy a las 23:00")
    assert "marcado como realizado" in charla.di("/agenda realizado 3")
    assert "Estado: realizado" in charla.di("/agenda ver 3")


def test_formulario_de_evento_nuevo(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva")
    assert r.form is not None and r.form.id == "agenda.nueva"
    nombres = [c.nombre for c in r.form.campos]
    assert nombres[:2] == ["titulo", "cuando"] and "roles" in nombres and "medios" in nombres
    p = charla.peticion("agenda", "", "dir")
    hecho = charla.app.despachador.formulario(p, r.form.id, {
        "titulo": "Informe de gobierno", "cuando": "mañana a las 11", "hasta": "14:00", "prioridad": "alta",
        "roles": ["foto", "video"], "medios": "si", "notas": "Llega la prensa estatal",
    })
    assert "Evento #1 registrado" in hecho.cuerpo and "11:00 a 14:00" in hecho.cuerpo
    with charla.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
        assert evento.roles_necesarios == "foto,video" and evento.invitar_medios


def test_formulario_explica_el_error_junto_al_campo(charla: Charla) -> None:
    import pytest


    form = charla.respuesta("/agenda nueva").form
    assert form is not None
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(charla.peticion("agenda", "", "dir"), form.id,
                                          {"titulo": "", "cuando": "31 de febrero"})
    assert error.value.errores["titulo"] == "Este campo es obligatorio."
    assert contar_eventos(charla) == 0


# --- entradas malas: una línea en español, el uso, y nada escrito ------------------------------
def test_sin_titulo_explica_y_no_escribe(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva | mañana 10")
    assert r.es_error and "Falta el título" in r.cuerpo and "Uso: /agenda nueva" in r.cuerpo
    assert contar_eventos(charla) == 0


def test_sin_fecha_explica_el_error(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva Reunión")
    assert r.es_error and "Falta cuándo" in r.cuerpo


def test_fecha_imposible_repite_el_texto(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva Reunión | 31 de febrero")
    assert r.es_error and "31 de febrero" in r.cuerpo
    assert contar_eventos(charla) == 0


def test_titulo_demasiado_largo(charla: Charla) -> None:
    r = charla.respuesta("/agenda nueva " + "x" * 201 + " | mañana 10")
    assert r.es_error and "muy largo" in r.cuerpo and contar_eventos(charla) == 0


def test_evento_inexistente_o_de_otro_espacio(charla: Charla) -> None:
    otro = Charla(charla.app, espacio="consola:otro")
    otro.di("/agenda nueva Ajeno | mañana 10")
    r = charla.respuesta("/agenda ver 1")
    assert r.es_error and "No hay un evento #1" in r.cuerpo


def test_subcomando_desconocido(charla: Charla) -> None:
    r = charla.respuesta("/agenda borrar 1")
    # «borrar 1» no es subcomando: se intenta leer como fecha y se explica.
    assert r.es_error and "borrar 1" in r.cuerpo and "Uso:" in r.cuerpo


def test_quien_no_dirige_no_cancela_eventos_ajenos(charla: Charla) -> None:
    charla.di("/agenda nueva Desfile | mañana 10")
    r = charla.respuesta("/agenda cancelar 1", como="fotografa")
    assert r.es_error and "Solo un director" in r.cuerpo
    assert "CANCELADO" not in charla.di("/agenda mañana")


def test_quien_registro_el_evento_puede_moverlo(charla: Charla) -> None:
    charla.di("/equipo", como="asistente")
    charla.di("/agenda nueva Mío | mañana 10", como="asistente")
    assert "movido" in charla.di("/agenda mover 1 mañana 12", como="asistente")


def test_evento_dura_una_hora_por_omision(charla: Charla) -> None:
    charla.di("/agenda nueva Reunión | mañana 10")
    with charla.app.fabrica() as s:
        e = s.scalars(select(Evento)).one()
        assert e.fin - e.inicio == timedelta(hours=1)


def test_formulario_con_hasta_antes_del_inicio_se_rechaza_junto_al_campo(charla: Charla) -> None:
    import pytest


    form = charla.respuesta("/agenda nueva").form
    assert form is not None
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(charla.peticion("agenda", "", "dir"), form.id,
                                          {"titulo": "Rueda de prensa", "cuando": "mañana a las 11", "hasta": "10"})
    assert error.value.errores["hasta"] == "Debe ser después del inicio."
    assert contar_eventos(charla) == 0


def test_el_mismo_evento_dos_veces_el_mismo_dia_se_avisa_pero_se_registra(charla: Charla) -> None:
    charla.di("/agenda nueva Rueda de prensa del DIF | mañana a las 10")
    texto = charla.di("/agenda nueva rueda de prensa del dif | mañana a las 11")
    assert "Evento #2 registrado" in texto
    assert "⚠️ Ese día ya está el evento #1 «Rueda de prensa del DIF». Si es el mismo, cancela este con /agenda cancelar 2." in texto
    # Otro título, otro día o uno cancelado no es el mismo.
    assert "⚠️" not in charla.di("/agenda nueva Sesión de cabildo | mañana a las 10")
    assert "⚠️" not in charla.di("/agenda nueva Rueda de prensa del DIF | pasado mañana a las 10")
    charla.di("/agenda cancelar 1")
    charla.di("/agenda cancelar 2")
    assert "⚠️" not in charla.di("/agenda nueva Rueda de prensa del DIF | mañana a las 10")


def test_registrar_algo_que_ya_paso_se_avisa(charla: Charla) -> None:
    # Son las 09:00 del lunes: las 8 de hoy ya pasaron.
    texto = charla.di("/agenda nueva Desayuno con empresarios | hoy a las 8")
    assert "Evento #1 registrado" in texto
    assert "⚠️ Esa fecha ya pasó. Si no era así, corrígela con /agenda mover 1 <cuándo>." in texto
    assert "ya pasó" not in charla.di("/agenda nueva Comida | hoy a las 14")


def test_nueva_sin_barras_separa_el_titulo_de_la_fecha(charla: Charla) -> None:
    texto = charla.di("/agenda nueva Rueda de prensa del DIF mañana a las 10")
    assert "Evento #1 registrado: Rueda de prensa del DIF — martes 3 de marzo, 10:00 a 11:00" in texto
    texto = charla.di("/agenda nueva Desfile del 20 de noviembre el 12 de marzo de 9 a 11")
    assert "Evento #2 registrado: Desfile del 20 de noviembre — jueves 12 de marzo, 09:00 a 11:00" in texto
    # Sin un día escrito no se adivina: «Informe 10» no es un informe a las 10.
    r = charla.respuesta("/agenda nueva Informe de actividades 10")
    assert r.es_error and "Falta cuándo es el evento" in r.cuerpo and "sepáralo con «|»" in r.cuerpo
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(Evento.id))) == 2


def test_ayer_lista_lo_de_ayer(charla: Charla) -> None:
    charla.di("/agenda nueva Feria | mañana a las 10")
    charla.ahora += timedelta(days=2)  # ahora es miércoles 4: la feria fue ayer
    texto = charla.di("/agenda ayer")
    assert "Agenda de ayer, martes 3 de marzo" in texto and "Feria" in texto
    assert "Feria" not in charla.di("/agenda")
    charla.ahora += timedelta(days=7)  # miércoles 11
    texto = charla.di("/agenda semana pasada")
    assert "Agenda de la semana pasada (lunes 2 de marzo al domingo 8 de marzo)" in texto and "Feria" in texto
    assert "Agenda de la semana pasada" in charla.di("/agenda la semana pasada")


def test_el_formulario_acepta_opciones_sin_importar_mayusculas_ni_acentos(charla: Charla) -> None:
    # En la consola las opciones se escriben a mano: «Alta», «Diseno», «REDACCIÓN».
    p = charla.peticion("agenda", "", "dir")
    r = charla.app.despachador.formulario(p, "agenda.nueva", {
        "titulo": "Foro", "cuando": "mañana a las 10", "prioridad": "Alta", "roles": "Diseno, REDACCIÓN, foto",
    })
    assert "Prioridad alta" in r.cuerpo
    with charla.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
        assert (evento.prioridad, evento.roles_necesarios) == ("alta", "diseño,redacción,foto")
    with pytest.raises(ErroresDeFormulario) as error:
        charla.app.despachador.formulario(p, "agenda.nueva", {"titulo": "Otro", "cuando": "mañana", "prioridad": "altísima"})
    assert error.value.errores == {"prioridad": "«altísima» no es una opción válida."}


def test_una_mencion_en_el_titulo_no_parte_los_campos(charla: Charla) -> None:
    """Slack y Mattermost mandan «@beto» como ``<@U2|beto>``: su «|» no es el separador de campos."""
    texto = charla.di("/agenda nueva Reunión con <@U2|beto> | mañana a las 10 | Sala de Cabildo")
    assert "Evento #1 registrado: Reunión con @beto" in texto
    with charla.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
    assert (evento.titulo, evento.lugar) == ("Reunión con @beto", "Sala de Cabildo")


def test_las_filas_de_un_listado_se_desempacan_en_el_orden_de_sus_columnas() -> None:
    """``vistas`` desempaca de una vez una fila de ``COLUMNAS_DE_LISTADO`` (lo que cuesta menos): si esa
    lista cambia, el orden que espera la vista tiene que cambiar con ella (si no, cada fila iría por el
    camino lento, nombre por nombre)."""
    from asistente.agenda import vistas
    from asistente.agenda.eventos import COLUMNAS_DE_LISTADO

    assert tuple(c.key for c in COLUMNAS_DE_LISTADO) == vistas._CAMPOS
