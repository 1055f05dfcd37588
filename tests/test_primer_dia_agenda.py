"""La agenda y la cobertura sin tropiezos para una oficina nueva: subir la prioridad agrega los roles
que pide (y lo dice); un evento cancelado no cuenta ni se marca como hueco: sale una vez, tachado y
marcado; y los errores que no son de cómo se escribió van sin la línea «Uso:»."""

from __future__ import annotations

import pytest

from sqlalchemy import func, select

from modelos import Asignacion, Evento
from tests.conftest import Charla
from tests.grabadora import Grabadora
from tests.test_cobertura import equipo, mensaje_directo  # noqa: F401 (equipo es un fixture)
from tests.test_programador import MARTES, a_las, asignar, pasar


def test_subir_la_prioridad_agrega_los_roles_que_pide_y_lo_dice(charla: Charla) -> None:
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10 | Esc. Benito Juárez | Educación | baja")
    texto = charla.di("/agenda prioridad 1 alta")
    assert texto == ("Evento #1 (Entrega de uniformes): prioridad alta. Agregué los roles que pide: video, redes, "
                     "redacción (ahora necesita foto, video, redes, redacción; asígnalos con /cobertura asignar 1).")
    # Bajarla no quita lo que ya se pidió.
    assert charla.di("/agenda prioridad 1 media") == "Evento #1 (Entrega de uniformes): prioridad media."
    with charla.app.fabrica() as s:
        assert s.scalars(select(Evento.roles_necesarios)).one() == "foto,video,redes,redacción"
    charla.di("/agenda roles 1 foto")
    assert "Agregué el rol que pide: redacción" in charla.di("/agenda prioridad 1 media")


def test_un_cancelado_no_cuenta_ni_es_hueco_y_sale_una_vez_tachado(charla: Charla) -> None:
    grabadora = Grabadora(nombre="consola")
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 18 | Sala de cabildo | | alta")
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10 | Esc. Benito Juárez | Educación | baja")
    asignar(charla.app, 2, "ana", "foto", "aceptada")
    charla.di("/agenda cancelar 1 se pospone por lluvia")
    pasar(charla.app, grabadora, a_las(MARTES, 7))
    [texto] = grabadora.en("C-prensa")
    assert "1 evento hoy:" in texto
    assert texto.count("Sesión de cabildo") == 1
    assert "#1 18:00–19:00 · Sesión de cabildo ❌ CANCELADO (se pospone por lluvia)" in texto
    assert "Falta quien cubra" not in texto  # el único con huecos era el cancelado
    # En /agenda de Slack va tachado; en Mattermost también.
    from asistente.nucleo.render import renderizar

    charla.ahora = a_las(MARTES, 8)
    r = charla.respuesta("/agenda hoy")
    assert "~#1 18:00–19:00 · Sesión de cabildo~ ❌ CANCELADO" in renderizar(r, "slack")
    assert "~~\\#1 18:00–19:00 · Sesión de cabildo~~ ❌ CANCELADO" in renderizar(r, "mattermost")
    linea = [ln for ln in renderizar(r, "texto").splitlines() if "Sesión de cabildo" in ln]
    tras = renderizar(r, "texto").split("Sesión de cabildo")[1].split("✅ aceptó")[0]
    assert len(linea) == 1 and "⚠️" not in tras and "Cobertura" not in tras  # sin huecos que llenar


def test_lo_que_no_es_error_de_escritura_va_sin_uso(charla: Charla) -> None:
    charla.di("/agenda nueva Feria | mañana a las 17")
    charla.di("/agenda cancelar 1")
    for orden, mensaje in (("/agenda cancelar 1", "ya estaba cancelado"), ("/agenda ver 9", "No hay"),
                           ("/boletin ver 4", "No hay")):
        r = charla.respuesta(orden)
        assert r.es_error and mensaje in r.cuerpo and "Uso:" not in r.cuerpo, r.cuerpo
    charla.di("/equipo", como="ana")
    r = charla.respuesta("/agenda prioridad 1 alta", como="ana")
    assert r.es_error and "Uso:" not in r.cuerpo, r.cuerpo
    r = charla.respuesta("/agenda prioridad 1")  # esto sí se escribió mal
    assert r.es_error and "Uso: /agenda prioridad N alta|media|baja" in r.cuerpo


