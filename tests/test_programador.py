"""El programador: la agenda del día, el resumen semanal y los recordatorios salen solos, a su hora,
exactamente una vez, también con dos programadores sobre la misma base."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from asistente.programador.reclamos import MAX_INTENTOS
from modelos import Asignacion, Boletin, CorreoSaliente, Espacio, Evento, Medio, Persona, Publicacion
from tests.conftest import ZONA, Charla
from tests.grabadora import Grabadora

LUNES = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
MARTES = LUNES + timedelta(days=1)


def a_las(dia: datetime, hora: int, minuto: int = 0) -> datetime:
    return dia.replace(hour=hora, minute=minuto, second=0)


@pytest.fixture
def grabadora() -> Grabadora:
    return Grabadora(nombre="consola")


def pasar(app: Aplicacion, grabadora: Grabadora, cuando: datetime) -> None:
    correr_pasada(app, cuando, {"consola": grabadora, "slack": grabadora})


def asignar(app: Aplicacion, numero: int, usuario: str, rol: str, estado: str = "asignada",
            espacio: str = "consola:prueba") -> None:
    with app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id).where(Espacio.clave == espacio)).one()
        persona = s.scalar(select(Persona).where(Persona.espacio_id == espacio_id, Persona.usuario_id == usuario))
        if persona is None:
            persona = Persona(espacio_id=espacio_id, usuario_id=usuario, usuario=usuario, nombre=usuario.capitalize(),
                              creado=LUNES)
            s.add(persona)
            s.flush()
        evento = s.scalars(select(Evento).where(Evento.espacio_id == espacio_id, Evento.numero == numero)).one()
        s.add(Asignacion(espacio_id=espacio_id, evento_id=evento.id, persona_id=persona.id, rol=rol, estado=estado,
                         creado=LUNES))


def cambiar_evento(app: Aplicacion, numero: int, **valores: object) -> None:
    with app.fabrica.begin() as s:
        evento = s.scalars(select(Evento).where(Evento.numero == numero)).one()
        for k, v in valores.items():
            setattr(evento, k, v)


def publicaciones(app: Aplicacion) -> list[Publicacion]:
    with app.fabrica() as s:
        return list(s.scalars(select(Publicacion).order_by(Publicacion.id)))


# --- agenda del día -----------------------------------------------------------------------------------
def test_agenda_del_dia_a_las_7_en_orden_con_lugar_prioridad_y_cobertura_una_sola_vez(
    charla: Charla, grabadora: Grabadora
) -> None:
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 18 | Sala de cabildo")
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10 | Esc. Benito Juárez | Educación | alta")
    cambiar_evento(charla.app, 2, preside="Presidente municipal")
    asignar(charla.app, 2, "ana", "foto", "aceptada")
    pasar(charla.app, grabadora, a_las(MARTES, 6, 59))
    assert grabadora.enviados == []
    pasar(charla.app, grabadora, a_las(MARTES, 7))
    pasar(charla.app, grabadora, a_las(MARTES, 7) + timedelta(seconds=30))
    pasar(charla.app, grabadora, a_las(MARTES, 9, 45))
    agendas = grabadora.en("C-prensa")
    assert len(agendas) == 1
    texto = agendas[0]
    assert "Agenda del día — Martes 3 de marzo de 2026" in texto
    assert texto.index("Entrega de uniformes") < texto.index("Sesión de cabildo")
    assert "10:00–11:00" in texto and "Esc. Benito Juárez" in texto and "Prioridad alta" in texto
    assert "foto ✅ Ana" in texto and "video ⚠️" in texto and "Preside: Presidente Municipal" in texto  # el cargo como lo dice la oficina
    assert "Falta quien cubra" in texto and "video, redes, redacción" in texto


def test_agenda_atrasada_sale_hasta_el_mediodia_y_no_despues(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 18")
    pasar(charla.app, grabadora, a_las(MARTES, 12))  # el programador estuvo caído toda la mañana
    assert grabadora.enviados == []
    pasar(charla.app, grabadora, a_las(MARTES + timedelta(days=1), 11, 59))  # miércoles, tarde pero a tiempo
    assert len(grabadora.en("C-prensa")) == 1
    assert "Miércoles 4 de marzo" in grabadora.en("C-prensa")[0]


def test_dia_sin_eventos_lo_dice(charla: Charla, grabadora: Grabadora) -> None:
    pasar(charla.app, grabadora, a_las(MARTES, 7, 5))
    [texto] = grabadora.en("C-prensa")
    assert "Hoy no hay eventos en la agenda" in texto


def test_hora_de_la_agenda_cambiada_por_el_director(charla: Charla, grabadora: Grabadora) -> None:
    assert "07:30" in charla.di("/asistente config hora-agenda 7:30")
    pasar(charla.app, grabadora, a_las(MARTES, 7, 10))
    assert grabadora.enviados == []
    pasar(charla.app, grabadora, a_las(MARTES, 7, 30))
    assert len(grabadora.en("C-prensa")) == 1


def test_canal_cambiado_por_el_director(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/asistente config canal <#C0NUEVO|difusion>")
    pasar(charla.app, grabadora, a_las(MARTES, 7))
    assert grabadora.en("C-prensa") == [] and len(grabadora.en("C0NUEVO")) == 1


# --- resumen semanal ----------------------------------------------------------------------------------
def test_resumen_semanal_del_lunes_con_todo_lo_que_importa_y_una_vez_por_semana(
    charla: Charla, grabadora: Grabadora
) -> None:
    app = charla.app
    # La semana pasada: dos eventos (uno cubierto), uno cancelado, fotos archivadas y un boletín publicado.
    charla.ahora = LUNES - timedelta(days=6)
    charla.di("/agenda nueva Feria del elote | mañana a las 10")  # #1, martes 24 de febrero
    charla.di("/agenda nueva Desfile | mañana a las 12")  # #2
    charla.di("/agenda nueva Concierto | mañana a las 20")  # #3, se cancela
    charla.di("/agenda cancelar 3 lluvia")
    asignar(app, 1, "ana", "foto", "cumplida")
    # Esta semana.
    charla.ahora = LUNES
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")  # #4
    asignar(app, 4, "beto", "video", "asignada")
    asignar(app, 4, "ana", "foto", "aceptada")
    with app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id)).one()
        ana = s.scalars(select(Persona.id).where(Persona.usuario_id == "ana")).one()
        for i in range(3):
            s.add(Medio(espacio_id=espacio_id, sha256=f"{i:064d}", nombre=f"IMG_{i}.jpg", clave=f"x/{i}", tipo="foto",
                        tamanio=10, fecha=LUNES - timedelta(days=6), subido=LUNES - timedelta(days=6), autor_id=ana))
        s.add(Boletin(espacio_id=espacio_id, anio=2026, numero=44, estado="publicado", titular="Feria",
                      fecha=LUNES - timedelta(days=5), creado=LUNES, actualizado=LUNES))
        s.add(Boletin(espacio_id=espacio_id, anio=2026, numero=45, estado="borrador", titular="Cabildo aprueba obras",
                      fecha=LUNES, creado=LUNES, actualizado=LUNES))
    pasar(app, grabadora, a_las(LUNES, 7, 59))
    assert not any("Resumen semanal" in t for t in grabadora.en("C-prensa"))
    pasar(app, grabadora, a_las(LUNES, 8))
    pasar(app, grabadora, a_las(LUNES, 8, 1))
    pasar(app, grabadora, a_las(LUNES, 22))
    resumenes = [t for t in grabadora.en("C-prensa") if "Resumen semanal" in t]
    assert len(resumenes) == 1
    texto = resumenes[0]
    assert "del lunes 2 de marzo al domingo 8 de marzo" in texto
    assert "Martes 3 de marzo" in texto and "Sesión de cabildo" in texto
    assert "#4 Sesión de cabildo (martes 3 de marzo): redacción" in texto
    assert "Beto — video en #4 Sesión de cabildo" in texto and "Ana — foto en #4" not in texto
    assert "Boletín No. 045/2026 — Cabildo aprueba obras" in texto and "044/2026" not in texto
    assert "Eventos realizados: 2" in texto and "Eventos cubiertos: 1" in texto
    assert "Archivos archivados: 3" in texto and "Boletines emitidos: 1" in texto
    # La semana siguiente sale otro.
    pasar(app, grabadora, a_las(LUNES + timedelta(days=7), 8, 30))
    assert len([t for t in grabadora.en("C-prensa") if "Resumen semanal" in t]) == 2


def test_resumen_el_dia_y_hora_del_espacio(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/asistente config resumen viernes 13:00")
    viernes = LUNES + timedelta(days=4)
    pasar(charla.app, grabadora, a_las(LUNES, 8))
    pasar(charla.app, grabadora, a_las(viernes, 12, 59))
    assert not any("Resumen semanal" in t for t in grabadora.en("C-prensa"))
    pasar(charla.app, grabadora, a_las(viernes, 13))
    assert len([t for t in grabadora.en("C-prensa") if "Resumen semanal" in t]) == 1


# --- recordatorios --------------------------------------------------------------------------------------
def test_recordatorio_una_hora_antes_a_cada_asignado_una_sola_vez(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10 | Esc. Benito Juárez")
    cambiar_evento(charla.app, 1, preside="Presidente municipal")
    asignar(charla.app, 1, "ana", "foto", "aceptada")
    asignar(charla.app, 1, "ana", "redes", "asignada")
    asignar(charla.app, 1, "beto", "video", "asignada")
    asignar(charla.app, 1, "carla", "redacción", "rechazada")
    pasar(charla.app, grabadora, a_las(MARTES, 8, 59))
    assert [e for e in grabadora.enviados if e.directo] == []
    pasar(charla.app, grabadora, a_las(MARTES, 9))
    pasar(charla.app, grabadora, a_las(MARTES, 9, 30))
    [para_ana] = grabadora.en("ana")
    assert "Recordatorio: en 60 minutos" in para_ana and "#1 Entrega de uniformes" in para_ana
    assert "10:00" in para_ana and "Esc. Benito Juárez" in para_ana
    assert "Tu rol: foto, redes" in para_ana and "Preside: Presidente municipal" in para_ana
    assert len(grabadora.en("beto")) == 1 and "Tu rol: video" in grabadora.en("beto")[0]
    assert grabadora.en("carla") == []


def test_sin_recordatorio_para_un_evento_cancelado(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10")
    asignar(charla.app, 1, "ana", "foto", "aceptada")
    charla.di("/agenda cancelar 1 se pospuso")
    pasar(charla.app, grabadora, a_las(MARTES, 9, 15))
    assert grabadora.en("ana") == []


def test_evento_movido_recibe_un_recordatorio_nuevo_a_su_nueva_hora(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10")
    asignar(charla.app, 1, "ana", "foto", "aceptada")
    pasar(charla.app, grabadora, a_las(MARTES, 9, 5))
    assert len(grabadora.en("ana")) == 1
    charla.ahora = a_las(MARTES, 9, 20)
    assert "movido" in charla.di("/agenda mover 1 hoy a las 18")
    pasar(charla.app, grabadora, a_las(MARTES, 9, 30))
    assert len(grabadora.en("ana")) == 1
    pasar(charla.app, grabadora, a_las(MARTES, 17, 15))
    pasar(charla.app, grabadora, a_las(MARTES, 17, 30))
    recordatorios = grabadora.en("ana")
    assert len(recordatorios) == 2 and "18:00" in recordatorios[1] and "en 45 minutos" in recordatorios[1]


def test_recordatorio_configurable_por_espacio(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/asistente config recordatorio 15")
    charla.di("/agenda nueva Entrega de uniformes | mañana a las 10")
    asignar(charla.app, 1, "ana", "foto")
    pasar(charla.app, grabadora, a_las(MARTES, 9, 30))
    assert grabadora.en("ana") == []
    pasar(charla.app, grabadora, a_las(MARTES, 9, 45))
    assert "en 15 minutos" in grabadora.en("ana")[0]


# --- fallas ------------------------------------------------------------------------------------------------
def test_canal_donde_no_se_puede_publicar_avisa_al_director_y_se_reintenta(
    charla: Charla, grabadora: Grabadora, caplog: pytest.LogCaptureFixture
) -> None:
    grabadora.fallar_canal("C-prensa", "not_in_channel")
    with caplog.at_level(logging.WARNING, logger="asistente.programador"):
        pasar(charla.app, grabadora, a_las(MARTES, 7))
        pasar(charla.app, grabadora, a_las(MARTES, 7, 1))
    assert grabadora.en("C-prensa") == []
    [aviso] = grabadora.en("dir")  # el director, una sola vez aunque falló dos veces
    assert "C-prensa" in aviso and "not_in_channel" in aviso and "/asistente config canal" in aviso
    assert any("not_in_channel" in r.getMessage() for r in caplog.records)
    [fila] = [p for p in publicaciones(charla.app) if p.tipo == "agenda"]
    assert fila.estado == "fallida" and fila.intentos == 2 and "not_in_channel" in fila.error
    grabadora.reparar("C-prensa")
    pasar(charla.app, grabadora, a_las(MARTES, 7, 2))
    pasar(charla.app, grabadora, a_las(MARTES, 7, 3))
    assert len(grabadora.en("C-prensa")) == 1
    [fila] = [p for p in publicaciones(charla.app) if p.tipo == "agenda"]
    assert fila.estado == "enviada" and fila.intentos == 3


def test_los_reintentos_tienen_tope(charla: Charla, grabadora: Grabadora) -> None:
    grabadora.fallar_canal("C-prensa")
    for minuto in range(MAX_INTENTOS + 3):
        pasar(charla.app, grabadora, a_las(MARTES, 7, minuto))
    grabadora.reparar("C-prensa")
    pasar(charla.app, grabadora, a_las(MARTES, 7, 30))
    assert grabadora.en("C-prensa") == []
    [fila] = [p for p in publicaciones(charla.app) if p.tipo == "agenda"]
    assert fila.intentos == MAX_INTENTOS and fila.estado == "fallida"


def test_espacio_con_token_revocado_se_registra_y_los_demas_siguen(
    app: Aplicacion, grabadora: Grabadora, caplog: pytest.LogCaptureFixture
) -> None:
    for clave in ("slack:T1", "slack:T2"):
        Charla(app, espacio=clave).di("/agenda nueva Cabildo | mañana a las 10", como="dir")
    grabadora.revocar("slack:T1")
    with caplog.at_level(logging.ERROR, logger="asistente.programador"):
        resumen = correr_pasada(app, a_las(MARTES, 7), {"slack": grabadora})
    assert resumen.inaccesibles == ["slack:T1"]
    assert grabadora.en("C-prensa", "slack:T1") == [] and len(grabadora.en("C-prensa", "slack:T2")) == 1
    assert any("slack:T1" in r.getMessage() and "inaccesible" in r.getMessage() for r in caplog.records)


def test_espacio_sin_canal_avisa_a_los_directores_una_vez(app: Aplicacion, grabadora: Grabadora) -> None:
    from dataclasses import replace

    sin_canal = replace(app, config=replace(app.config, canal=""))
    Charla(sin_canal, espacio="slack:T9").di("/equipo", como="jefa")
    correr_pasada(sin_canal, a_las(MARTES, 7), {"slack": grabadora})
    correr_pasada(sin_canal, a_las(MARTES, 7, 1), {"slack": grabadora})
    [aviso] = grabadora.en("jefa")
    assert "No hay canal del equipo configurado" in aviso


def test_espacio_de_una_plataforma_sin_credenciales_se_salta(app: Aplicacion, grabadora: Grabadora) -> None:
    Charla(app, espacio="mattermost:abc").di("/equipo")
    resumen = correr_pasada(app, a_las(MARTES, 7), {"slack": grabadora})
    assert resumen.sin_plataforma == ["mattermost:abc"] and grabadora.enviados == []


# --- dos programadores a la vez -------------------------------------------------------------------------------
def test_dos_programadores_sobre_la_misma_base_publican_cada_cosa_una_vez(app: Aplicacion) -> None:
    for i in range(4):
        c = Charla(app, espacio=f"slack:T{i}")
        c.di("/agenda nueva Cabildo | mañana a las 10", como="dir")
        asignar(app, 1, "ana", "foto", espacio=f"slack:T{i}")
        asignar(app, 1, "beto", "video", espacio=f"slack:T{i}")
    grabadora = Grabadora(demora=0.005)
    otra = crear_app(app.config)  # otro «proceso»: su propio motor y sus propias conexiones
    barrera = threading.Barrier(2)
    errores: list[BaseException] = []

    def programador(aplicacion: Aplicacion) -> None:
        try:
            for minuto in (0, 0, 1, 2):
                barrera.wait()
                correr_pasada(aplicacion, a_las(LUNES, 9) + timedelta(minutes=minuto) + timedelta(days=1),
                              {"slack": grabadora})
        except BaseException as error:  # noqa: BLE001 — se revisa abajo
            errores.append(error)

    hilos = [threading.Thread(target=programador, args=(a,)) for a in (app, otra)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    otra.motor.dispose()
    assert not errores
    claves = [(e.espacio, e.destino, e.texto.splitlines()[0]) for e in grabadora.enviados]
    assert len(claves) == len(set(claves)) == 4 * 3  # por espacio: agenda, recordatorio a ana y a beto


# --- línea de comandos ---------------------------------------------------------------------------------------
def test_una_vez_con_ahora_hace_una_pasada(
    charla: Charla, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from asistente.procesos.cli import principal

    charla.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    monkeypatch.setenv("ASISTENTE_BD", charla.app.config.bd)
    monkeypatch.setenv("ASISTENTE_CANAL", "prensa")
    assert principal(["programador", "--una-vez", "--ahora", "2026-03-03T07:30"]) == 0
    salida = capsys.readouterr().out
    assert "[#prensa]" in salida and "Agenda del día — Martes 3 de marzo de 2026" in salida
    assert "Sesión de cabildo" in salida and "1 publicación enviada" in salida
    assert principal(["programador", "--una-vez", "--ahora", "2026-03-03T07:31"]) == 0
    assert "Agenda del día" not in capsys.readouterr().out


def test_ahora_mal_escrito_se_explica(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                      tmp_path: object) -> None:
    from asistente.procesos.cli import principal

    assert principal(["programador", "--una-vez", "--ahora", "mañana temprano"]) == 2
    error = capsys.readouterr().err
    assert "--ahora «mañana temprano» no es una fecha y hora válida" in error and "2026-03-02T07:30" in error


def test_bucle_se_detiene_limpio(app: Aplicacion) -> None:
    from asistente.procesos.programador import bucle

    parar = threading.Event()
    hilo = threading.Thread(target=bucle, args=(app, {}), kwargs={"intervalo": 0.01, "parar": parar})
    hilo.start()
    parar.set()
    hilo.join(timeout=5)
    assert not hilo.is_alive()


# --- consultas ---------------------------------------------------------------------------------------------------
def test_las_consultas_por_espacio_no_crecen_con_el_numero_de_espacios(app: Aplicacion) -> None:
    from sqlalchemy import event

    def preparar(desde: int, hasta: int) -> None:
        for i in range(desde, hasta):
            c = Charla(app, espacio=f"slack:T{i}")
            c.di("/agenda nueva Cabildo | mañana a las 10", como="dir")
            asignar(app, 1, "ana", "foto", espacio=f"slack:T{i}")

    def consultas(cuando: datetime) -> int:
        cuenta = [0]

        def contar(*_: object) -> None:
            cuenta[0] += 1

        event.listen(app.motor, "before_cursor_execute", contar)
        try:
            correr_pasada(app, cuando, {"slack": Grabadora()}, hilos=1)
        finally:
            event.remove(app.motor, "before_cursor_execute", contar)
        return cuenta[0]

    preparar(0, 2)
    con_dos = consultas(a_las(MARTES, 9))  # 2 espacios: agenda del día y recordatorio a Ana en cada uno
    preparar(2, 8)
    # Un minuto después, los 2 primeros ya no tienen nada; los 6 nuevos, lo mismo que aquellos.
    con_seis = consultas(a_las(MARTES, 9, 1))
    assert con_seis / 6 <= con_dos / 2


def test_dos_procesos_programador_a_la_vez_publican_cada_agenda_una_vez(app: Aplicacion, tmp_path: object) -> None:
    import os
    import subprocess
    import sys

    for i in range(6):
        Charla(app, espacio=f"consola:oficina{i}").di("/agenda nueva Cabildo | mañana a las 10", como="dir")
    # PYTHONPATH: el código de este árbol, no el que tenga instalado el entorno virtual.
    entorno = {**os.environ, "ASISTENTE_BD": app.config.bd, "ASISTENTE_CANAL": "prensa", "ASISTENTE_LOG": "WARNING",
               "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    orden = [sys.executable, "-m", "asistente", "programador", "--una-vez", "--ahora", "2026-03-03T07:00"]
    procesos = [subprocess.Popen(orden, env=entorno, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
    salidas = [p.communicate(timeout=120) for p in procesos]
    assert all(p.returncode == 0 for p in procesos), salidas
    texto = "".join(out for out, _ in salidas)
    assert texto.count("Agenda del día — Martes 3 de marzo de 2026") == 6


def test_ajuste_del_entorno_mal_escrito_se_explica_al_arrancar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from asistente.procesos.cli import principal

    monkeypatch.setenv("ASISTENTE_RESUMEN", "lunez 08:00")
    assert principal(["programador", "--una-vez"]) == 2
    assert "El día «lunez» no existe" in capsys.readouterr().err


# --- aviso de invitaciones a medios ------------------------------------------------------------------------
def test_a_las_17_del_dia_anterior_se_avisa_al_director_de_la_invitacion_sin_enviar_una_vez(
    charla: Charla, grabadora: Grabadora
) -> None:
    charla.di("/agenda nueva Inauguración de la cancha | miércoles a las 10 | Unidad deportiva")
    charla.di("/agenda nueva Sesión de cabildo | miércoles a las 18")  # sin invitar a medios
    charla.di("/agenda nueva Feria | miércoles a las 12")
    cambiar_evento(charla.app, 1, invitar_medios=True)
    cambiar_evento(charla.app, 3, invitar_medios=True, estado="cancelado")
    charla.di("/equipo", como="ana")
    assert "ahora es director" in charla.di("/equipo director @ana")
    pasar(charla.app, grabadora, a_las(MARTES, 16, 59))
    assert grabadora.en("dir") == [] and grabadora.en("ana") == []
    pasar(charla.app, grabadora, a_las(MARTES, 17))
    pasar(charla.app, grabadora, a_las(MARTES, 17, 1))
    pasar(charla.app, grabadora, a_las(MARTES, 22))
    for director in ("dir", "ana"):
        # (A las 18:00 también llega la tarjeta informativa de cada evento: se cuentan solo los avisos de invitación.)
        [aviso] = [a for a in grabadora.en(director) if "/invitacion" in a]
        assert "Mañana a las 10:00 es el evento #1 «Inauguración de la cancha» en Unidad deportiva" in aviso
        assert "/invitacion enviar 1" in aviso
    assert not any("cabildo" in t or "Feria" in t for t in grabadora.en("dir") if "/invitacion" in t)


def test_sin_aviso_si_la_invitacion_ya_salio(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Inauguración de la cancha | miércoles a las 10")
    cambiar_evento(charla.app, 1, invitar_medios=True)
    with charla.app.fabrica.begin() as s:
        evento = s.scalars(select(Evento)).one()
        s.add(CorreoSaliente(espacio_id=evento.espacio_id, tipo="invitacion", objeto_id=evento.id, correo="m@elsol.mx",
                             asunto="Invitación", cuerpo="…", proximo=LUNES, creado=LUNES))
    pasar(charla.app, grabadora, a_las(MARTES, 17, 30))
    assert grabadora.en("dir") == []


# --- tarjeta informativa (SPEC §13) --------------------------------------------------------------------
def test_tarjeta_informativa_la_vispera_a_las_18_una_sola_vez_a_quien_preside(
    charla: Charla, grabadora: Grabadora
) -> None:
    charla.di("/equipo", como="pedro")
    charla.di("/agenda nueva Entrega de uniformes | martes 3 de marzo a las 10 | Esc. Benito Juárez | Educación | alta")
    charla.di("/agenda nueva Sesión de cabildo | martes 3 de marzo a las 18 | Sala de cabildo")
    charla.di("/agenda nueva Feria | miércoles 4 de marzo a las 12")
    cambiar_evento(charla.app, 1, preside="@pedro", notas="Asisten 300 alumnos; el director dará unas palabras.",
                   invitar_medios=True)
    cambiar_evento(charla.app, 2, preside="Presidente municipal")
    asignar(charla.app, 1, "ana", "foto", "aceptada")
    pasar(charla.app, grabadora, a_las(LUNES, 17, 59))
    assert not [e for e in grabadora.enviados if "Tarjeta informativa" in e.texto]
    pasar(charla.app, grabadora, a_las(LUNES, 18))
    pasar(charla.app, grabadora, a_las(LUNES, 18, 1))
    pasar(charla.app, grabadora, a_las(LUNES, 23, 30))
    tarjetas = [e for e in grabadora.enviados if "Tarjeta informativa" in e.texto]
    # Pedro preside la entrega; la sesión la preside alguien de fuera del equipo: va a la directora.
    assert sorted((t.destino, t.texto.split("\n")[1]) for t in tarjetas) == [
        ("dir", "#2 Sesión de cabildo"), ("pedro", "#1 Entrega de uniformes")]
    assert all(t.directo for t in tarjetas)
    entrega = next(t.texto for t in tarjetas if t.destino == "pedro")
    assert "martes 3 de marzo, 10:00 a 11:00" in entrega and "📍 Esc. Benito Juárez" in entrega
    assert "Convoca: Educación" in entrega and "Se invitó a medios" in entrega
    assert "foto: ✅ Ana (aceptó)" in entrega and "video: ⚠️ nadie asignado" in entrega
    assert "Asisten 300 alumnos" in entrega
    assert "Feria" not in "".join(t.texto for t in tarjetas)  # es pasado mañana
    # Movido a otra hora del mismo día: tarjeta nueva con la hora nueva.
    charla.di("/agenda mover 1 martes 3 de marzo a las 11")
    pasar(charla.app, grabadora, a_las(LUNES, 23, 45))
    nuevas = [e for e in grabadora.enviados if "Tarjeta informativa" in e.texto][len(tarjetas):]
    assert [(t.destino, "11:00 a 12:00" in t.texto) for t in nuevas] == [("pedro", True)]
    # Cancelado: no hay tarjeta al día siguiente.
    charla.di("/agenda cancelar 3")
    pasar(charla.app, grabadora, a_las(MARTES, 18, 5))
    assert len([e for e in grabadora.enviados if "Tarjeta informativa" in e.texto]) == 3


def test_dos_programadores_a_la_vez_mandan_una_sola_tarjeta(charla: Charla, grabadora: Grabadora) -> None:
    charla.di("/agenda nueva Informe | martes 3 de marzo a las 10")
    otra_app = crear_app(charla.app.config)
    try:
        hilos = [threading.Thread(target=pasar, args=(app, grabadora, a_las(LUNES, 18, 2)))
                 for app in (charla.app, otra_app)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
    finally:
        otra_app.motor.dispose()
    assert len([e for e in grabadora.enviados if "Tarjeta informativa" in e.texto]) == 1


def test_invitacion_pendiente_en_un_espacio_revocado_no_insiste_con_cada_director(
    charla: Charla, grabadora: Grabadora
) -> None:
    """Un espacio inaccesible (token revocado) deja de intentarse en cuanto se sabe: el primer aviso
    anota el motivo y los demás «no se intentó» (antes se intentaba con cada director)."""
    charla.di("/agenda nueva Inauguración de la cancha | miércoles a las 10")
    cambiar_evento(charla.app, 1, invitar_medios=True)
    for persona in ("ana", "beto"):
        charla.di("/equipo", como=persona)
        charla.di(f"/equipo director @{persona}")
    grabadora.revocar(charla.espacio)
    pasar(charla.app, grabadora, a_las(MARTES, 17))
    errores = sorted(p.error for p in publicaciones(charla.app) if p.tipo == "invitacion")
    assert len(errores) == 3 and errores[-1] == "token_revoked"
    assert all(e.startswith("no se intentó: espacio inaccesible") for e in errores[:-1])


# --- lo que cuenta el resumen y cómo se nombra a la cabeza (#21) -----------------------------------
def test_el_resumen_cuenta_cubiertos_los_eventos_con_archivos_o_boletin_como_agenda_ver(
    charla: Charla, grabadora: Grabadora
) -> None:
    app = charla.app
    charla.ahora = LUNES - timedelta(days=6)
    charla.di("/agenda nueva Feria del elote | mañana a las 10")  # #1: sus fotos están en el archivo
    charla.di("/agenda nueva Desfile | mañana a las 12")  # #2: su boletín salió
    charla.di("/agenda nueva Concierto | mañana a las 20")  # #3: nada
    charla.di("/agenda nueva Posada | mañana a las 21")  # #4: su boletín sigue en borrador
    charla.ahora = LUNES
    with app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id)).one()
        eventos = {e.numero: e.id for e in s.scalars(select(Evento))}
        s.add(Medio(espacio_id=espacio_id, sha256="1" * 64, nombre="IMG_1.jpg", clave="x/1", tipo="foto", tamanio=10,
                    fecha=LUNES - timedelta(days=5), subido=LUNES - timedelta(days=5), evento_id=eventos[1]))
        s.add(Boletin(espacio_id=espacio_id, anio=2026, numero=1, estado="publicado", titular="Desfile",
                      evento_id=eventos[2], fecha=LUNES - timedelta(days=5), creado=LUNES, actualizado=LUNES))
        s.add(Boletin(espacio_id=espacio_id, anio=2026, numero=2, estado="borrador", titular="Posada",
                      evento_id=eventos[4], fecha=LUNES - timedelta(days=5), creado=LUNES, actualizado=LUNES))
    assert "sin nadie registrado, pero hay 1 foto en el archivo" in charla.di("/agenda ver 1")
    pasar(app, grabadora, a_las(LUNES, 8))
    texto = next(t for t in grabadora.en("C-prensa") if "Resumen semanal" in t)
    assert "Eventos realizados: 4" in texto and "Eventos cubiertos: 2" in texto


def test_la_agenda_del_dia_y_la_tarjeta_nombran_a_la_cabeza_como_la_oficina(
    app: Aplicacion, grabadora: Grabadora
) -> None:
    c = Charla(replace(app, config=replace(app.config, cabeza="Presidenta Municipal")))
    c.ahora = LUNES
    c.di("/equipo", como="dir")
    c.di("/asistente config canal #prensa")
    c.di("/agenda nueva Sesión de cabildo | martes 3 de marzo a las 18 | Sala de cabildo")
    c.di("/agenda nueva Feria | martes 3 de marzo a las 12")
    cambiar_evento(c.app, 1, preside="presidente municipal Juana Pérez")
    cambiar_evento(c.app, 2, preside="Director de Obras Públicas")
    pasar(c.app, grabadora, a_las(LUNES, 18))
    tarjeta = next(e.texto for e in grabadora.enviados if "Sesión de cabildo" in e.texto and "Tarjeta" in e.texto)
    assert "Preside: Presidenta Municipal Juana Pérez" in tarjeta
    pasar(c.app, grabadora, a_las(MARTES, 7))
    agenda = next(t for t in grabadora.en("prensa") if "Agenda del día" in t)
    assert "Preside: Presidenta Municipal Juana Pérez" in agenda
    assert "Preside: Director de Obras Públicas" in agenda and "presidente municipal" not in agenda
