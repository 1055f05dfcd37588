"""La cobertura como la vive la oficina: la directora asigna, cada quien acepta o no desde su mensaje
directo, y la agenda muestra quién cubre qué."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from modelos import Asignacion, Evento
from tests.conftest import Charla


@pytest.fixture
def equipo(charla: Charla) -> Charla:
    """Laura dirige (``dir``); Ana fotografía; Beto hace video y redes; Carla redacta y diseña."""
    for quien in ("ana", "beto", "carla"):
        charla.di("/equipo", como=quien)
    charla.di("/equipo rol @ana foto")
    charla.di("/equipo rol beto video,redes")
    charla.di("/equipo rol carla redaccion, diseno")
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Col. Centro | Obras Públicas | alta")
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 11 | Sala de cabildo")
    charla.avisos.clear()
    return charla


def mover_en_bd(charla: Charla, numero: int, dias: int) -> None:
    """Corre un evento ``dias`` días (para fechas que las frases simples de las pruebas no dicen)."""
    with charla.app.fabrica() as s:
        evento = s.scalars(select(Evento).where(Evento.numero == numero)).one()
        evento.inicio += timedelta(days=dias)
        evento.fin += timedelta(days=dias)
        s.commit()


def asignaciones(charla: Charla) -> list[tuple[str, str]]:
    with charla.app.fabrica() as s:
        return [(a.rol, a.estado) for a in s.scalars(select(Asignacion).order_by(Asignacion.id))]


def mensaje_directo(r: Respuesta, usuario: str) -> Respuesta:
    return [a.respuesta for a in r.avisos if a.usuario == usuario][-1]


# --- el ciclo completo -------------------------------------------------------------------------
def test_asignar_avisar_aceptar_y_verlo_en_la_agenda(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    assert "Ana — foto: asignada" in renderizar(r, "texto")
    dm = mensaje_directo(r, "ana")
    texto = renderizar(dm, "texto")
    assert "Inauguración de la cancha" in texto and "martes 3 de marzo, 10:00 a 11:00" in texto
    assert "Col. Centro" in texto and "Tu rol: foto" in texto
    assert [(b.etiqueta, b.accion) for b in dm.botones] == [("Acepto", "cobertura.aceptar"), ("No puedo", "cobertura.rechazar")]
    assert "foto ⏳ Ana" in equipo.di("/agenda mañana")

    equipo.avisos.clear()
    respuesta = equipo.pulsa("cobertura.aceptar", dm.botones[0].valor, como="ana")
    assert equipo.ultima is not None and equipo.ultima.reemplaza_original and not equipo.ultima.botones
    assert "✅ Aceptaste" in respuesta
    assert equipo.avisos == [("dir", "✅ Ana aceptó cubrir foto en el evento #1 «Inauguración de la cancha» "
                                     "(martes 3 de marzo, 10:00 a 11:00).")]
    assert "foto ✅ Ana" in equipo.di("/agenda mañana")
    assert "foto: ✅ Ana (aceptó)" in equipo.di("/agenda ver 1")


def test_varias_personas_y_roles_de_una_vez_con_cualquier_forma_de_mencion(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar #1 <@ana|ana> foto, <@beto> video y redes carla redacción")
    assert {a.usuario for a in r.avisos} == {"ana", "beto", "carla"}
    assert len(r.avisos) == 4
    assert asignaciones(equipo) == [("foto", "asignada"), ("video", "asignada"), ("redes", "asignada"),
                                    ("redacción", "asignada")]
    linea = equipo.di("/agenda mañana")
    assert "foto ⏳ Ana · video ⏳ Beto · redes ⏳ Beto · redacción ⏳ Carla" in linea


def test_una_mencion_de_slack_de_alguien_nuevo_lo_da_de_alta(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 <@U777|dario> audio")
    assert [a.usuario for a in r.avisos] == ["U777"]
    assert "Dario" in equipo.di("/equipo") or "dario" in equipo.di("/equipo")


def test_reasignar_lo_mismo_no_duplica_ni_vuelve_a_avisar(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @ana foto")
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    assert "Ana ya tenía foto (pendiente): no cambié nada." in renderizar(r, "texto")
    assert not r.avisos
    assert asignaciones(equipo) == [("foto", "asignada")]


def test_empalme_avisa_y_nombra_el_otro_evento_pero_asigna(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 2 @ana foto")
    texto = equipo.di("/cobertura asignar 1 @ana foto")
    assert "Ana — foto: asignada" in texto
    assert "Ana ya cubre el evento #2 «Sesión de cabildo» (martes 3 de marzo, 11:00 a 12:00)" in texto
    assert "30 min de traslado" in texto
    assert len(asignaciones(equipo)) == 2


def test_sin_empalme_cuando_hay_tiempo_de_traslado(equipo: Charla) -> None:
    equipo.di("/agenda nueva Rueda de prensa | mañana a las 13")
    equipo.di("/cobertura asignar 3 @ana foto")
    assert "Ojo" not in equipo.di("/cobertura asignar 1 @ana foto")


def test_el_margen_de_traslado_se_toma_del_espacio(equipo: Charla) -> None:
    from modelos import Espacio

    equipo.di("/agenda nueva Rueda de prensa | mañana a las 13")
    with equipo.app.fabrica() as s:
        s.scalars(select(Espacio)).one().margen_traslado = 150
        s.commit()
    equipo.di("/cobertura asignar 3 @ana foto")
    texto = equipo.di("/cobertura asignar 1 @ana foto")
    assert "evento #3 «Rueda de prensa»" in texto and "150 min de traslado" in texto


def test_no_puedo_reabre_el_rol_avisa_y_pide_el_motivo(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[1].valor
    equipo.avisos.clear()
    texto = equipo.pulsa("cobertura.rechazar", valor, como="ana")
    assert "❌ No puedes" in texto
    assert equipo.ultima is not None and equipo.ultima.reemplaza_original
    assert [b.etiqueta for b in equipo.ultima.botones] == ["Decir por qué"]
    boton = equipo.ultima.botones[0]
    assert equipo.avisos[0][0] == "dir" and "Ana no puede cubrir foto" in equipo.avisos[0][1]
    assert "queda sin cubrir" in equipo.avisos[0][1]
    assert "foto ⚠️ (❌ Ana)" in equipo.di("/agenda mañana")
    assert "❌ No pueden: Ana (foto)" in equipo.di("/cobertura pendientes")

    # «Decir por qué» abre un formulario; su envío llega a la directora.
    r = equipo.app.despachador.accion(equipo.peticion("boton", "", "ana"), boton.accion, boton.valor)
    assert r.form is not None and r.form.id == "cobertura.motivo"
    hecho = equipo.app.despachador.formulario(equipo.peticion("formulario", "", "ana"), r.form.id,
                                              {"motivo": "Estoy en Iguala ese día"}, r.form.contexto)
    assert "le pasé tu motivo" in hecho.cuerpo
    assert any(a.usuario == "dir" and "Motivo: Estoy en Iguala ese día" in renderizar(a.respuesta, "texto")
               for a in hecho.avisos)
    assert "foto: ⚠️ falta — ❌ Ana (no puede: Estoy en Iguala ese día)" in equipo.di("/agenda ver 1")


def test_motivo_por_comando(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[1].valor
    equipo.pulsa("cobertura.rechazar", valor, como="ana")
    equipo.avisos.clear()
    assert "le pasé tu motivo" in equipo.di(f"/cobertura motivo {valor} se me descompuso la cámara", como="ana")
    assert "Motivo: se me descompuso la cámara" in equipo.avisos[0][1]


def test_reasignar_tras_un_no_puedo_vuelve_a_preguntar(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    equipo.pulsa("cobertura.rechazar", mensaje_directo(r, "ana").botones[1].valor, como="ana")
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    assert mensaje_directo(r, "ana").botones
    assert asignaciones(equipo) == [("foto", "asignada")]


# --- consultas ----------------------------------------------------------------------------------
def test_pendientes_de_los_proximos_siete_dias(equipo: Charla) -> None:
    equipo.di("/agenda nueva Lejano | mañana a las 10")
    mover_en_bd(equipo, 3, 6)  # lunes 9 de marzo: fuera de los 7 días
    equipo.di("/agenda nueva Cancelado | mañana a las 17")
    equipo.di("/agenda cancelar 4 lluvia")
    r = equipo.respuesta("/cobertura asignar 1 @ana foto @beto video")
    equipo.pulsa("cobertura.aceptar", mensaje_directo(r, "ana").botones[0].valor, como="ana")
    texto = equipo.di("/cobertura pendientes")
    assert "#1" in texto and "⚠️ Falta: redes, redacción" in texto
    assert "⏳ Sin aceptar: Beto (video)" in texto
    assert "Ana (foto)" not in texto  # ya aceptó
    assert "#2" in texto and "Lejano" not in texto and "Cancelado" not in texto


def test_pendientes_sin_nada_pendiente(charla: Charla) -> None:
    assert "Todo cubierto" in charla.di("/cobertura pendientes")


def test_mia_lista_mis_coberturas_con_botones_para_aceptar(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @ana foto")
    equipo.di("/cobertura asignar 2 @ana foto")
    texto = equipo.di("/cobertura mía", como="ana")
    assert texto.index("Inauguración") < texto.index("Sesión de cabildo")
    assert "falta que aceptes" in texto
    assert equipo.ultima is not None and [b.etiqueta for b in equipo.ultima.botones][:2] == ["Acepto #1 foto", "No puedo #1 foto"]
    assert "No tienes coberturas" in equipo.di("/cobertura mia", como="carla")


def test_quitar_avisa_a_la_persona_y_su_boton_ya_no_sirve(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[0].valor
    equipo.avisos.clear()
    texto = equipo.di("/cobertura quitar 1 @ana")
    assert "Quité a Ana de foto" in texto and "Le avisé" in texto
    assert equipo.avisos[0][0] == "ana" and "te quitó de foto" in equipo.avisos[0][1]
    assert "foto ⚠️" in equipo.di("/agenda mañana")
    r = equipo.app.despachador.accion(equipo.peticion("boton", "", "ana"), "cobertura.aceptar", valor)
    assert r.es_error and "ya no existe" in r.cuerpo
    assert asignaciones(equipo) == [("foto", "cancelada")]


def test_quitar_solo_un_rol(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @beto video redes")
    assert "Quité a Beto de redes" in equipo.di("/cobertura quitar 1 @beto redes")
    assert asignaciones(equipo) == [("video", "asignada"), ("redes", "cancelada")]
    r = equipo.respuesta("/cobertura quitar 1 @ana")
    assert r.es_error and "Ana no tiene asignación en el evento #1" in r.cuerpo
    assert "Quité a Beto de video" in equipo.di("/cobertura quitar 1 video @beto")  # el rol antes también
    assert asignaciones(equipo) == [("video", "cancelada"), ("redes", "cancelada")]


def test_sugerir_propone_a_quien_suele_hacerlo_libre_y_menos_cargado(equipo: Charla) -> None:
    equipo.di("/equipo", como="diego")
    equipo.di("/equipo rol @diego foto,video")
    equipo.di("/agenda nueva Tianguis | mañana a las 10")
    mover_en_bd(equipo, 3, 1)  # miércoles
    equipo.di("/agenda nueva Feria | mañana a las 10")
    mover_en_bd(equipo, 4, 2)  # jueves
    equipo.di("/cobertura asignar 3 @ana foto")
    equipo.di("/cobertura asignar 4 @ana foto")
    texto = equipo.di("/cobertura sugerir 1")
    assert "foto: Diego (0 esta semana), Ana (2 esta semana)" in texto
    assert "/cobertura asignar 1 @diego foto" in texto
    assert "video: Beto (0 esta semana), Diego (0 esta semana)" in texto
    assert "redacción: Carla" in texto
    # Quien ya cubre algo a la misma hora no aparece como libre.
    equipo.di("/cobertura asignar 2 @diego video")
    texto = equipo.di("/cobertura sugerir 1")
    assert "video: Beto (0 esta semana) →" in texto and "ocupados: Diego (evento #2" in texto


def test_baja_de_quien_deja_la_oficina_libera_sus_coberturas_y_conserva_su_historial(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @ana foto @beto video")
    r = equipo.respuesta("/equipo baja @ana")
    assert not r.es_error and r.publica
    assert "Ana quedó de baja" in r.cuerpo
    assert "• #1 «Inauguración de la cancha» (martes 3 de marzo, 10:00 a 11:00): foto" in r.cuerpo
    assert "/cobertura sugerir N" in r.cuerpo
    assert "Ana" not in equipo.di("/equipo")
    assert "foto ⚠️" in equipo.di("/agenda mañana") and "video ⏳ Beto" in equipo.di("/agenda mañana")
    assert "foto: Ana" not in equipo.di("/cobertura sugerir 1")
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    assert r.es_error and "ya no está activo(a)" in r.cuerpo
    assert "ya estaba de baja" in equipo.di("/equipo baja @ana")
    # Vuelve con sus roles.
    equipo.di("/equipo rol @ana foto")
    assert "Ana" in equipo.di("/equipo")


def test_baja_es_de_directores_y_no_deja_al_equipo_sin_director(equipo: Charla) -> None:
    r = equipo.respuesta("/equipo baja @beto", como="ana")
    assert r.es_error and "Solo un director" in r.cuerpo
    r = equipo.respuesta("/equipo baja <@dir>")
    assert r.es_error and "sin ningún director" in r.cuerpo
    r = equipo.respuesta("/equipo baja @nadie")
    assert r.es_error and "No conozco" in r.cuerpo
    assert "Falta la persona" in equipo.di("/equipo baja")
    texto = equipo.di("/equipo")
    assert "Beto" in texto and "Ana" in texto


def test_cumplida_a_mano(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    equipo.pulsa("cobertura.aceptar", mensaje_directo(r, "ana").botones[0].valor, como="ana")
    # El evento es mañana: todavía no se puede haber cubierto.
    r = equipo.respuesta("/cobertura cumplida 1", como="ana")
    assert r.es_error and "todavía no llega su día" in r.cuerpo
    assert asignaciones(equipo) == [("foto", "aceptada")]
    equipo.ahora += timedelta(days=1, hours=3)
    assert "Cobertura cumplida: Ana (foto)" in equipo.di("/cobertura cumplida 1", como="ana")
    assert asignaciones(equipo) == [("foto", "cumplida")]
    r2 = equipo.respuesta("/cobertura cumplida 1 @ana")
    assert r2.es_error and "no tiene cobertura por cumplir" in r2.cuerpo


def test_cumplida_de_otra_persona_es_de_directores(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @ana foto")
    equipo.ahora += timedelta(days=1, hours=3)
    r = equipo.respuesta("/cobertura cumplida 1 @ana", como="beto")
    assert r.es_error and "Solo un director" in r.cuerpo
    assert "Cobertura cumplida: Ana" in equipo.di("/cobertura cumplida 1 @ana")


# --- mover y cancelar avisan --------------------------------------------------------------------
def test_mover_avisa_a_cada_asignado_con_la_nueva_hora(equipo: Charla) -> None:
    equipo.di("/cobertura asignar 1 @ana foto @beto video")
    equipo.avisos.clear()
    assert "Avisé a 2 personas asignadas" in equipo.di("/agenda mover 1 mañana a las 12")
    assert {u for u, _ in equipo.avisos} == {"ana", "beto"}
    assert all("ahora es el martes 3 de marzo, 12:00 a 13:00" in t for _, t in equipo.avisos)


def test_cancelar_avisa_con_el_motivo_y_no_a_quien_ya_dijo_que_no(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto @beto video")
    equipo.pulsa("cobertura.rechazar", mensaje_directo(r, "beto").botones[1].valor, como="beto")
    equipo.avisos.clear()
    equipo.di("/agenda cancelar 1 lluvia")
    assert [u for u, _ in equipo.avisos] == ["ana"]
    assert "Motivo: lluvia" in equipo.avisos[0][1]


# --- el formulario --------------------------------------------------------------------------------
def test_sin_argumentos_abre_el_formulario_y_asigna(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar")
    assert r.form is not None and r.form.id == "cobertura.asignar"
    assert [c.nombre for c in r.form.campos] == ["evento", "persona", "roles"]
    eventos = [o.etiqueta for o in r.form.campo("evento").opciones]
    assert eventos[0].startswith("#1 Inauguración de la cancha")
    ana = [o.valor for o in r.form.campo("persona").opciones if o.etiqueta.startswith("Ana")][0]
    hecho = equipo.app.despachador.formulario(equipo.peticion("formulario", "", "dir"), r.form.id,
                                              {"evento": "1", "persona": ana, "roles": ["foto"]})
    assert "Ana — foto: asignada" in renderizar(hecho, "texto")
    assert [a.usuario for a in hecho.avisos] == ["ana"]
    with pytest.raises(ErroresDeFormulario) as error:
        equipo.app.despachador.formulario(equipo.peticion("formulario", "", "dir"), r.form.id,
                                          {"evento": "1", "persona": ana, "roles": []})
    assert "roles" in error.value.errores


def test_formulario_sin_eventos_proximos_lo_explica(charla: Charla) -> None:
    r = charla.respuesta("/cobertura asignar")
    assert r.es_error and "No hay eventos" in r.cuerpo


# --- entradas malas: un mensaje claro y nada cambia -----------------------------------------------
def test_rol_desconocido_lista_los_validos(equipo: Charla) -> None:
    for linea in ("/cobertura asignar 1 @ana maquillaje", "/cobertura asignar 1 ana maquillaje"):
        r = equipo.respuesta(linea)
        assert r.es_error and "El rol «maquillaje»" in r.cuerpo
        assert "foto, video, audio, redes, diseño, redacción" in r.cuerpo and "Uso: /cobertura asignar" in r.cuerpo
    assert asignaciones(equipo) == []


def test_falta_el_rol_o_la_persona(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana")
    assert r.es_error and "Falta el rol de @ana" in r.cuerpo
    for linea in ("/cobertura asignar 1", "/cobertura asignar 1 y"):
        r = equipo.respuesta(linea)
        assert r.es_error and "Falta a quién y con qué rol" in r.cuerpo
    r = equipo.respuesta("/cobertura asignar 1 foto")
    assert r.es_error and "¿A quién le toca foto?" in r.cuerpo
    r = equipo.respuesta("/cobertura asignar 1 <@ana|ana> foto <@beto|beto>")
    assert r.es_error and "Falta el rol de @beto." in r.cuerpo and "<@" not in r.cuerpo
    assert asignaciones(equipo) == []


@pytest.mark.parametrize("texto", ["<@ana|ana> y <@beto|beto> foto", "foto <@ana|ana> y <@beto|beto>"])
def test_varias_menciones_seguidas_comparten_el_rol(equipo: Charla, texto: str) -> None:
    r = equipo.respuesta(f"/cobertura asignar 1 {texto}")
    assert not r.es_error and sorted(a.usuario for a in r.avisos) == ["ana", "beto"]
    assert asignaciones(equipo) == [("foto", "asignada"), ("foto", "asignada")]


def test_el_rol_antes_de_la_persona_tambien_se_entiende(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar #1 foto @ana video y redes <@beto|beto> fotografía Carla")
    assert not r.es_error
    assert sorted(a.usuario for a in r.avisos) == ["ana", "beto", "beto", "carla"]
    linea = equipo.di("/agenda mañana")
    assert "foto ⏳ Ana, ⏳ Carla · video ⏳ Beto · redes ⏳ Beto" in linea


def test_persona_desconocida(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @nadie foto")
    assert r.es_error and "No conozco a «@nadie»" in r.cuerpo
    assert asignaciones(equipo) == []


def test_un_error_a_la_mitad_no_deja_nada_a_medias(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto @nadie video")
    assert r.es_error and not r.avisos
    assert asignaciones(equipo) == []


def test_evento_cancelado_o_pasado_o_inexistente(equipo: Charla) -> None:
    equipo.di("/agenda cancelar 2 lluvia")
    r = equipo.respuesta("/cobertura asignar 2 @ana foto")
    assert r.es_error and "está cancelado" in r.cuerpo
    equipo.di("/agenda nueva Temprano | hoy a las 8")  # ya pasó: son las 9
    r = equipo.respuesta("/cobertura asignar 3 @ana foto")
    assert r.es_error and "ya pasó" in r.cuerpo
    r = equipo.respuesta("/cobertura asignar 99 @ana foto")
    assert r.es_error and "No hay un evento #99" in r.cuerpo
    r = equipo.respuesta("/cobertura asignar uno @ana foto")
    assert r.es_error and "no es un número de evento" in r.cuerpo
    assert asignaciones(equipo) == []


def test_solo_directores_asignan_y_quitan(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto", como="beto")
    assert r.es_error and "Solo un director puede asignar coberturas" in r.cuerpo
    assert equipo.respuesta("/cobertura asignar", como="beto").es_error
    equipo.di("/cobertura asignar 1 @ana foto")
    assert equipo.respuesta("/cobertura quitar 1 @ana", como="beto").es_error
    assert asignaciones(equipo) == [("foto", "asignada")]


def test_boton_pulsado_por_otra_persona(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[0].valor
    equipo.avisos.clear()
    texto = equipo.pulsa("cobertura.aceptar", valor, como="beto")
    assert "Esta asignación es de Ana" in texto and "Nada cambió" in texto
    assert equipo.ultima is not None and equipo.ultima.es_error and not equipo.avisos
    assert asignaciones(equipo) == [("foto", "asignada")]


def test_boton_de_una_asignacion_que_no_existe(equipo: Charla) -> None:
    for valor in ("999", "x"):
        texto = equipo.pulsa("cobertura.rechazar", valor, como="ana")
        assert "Esa asignación ya no existe" in texto


def test_boton_de_un_evento_cancelado(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    equipo.di("/agenda cancelar 1")
    texto = equipo.pulsa("cobertura.aceptar", mensaje_directo(r, "ana").botones[0].valor, como="ana")
    assert "se canceló" in texto
    assert asignaciones(equipo) == [("foto", "asignada")]


def test_motivo_de_algo_que_no_rechazaste(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[0].valor
    r2 = equipo.respuesta(f"/cobertura motivo {valor} nada", como="ana")
    assert r2.es_error and "no está rechazada" in r2.cuerpo
    assert equipo.respuesta("/cobertura motivo", como="ana").es_error


# --- roles: un solo lector para /equipo, /agenda y /cobertura -------------------------------------
def test_roles_del_evento_se_editan(equipo: Charla) -> None:
    assert "roles necesarios foto, video" in equipo.di("/agenda roles 2 foto y Video")
    assert "Cobertura: foto ⚠️ · video ⚠️" in equipo.di("/agenda mañana")
    assert "ninguno" in equipo.di("/agenda roles 2 ninguno")
    r = equipo.respuesta("/agenda roles 2 dron")
    assert r.es_error and "Los roles son: foto, video, audio, redes, diseño, redacción" in r.cuerpo
    assert equipo.respuesta("/agenda roles 2 foto", como="beto").es_error


def test_equipo_rol_usa_el_mismo_lector(equipo: Charla) -> None:
    r = equipo.respuesta("/equipo rol @ana maquillaje")
    assert r.es_error and "Los roles son: foto, video, audio, redes, diseño, redacción" in r.cuerpo
    assert "Ana: foto, diseño." in equipo.di("/equipo rol @ana Foto y DISENO")


# --- la semana se lee bien en cada formato ---------------------------------------------------------
@pytest.mark.parametrize("formato", ["texto", "slack", "mattermost"])
def test_semana_no_pega_dos_eventos_en_una_linea(equipo: Charla, formato: str) -> None:
    equipo.di("/cobertura asignar 1 @ana foto")
    texto = renderizar(equipo.respuesta("/agenda semana"), formato)  # type: ignore[arg-type]
    lineas = texto.splitlines()
    titulos = [i for i, linea in enumerate(lineas) if "Inauguración" in linea or "Sesión de cabildo" in linea]
    assert len(titulos) == 2
    for i in titulos:
        assert lineas[i].count("·") == 1  # «#N hora · título», nada pegado después
    assert all("Prioridad" not in linea or linea.count("Prioridad") == 1 for linea in lineas)


def test_fin_de_la_ventana(equipo: Charla) -> None:
    """Un evento de la semana próxima no aparece en pendientes; uno de hoy ya terminado tampoco."""
    equipo.ahora = equipo.ahora + timedelta(hours=3)  # las 12: el de las 10 y el de las 11 son mañana
    assert "#1" in equipo.di("/cobertura pendientes")


def test_ayuda_lista_cobertura(charla: Charla) -> None:
    assert "/cobertura" in charla.di("/ayuda")
    assert "/cobertura sugerir N" in charla.di("/cobertura ayuda")


def test_el_mensaje_directo_dice_quien_preside_y_las_notas(equipo: Charla) -> None:
    form = equipo.respuesta("/agenda nueva").form
    assert form is not None
    equipo.app.despachador.formulario(equipo.peticion("agenda", "", "dir"), form.id, {
        "titulo": "Informe de gobierno", "cuando": "mañana a las 17", "lugar": "Auditorio municipal",
        "preside": "la presidenta municipal", "prioridad": "alta", "notas": "Llegar 40 minutos antes",
    })
    r = equipo.respuesta("/cobertura asignar 3 <@ana|Ana López> video")
    texto = renderizar(mensaje_directo(r, "ana"), "texto")
    assert "Preside: la presidenta municipal" in texto and "Notas: Llegar 40 minutos antes" in texto
    assert "Auditorio municipal" in texto and "martes 3 de marzo, 17:00 a 18:00" in texto and "Tu rol: video" in texto
    # El mismo aviso en los formatos de Slack y Mattermost.
    assert "*Informe de gobierno*" in renderizar(mensaje_directo(r, "ana"), "slack")
    assert "**Informe de gobierno**" in renderizar(mensaje_directo(r, "ana"), "mattermost")