@pytest.mark.parametrize("orden, mensaje", [
    ("/contrato ver CS-404", "No hay"), ("/contrato quitar CS-404", "No hay"), ("/campana quitar Feria", "No hay"),
    ("/factura CS-404 A-1 100", "No hay"), ("/factura quitar CS-404 A-1", "No hay"), ("/aclaracion 99", "No hay"),
])
def test_lo_que_no_existe_tampoco_lleva_uso_en_los_subcomandos_que_pasan_errores(charla: Charla, orden: str,
                                                                                mensaje: str) -> None:
    """Los subcomandos que dejan pasar los errores de lo que llaman (con la línea de uso del subcomando)
    no ponen «Uso:» a lo que no existe: se escribió bien."""
    r = charla.respuesta(orden)
    assert r.es_error and mensaje in r.cuerpo and "Uso:" not in r.cuerpo, r.cuerpo


def test_sugerir_distingue_a_quien_dijo_que_no_de_que_nadie_tenga_el_rol(equipo: Charla) -> None:
    r = equipo.respuesta("/cobertura asignar 1 @ana foto")
    valor = mensaje_directo(r, "ana").botones[1].valor
    equipo.pulsa("cobertura.rechazar", valor, como="ana")
    equipo.di(f"/cobertura motivo {valor} estoy en el DIF", como="ana")
    equipo.di("/agenda roles 1 foto,video,locución")
    texto = equipo.di("/cobertura sugerir 1")
    assert ("• foto: nadie del equipo con ese rol está libre.\n"
            "    tiene el rol pero dijo que no a este evento: Ana («estoy en el DIF»)") in texto
    assert "• locución: nadie del equipo tiene ese rol habitual: dáselo a alguien con /equipo rol @persona locución." in texto
    assert "foto: nadie del equipo tiene ese rol habitual" not in texto


def test_el_15_es_el_dia_15_tambien_al_registrar_y_13_pm_no_existe(charla: Charla) -> None:
    assert "domingo 15 de marzo" in charla.di("/agenda nueva Feria del elote | el 15")
    assert "lunes 2 de marzo, 15:00" in charla.di("/agenda nueva Rueda de prensa | a las 15")
    texto = charla.di("/agenda nueva Cabildo | mañana a las 13 pm")
    assert "No entendí la fecha «mañana a las 13 pm»: «13 pm» no existe: escribe 13:00 o 1 pm." in texto
    assert "Uso:" in texto  # esto sí es de cómo se escribió
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(Evento.id))) == 2


def test_una_fecha_mal_escrita_pregunta_que_quisiste_decir(charla: Charla) -> None:
    assert "¿quisiste decir «jueves»?" in charla.di("/agenda nueva Cabildo | jueevs a las 10")
    assert "¿quisiste decir «mañana»?" in charla.di("/agenda nueva Cabildo | mñn a las 10")
    assert "¿quisiste decir «mañana»?" in charla.di("/agenda mñn")
    assert "Prueba con algo como" in charla.di("/agenda nueva Cabildo | xyz")


def test_la_agenda_por_dependencia_y_por_quien_preside(charla: Charla) -> None:
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10 | Esc. Benito Juárez | Educación")
    charla.di("/agenda nueva Bacheo | el 10 | Col. Centro | Obras Públicas")
    charla.di("/agenda nueva Informe | el 20 a las 11 | Auditorio | Presidencia")
    with charla.app.fabrica.begin() as s:
        s.scalars(select(Evento).where(Evento.numero == 3)).one().preside = "presidente municipal Juana Pérez"
        s.scalars(select(Evento).where(Evento.numero == 1)).one().preside = "Director de Educación"
    texto = charla.di("/agenda dependencia obras publicas")
    assert "Agenda de «obras publicas» (próximos 30 días)" in texto and "Bacheo" in texto
    assert "Entrega de uniformes" not in texto and "Informe" not in texto
    texto = charla.di("/agenda preside Presidenta")
    assert "Informe" in texto and "Bacheo" not in texto and "Entrega" not in texto
    assert "Entrega de uniformes" in charla.di("/agenda preside director")
    texto = charla.di("/agenda dependencia Cultura")
    assert texto == ("No hay eventos de «Cultura» en los próximos 30 días. Con eventos: Educación, Obras Públicas, "
                     "Presidencia.")
    r = charla.respuesta("/agenda dependencia")
    assert r.es_error and "Falta la dependencia" in r.cuerpo and "Uso: /agenda dependencia <nombre>" in r.cuerpo


def test_quien_suelta_fotos_sin_estar_asignado_puede_registrar_que_cubrio(charla: Charla) -> None:
    from tests.archivos import jpeg
    from tests.test_archivo import soltar

    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    charla.di("/equipo", como="ana")
    r, texto = soltar(charla, {"DSC_1.jpg": jpeg(capturado="2026:03:03 10:45:00")}, como="ana")
    assert ("🙋 Ana, no estabas asignado(a) a foto en el evento #1 «Inauguración de la cancha». "
            "¿Registro que cubriste foto?") in texto
    [boton] = [b for b in r.botones if b.accion == "cobertura.registrar_cubierta"]
    assert boton.etiqueta == "Sí, cubrí foto en #1"
    assert "✅ Registré que Ana cubrió foto en el evento #1" in charla.pulsa(boton.accion, boton.valor, como="ana")
    with charla.app.fabrica() as s:
        assert [(a.rol, a.estado) for a in s.scalars(select(Asignacion))] == [("foto", "cumplida")]
    assert "Ya estaba registrado" in charla.pulsa(boton.accion, boton.valor, como="ana")
    assert "Ana" in charla.di("/agenda ver 1").split("Cobertura")[1]  # la cobertura ya la nombra
    # Con la cobertura ya registrada, otra foto no vuelve a preguntar.
    r, texto = soltar(charla, {"DSC_2.jpg": jpeg(capturado="2026:03:03 10:50:00", semilla=7)}, como="ana")
    assert "no estabas asignado" not in texto and not [b for b in r.botones if b.accion == "cobertura.registrar_cubierta"]


def test_un_evento_con_fotos_y_boletin_no_se_lee_como_sin_cubrir_ni_sin_realizar(charla: Charla) -> None:
    from datetime import timedelta

    from tests.archivos import jpeg
    from tests.test_archivo import soltar

    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Col. Centro | Obras | alta")
    soltar(charla, {"DSC_1.jpg": jpeg(capturado="2026:03:03 10:45:00")}, como="ana")
    charla.ahora += timedelta(days=1, hours=5)  # martes 3 por la tarde: el evento ya pasó
    antes = charla.di("/agenda ver 1")
    assert "Estado: realizado, según su archivo y sus boletines (márcalo con /agenda realizado 1)" in antes
    assert "• foto: 📎 sin nadie registrado, pero hay 1 foto en el archivo" in antes
    assert "• redacción: ⚠️ falta" in antes  # sin boletín, la redacción sí falta
    with charla.app.fabrica.begin() as s:
        s.scalars(select(Evento)).one().notas = "Se invirtieron 1.2 millones de pesos."
    charla.di("/boletin borrador 1")
    charla.di("/boletin aprobar 1")
    texto = charla.di("/agenda ver 1")
    assert "• redacción: 📎 sin nadie registrado, pero su boletín ya salió" in texto
    assert "• video: ⚠️ falta" in texto  # lo que de verdad nadie cubrió se sigue viendo
