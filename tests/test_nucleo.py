"""El núcleo: configuración documentada, frontera de imports, comprobaciones comunes a todo
comando, errores inesperados, directores iniciales y migraciones."""

from __future__ import annotations

import ast
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import AJUSTES
from asistente.nucleo.errores import MENSAJE_GENERICO, ErrorDeConfiguracion, ErrorDeUsuario
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.nucleo.render import renderizar
from asistente.plataformas.consola.consola import Consola
from asistente.procesos.entorno import desde_entorno
from comandos import registro
from tests.conftest import Charla

RAIZ = Path(__file__).resolve().parent.parent


# --- configuración ---------------------------------------------------------------------------------
def test_cada_ajuste_esta_documentado_en_el_readme_con_su_defecto() -> None:
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    faltan = [a.variable for a in AJUSTES if f"`{a.variable}`" not in readme]
    assert not faltan, f"variables sin documentar en el README: {faltan}"
    sin_defecto = [a.variable for a in AJUSTES if a.defecto and f"`{a.defecto}`" not in readme]
    assert not sin_defecto, f"valores por omisión sin documentar: {sin_defecto}"


def test_cada_comando_esta_documentado_en_el_readme() -> None:
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    faltan = [n for n in registro() if f"/{n}" not in readme]
    assert not faltan, f"comandos sin documentar en el README: {faltan}"


def test_cada_verbo_de_la_linea_de_comandos_esta_en_el_readme() -> None:
    from asistente.procesos.cli import _parser

    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    acciones = [a for a in _parser()._actions if a.dest == "verbo"][0]
    faltan = [v for v in acciones.choices if f"asistente {v}" not in readme]  # type: ignore[union-attr]
    assert not faltan, f"verbos sin documentar en el README: {faltan}"


def test_la_ayuda_de_consola_explica_sus_comandos_propios(capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    with pytest.raises(SystemExit):
        principal(["consola", "--help"])
    ayuda = " ".join(capsys.readouterr().out.split())  # argparse parte los renglones según la terminal
    assert all(palabra in ayuda for palabra in ("/subir RUTA [#N]", "/boton N", "/como NOMBRE", "/salir"))


def test_configuracion_desde_entorno_y_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ASISTENTE_MUNICIPIO=Tlalchapa\nASISTENTE_ZONA=America/Tijuana\n")
    config = desde_entorno({"ASISTENTE_ZONA": "America/Cancun", "ASISTENTE_DIRECTORES": "U1, U2"}, tmp_path / ".env")
    assert config.municipio == "Tlalchapa"  # del .env
    assert config.zona == "America/Cancun"  # el entorno manda
    assert config.directores == ("U1", "U2")
    assert config.bd == "sqlite:///asistente.db" and config.max_mb == 200


def test_zona_desconocida_se_explica() -> None:
    with pytest.raises(ErrorDeConfiguracion, match="zona horaria"):
        desde_entorno({"ASISTENTE_ZONA": "Marte/Olympus"}, None)


@pytest.mark.parametrize(("variable", "valor", "mensaje"), [
    ("ASISTENTE_HORA_AGENDA", "25:00", "ASISTENTE_HORA_AGENDA: La hora «25:00» no es válida"),
    ("ASISTENTE_RESUMEN", "lunez 08:00", "ASISTENTE_RESUMEN: El día «lunez» no existe"),
    ("ASISTENTE_RESUMEN", "lunes", "ASISTENTE_RESUMEN: "),
])
def test_horario_invalido_se_explica_al_arrancar_con_el_nombre_de_la_variable(variable: str, valor: str,
                                                                               mensaje: str) -> None:
    with pytest.raises(ErrorDeConfiguracion) as error:
        desde_entorno({variable: valor}, None)
    assert error.value.mensaje.startswith(mensaje)


def test_numero_invalido_en_la_configuracion_se_explica() -> None:
    with pytest.raises(ErrorDeConfiguracion, match="ASISTENTE_MAX_MB"):
        desde_entorno({"ASISTENTE_MAX_MB": "mucho"}, None)


# --- errores de quien instala: la línea de comandos los dice y no arranca ----------------------------------
def test_una_variable_mal_escrita_es_una_linea_en_espanol_para_quien_instala(tmp_path: Path) -> None:
    """El proceso de verdad: código de salida distinto de cero, la variable y qué poner, sin traza."""
    entorno = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
    entorno.update(ASISTENTE_ZONA="Marte/Olympus", PYTHONIOENCODING="utf-8",
                   PYTHONPATH=str(Path(__file__).resolve().parent.parent))  # este árbol, no el instalado
    proceso = subprocess.run([sys.executable, "-m", "asistente", "verificar"], env=entorno, cwd=tmp_path,
                             capture_output=True, encoding="utf-8", timeout=120)
    assert proceso.returncode == 2
    assert proceso.stderr == ("asistente: problema de configuración: ASISTENTE_ZONA «Marte/Olympus» no es una zona "
                              "horaria conocida (ejemplo: America/Mexico_City).\n")
    assert proceso.stdout == ""


@pytest.mark.parametrize(("variable", "valor", "explicacion"), [
    ("ASISTENTE_HORA_AGENDA", "25:00", "ASISTENTE_HORA_AGENDA: La hora «25:00» no es válida"),
    ("ASISTENTE_RESUMEN", "lunez 08:00", "ASISTENTE_RESUMEN: El día «lunez» no existe"),
    ("ASISTENTE_MAX_MB", "mucho", "ASISTENTE_MAX_MB debe ser un número entero, no «mucho»."),
    ("PORT", "-1", "PORT debe ser al menos 0, no -1."),
    ("ASISTENTE_LOG", "ruidoso", "ASISTENTE_LOG «ruidoso» no es un nivel de registro: usa DEBUG, INFO, WARNING o ERROR."),
    # Sin URL pública los botones de Mattermost no tendrían adónde volver (y no se adivina del Host).
    ("MATTERMOST_URL", "https://chat.tlalchapa.gob.mx", "Con MATTERMOST_URL hace falta ASISTENTE_URL_PUBLICA"),
    ("ASISTENTE_URL_PUBLICA", "asistente.tlalchapa.gob.mx", "ASISTENTE_URL_PUBLICA «asistente.tlalchapa.gob.mx» debe empezar con https://"),
])
def test_cada_variable_mal_escrita_detiene_el_arranque_y_dice_cual(
    variable: str, valor: str, explicacion: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from asistente.procesos.cli import principal

    monkeypatch.setenv(variable, valor)
    assert principal(["verificar"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"asistente: problema de configuración: {explicacion}")
    assert "Traceback" not in error and error.count("\n") == 1


def test_un_guion_que_no_existe_es_un_problema_de_configuracion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from asistente.procesos.cli import principal

    monkeypatch.setenv("ASISTENTE_BD", f"sqlite:///{tmp_path / 'guion.db'}")
    assert principal(["consola", "--guion", "no-esta.txt"]) == 2
    assert capsys.readouterr().err == (
        "asistente: problema de configuración: No encuentro el guion «no-esta.txt» (--guion): revisa la ruta del archivo.\n")


# --- errores en el chat: un solo lugar decide lo que la persona lee -----------------------------------------
def test_un_error_de_usuario_se_lee_con_su_linea_de_uso() -> None:
    r = respuesta_de_error(ErrorDeUsuario("Falta el número del evento."), "/agenda ver N")
    assert r.es_error and r.cuerpo == "Falta el número del evento.\nUso: /agenda ver N"
    propia = respuesta_de_error(ErrorDeUsuario("Falta el número.", uso="/boletin ver N"), "/boletin")
    assert propia.cuerpo == "Falta el número.\nUso: /boletin ver N"  # la del subcomando gana
    assert respuesta_de_error(ErrorDeUsuario("No existe.")).cuerpo == "No existe."


@pytest.mark.parametrize("error", [
    RuntimeError("se cayó el disco"),
    # De quien instala: la persona del chat no lo lee como si fuera su culpa.
    ErrorDeConfiguracion("Falta SLACK_BOT_TOKEN (el token del bot, xoxb-…)."),
    # Fuera de un formulario abierto nadie sabe ponerlos junto a sus campos.
    ErroresDeFormulario({"titulo": "Falta el título."}),
], ids=["defecto", "configuracion", "formulario"])
def test_lo_demas_se_registra_con_su_traza_y_se_contesta_con_el_mensaje_generico(
    error: Exception, caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise error
    except Exception as capturado:
        with caplog.at_level(logging.ERROR):
            r = respuesta_de_error(capturado, "/agenda", que="falló /agenda ver 1 de U1")
    assert r.es_error and r.cuerpo == MENSAJE_GENERICO
    (registro,) = [reg for reg in caplog.records if reg.getMessage() == "falló /agenda ver 1 de U1"]
    assert registro.levelno == logging.ERROR and registro.exc_info and registro.exc_info[1] is error
    assert "Traceback" in caplog.text and str(error) in caplog.text


def test_en_la_consola_un_error_de_usuario_se_ve_con_su_linea_de_uso(app: Aplicacion) -> None:
    salida = io.StringIO()
    Consola(config=app.config, despachador=app.despachador, usuario="ana", salida=salida).correr(["/agenda ver doce"])
    texto = salida.getvalue()
    assert "«doce» no es un número de evento (escribe por ejemplo #12).\nUso: /agenda ver" in texto


def test_en_la_consola_un_error_de_usuario_al_subir_se_ve_como_en_slack(
    app: Aplicacion, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Antes, ``/subir`` contestaba el mensaje genérico a un ``ErrorDeUsuario`` de la ingesta."""
    from asistente.plataformas.consola import subir

    def rechaza(*_: object) -> None:
        raise ErrorDeUsuario("El evento #9 no existe.")

    monkeypatch.setattr(subir, "recibir", rechaza)
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8 foto")
    salida = io.StringIO()
    c = Consola(config=app.config, despachador=app.despachador, usuario="ana", salida=salida)
    c.subir = subir.subir_desde_consola(app)
    c.correr([f"/subir {tmp_path / 'foto.jpg'} #9"])
    assert "El evento #9 no existe.\nUso: /subir RUTA [#N]" in salida.getvalue()


# --- frontera ---------------------------------------------------------------------------------------
PROHIBIDOS = ("slack_bolt", "slack_sdk", "httpx", "websockets", "waitress", "flask", "starlette")


@pytest.mark.parametrize("carpeta", ["comandos", "modelos", "asistente"])
def test_solo_las_plataformas_importan_bibliotecas_de_chat(carpeta: str) -> None:
    malos = []
    for archivo in (RAIZ / carpeta).rglob("*.py"):
        if "plataformas" in archivo.parts:
            continue
        arbol = ast.parse(archivo.read_text(encoding="utf-8"))
        for nodo in ast.walk(arbol):
            nombres = []
            if isinstance(nodo, ast.Import):
                nombres = [a.name for a in nodo.names]
            elif isinstance(nodo, ast.ImportFrom) and nodo.module:
                nombres = [nodo.module]
            # Los canales de difusión hablan HTTP con Facebook y WordPress (httpx), nada de chat.
            permitidos = ("httpx",) if "canales" in archivo.parts else ()
            malos += [f"{archivo.relative_to(RAIZ)}: {n}" for n in nombres
                      if n.split(".")[0] in PROHIBIDOS and n.split(".")[0] not in permitidos]
    assert not malos


# --- comprobaciones comunes a todo comando --------------------------------------------------------
@pytest.mark.parametrize("nombre", sorted(registro()))
def test_todo_comando_tiene_uso_resumen_y_ayuda(nombre: str) -> None:
    modulo = registro()[nombre]
    assert modulo.USO.startswith("/") and modulo.RESUMEN and (modulo.__doc__ or "").strip()


@pytest.mark.parametrize("nombre", sorted(registro()))
def test_todo_comando_contesta_ayuda_con_su_uso(charla: Charla, nombre: str) -> None:
    texto = charla.di(f"/{nombre} ayuda")
    assert "Uso:" in texto or "/ayuda" in texto
    assert not charla.ultima.es_error  # type: ignore[union-attr]
    assert "SPEC" not in texto and "§" not in texto  # la oficina no tiene la especificación: la ayuda se explica sola


@pytest.mark.parametrize("nombre", sorted(n for n in registro() if n != "ayuda"))
def test_todo_comando_contesta_algo_al_texto_vacio(charla: Charla, nombre: str) -> None:
    r = charla.respuesta(f"/{nombre}")
    assert renderizar(r, "texto").strip() or r.form is not None


def test_comando_desconocido_lista_los_que_hay(charla: Charla) -> None:
    r = charla.respuesta("/agendaa hoy")
    assert r.es_error and "/agenda" in r.cuerpo


def test_acentos_y_mayusculas_opcionales_en_palabras_clave(charla: Charla) -> None:
    charla.di("/agenda nueva Reunión | mañana 10")
    assert "Reunión" in charla.di("/AGENDA MAÑANA")
    assert "Reunión" in charla.di("/agenda manana")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texto=st.text(max_size=80), nombre=st.sampled_from(sorted(registro())))
def test_texto_al_azar_siempre_recibe_respuesta(app: Aplicacion, texto: str, nombre: str) -> None:
    c = Charla(app)
    r = c.respuesta(f"/{nombre} {texto}")
    assert r.cuerpo or r.nombre_plantilla or r.form is not None
    assert r.cuerpo != MENSAJE_GENERICO, f"/{nombre} {texto!r} falló de forma inesperada"


def test_error_inesperado_se_registra_y_se_contesta_con_un_mensaje_generico(
    app: Aplicacion, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import comandos.agenda as agenda

    def explota(*_: object) -> None:
        raise RuntimeError("se cayó el disco")

    monkeypatch.setitem(agenda.enrutador.subcomandos, "ver", explota)
    with caplog.at_level(logging.ERROR):
        r = Charla(app).respuesta("/agenda ver 1")
    assert r.cuerpo == MENSAJE_GENERICO and "Traceback" not in r.cuerpo
    assert any("se cayó el disco" in (reg.exc_text or "") for reg in caplog.records)


# --- directores -------------------------------------------------------------------------------------
def test_la_primera_persona_queda_como_director_y_se_le_dice(app: Aplicacion) -> None:
    c = Charla(app)
    c.di("/equipo", como="ana")
    assert any("quedaste como director" in texto for _, texto in c.avisos)
    c.avisos.clear()
    c.di("/equipo", como="beto")
    assert not c.avisos
    texto = c.di("/equipo")
    assert "Ana — director(a)" in texto and "Beto — director" not in texto


def test_directores_desde_la_configuracion(app: Aplicacion) -> None:
    from dataclasses import replace

    app.despachador.fabrica  # misma base
    c = Charla(app)
    c.app = replace(app, config=replace(app.config, directores=("jefa",)))
    c.di("/equipo", como="becario")
    c.di("/equipo", como="jefa")
    assert "Solo un director" in c.di("/equipo rol @becario foto", como="becario")
    assert "foto" in c.di("/equipo rol <@becario|Becario> foto", como="jefa")


def test_equipo_roles_con_acentos_opcionales(charla: Charla) -> None:
    assert "diseño, redacción" in charla.di("/equipo rol <@U77|Luz> diseno,REDACCION")
    assert "Luz" in charla.di("/equipo")
    r = charla.respuesta("/equipo rol <@U77|Luz> dron")
    assert r.es_error and "foto, video, audio, redes, diseño, redacción" in r.cuerpo


def test_equipo_rol_ninguno_quita_los_roles_habituales(charla: Charla) -> None:
    charla.di("/equipo rol <@U77|Luz> foto,video")
    assert "Luz: sin roles habituales." in charla.di("/equipo rol <@U77|Luz> ninguno")
    assert "• Luz · sin roles habituales" in charla.di("/equipo")


def test_no_se_queda_el_equipo_sin_director(charla: Charla) -> None:
    r = charla.respuesta("/equipo director <@dir> quitar")
    assert r.es_error and "sin ningún director" in r.cuerpo


# --- migraciones ------------------------------------------------------------------------------------
def test_las_migraciones_crean_exactamente_los_modelos(bd_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from asistente.datos.bd import actualizar, crear_motor
    from modelos import Base

    actualizar(bd_url)
    motor = crear_motor(bd_url)
    with motor.connect() as conexion:
        diferencias = compare_metadata(MigrationContext.configure(conexion), Base.metadata)
    motor.dispose()
    assert diferencias == [], f"faltan migraciones: {diferencias}"


# --- la línea de comandos ante una base que no está ------------------------------------------------------
def test_verificar_sin_base_lo_explica_y_no_crea_nada(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    monkeypatch.setenv("ASISTENTE_BD", f"sqlite:///{tmp_path / 'no-existe.db'}")
    assert principal(["verificar"]) == 2
    assert "No existe la base de datos" in capsys.readouterr().err
    assert not (tmp_path / "no-existe.db").exists()


def test_respaldo_de_una_base_sin_migrar_pide_actualizarla(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    from asistente.procesos.cli import principal

    sqlite3.connect(tmp_path / "vieja.db").close()
    monkeypatch.setenv("ASISTENTE_BD", f"sqlite:///{tmp_path / 'vieja.db'}")
    assert principal(["respaldo", str(tmp_path / "respaldo")]) == 2
    assert "asistente bd actualizar" in capsys.readouterr().err
    assert not (tmp_path / "respaldo").exists()
    monkeypatch.setenv("ASISTENTE_BD", f"sqlite:///{tmp_path / 'vieja.db'}")
    assert principal(["bd", "actualizar"]) == 0
    assert principal(["respaldo", str(tmp_path / "respaldo")]) == 0
    assert (tmp_path / "respaldo" / "asistente.db").is_file()


def test_un_error_inesperado_en_la_linea_de_comandos_es_una_linea_en_espanol(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from asistente.procesos.cli import principal

    # Una URL de base de datos de un motor que no está instalado: falla dentro de la migración.
    monkeypatch.setenv("ASISTENTE_BD", "oracle+noexiste://x/y")
    assert principal(["bd", "actualizar"]) == 1
    error = capsys.readouterr().err
    assert error.strip() == f"asistente: {MENSAJE_GENERICO}"
    assert any(r.exc_info for r in caplog.records)  # la traza completa va al registro


@pytest.mark.parametrize("verbo", [[], ["programador"], ["respaldo"], ["manifiesto"]])
def test_la_ayuda_de_la_linea_de_comandos_esta_en_espanol(verbo: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    with pytest.raises(SystemExit) as salida:
        principal([*verbo, "--help"])
    assert salida.value.code == 0
    texto = capsys.readouterr().out
    assert texto.startswith("uso: asistente") and "muestra esta ayuda y termina" in texto
    assert "show this help" not in texto and "options:" not in texto and "usage:" not in texto


def test_un_verbo_que_no_existe_se_explica_en_espanol(capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    with pytest.raises(SystemExit) as salida:
        principal(["servidor"])
    assert salida.value.code == 2
    error = capsys.readouterr().err
    assert "opción no válida: 'servidor'" in error and "'servir'" in error


# --- asistente consola --guion -------------------------------------------------------------------------
def test_guion_contesta_formularios_y_se_ve_cada_respuesta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    monkeypatch.setenv("ASISTENTE_BD", f"sqlite:///{tmp_path / 'guion.db'}")
    monkeypatch.setenv("ASISTENTE_ARCHIVO", str(tmp_path / "archivo"))
    guion = tmp_path / "semana.txt"
    guion.write_text("\n".join([
        "/agenda nueva",
        "Informe de gobierno", "mañana a las 11", "14", "Auditorio", "Presidencia", "", "urgente", "", "si", "",
        "alta",  # la prioridad mal escrita se vuelve a preguntar
        "/agenda nueva",
        "Feria", "mañana a las 17", "", "", "", "", "tremenda",
        "/agenda ver 1",  # un comando a media pregunta deja el formulario y se atiende
    ]), encoding="utf-8")
    assert principal(["consola", "--usuario", "lupita", "--guion", str(guion)]) == 0
    salida = capsys.readouterr().out
    # El ejemplo se dice ejemplo; el valor que queda con Enter, «actual».
    assert "  Título * (ejemplo: Inauguración de la cancha de usos múltiples): Informe de gobierno" in salida
    assert "  ⚠ «urgente» no es una opción válida.\n  Prioridad [alta/media/baja] [actual: media]: alta" in salida
    assert "Evento #1 registrado: Informe de gobierno" in salida and "11:00 a 14:00" in salida
    assert "): /agenda ver 1\nFormulario cancelado.\nEvento #1: Informe de gobierno" in salida
    assert "Feria" not in salida.split("Formulario cancelado.")[1]


def test_un_error_inesperado_en_una_linea_de_la_consola_no_termina_la_sesion(
    app: Aplicacion, caplog: pytest.LogCaptureFixture,
) -> None:
    import io
    import types

    from asistente.nucleo.respuesta import Respuesta
    from asistente.plataformas.consola.consola import Consola

    def roto(peticion: object, session: object) -> Respuesta:
        return Respuesta.plantilla("evento.j2")  # le faltan los datos: falla al dibujarse, fuera del despacho

    modulo = types.ModuleType("roto")
    modulo.NOMBRE = "roto"  # type: ignore[attr-defined]
    modulo.manejar = roto  # type: ignore[attr-defined]
    app.despachador.comandos = {**app.despachador.comandos, "roto": modulo}
    salida = io.StringIO()
    c = Consola(config=app.config, despachador=app.despachador, usuario="ana", salida=salida)
    c.correr(["/roto", "/agenda nueva Feria | mañana a las 10"], eco=True)
    texto = salida.getvalue()
    assert MENSAJE_GENERICO in texto and "Traceback" not in texto
    assert "Evento #1 registrado: Feria" in texto  # la sesión siguió
    assert any("falló «/roto» en la consola" in r.getMessage() and r.exc_info for r in caplog.records)


def test_un_controlador_de_base_que_falta_se_explica_a_quien_instala() -> None:
    """psycopg es un extra ('.[postgresql]'): sin el controlador, ASISTENTE_BD se explica, sin traza."""
    from asistente.datos.bd import crear_motor
    from asistente.nucleo.errores import ErrorDeConfiguracion

    with pytest.raises(ErrorDeConfiguracion, match=r"ASISTENTE_BD .*«pg8000».*\[postgresql\]"):
        crear_motor("postgresql+pg8000://usuario@127.0.0.1/base")


def test_la_identidad_de_cada_peticion_sigue_al_nombre_de_la_persona(charla: Charla) -> None:
    """Quien pide queda registrada la primera vez (en esta charla, «dir» ya es la directora: nadie más
    lo es ni recibe el aviso); si en su plataforma cambia su nombre o su @usuario, el siguiente
    comando, aunque solo consulte, lo anota; un comando sin nombre real no borra el que ya tenía."""
    from dataclasses import replace

    from sqlalchemy import select

    from modelos import Persona

    assert not charla.respuesta("/agenda semana", como="ana").es_error
    assert not charla.respuesta("/agenda semana", como="beto").es_error
    assert charla.avisos == []

    def personas() -> dict[str, tuple[str, str, bool]]:
        with charla.app.fabrica() as s:
            return {p.usuario_id: (p.nombre, p.usuario, p.es_director) for p in s.scalars(select(Persona))}

    assert personas() == {"dir": ("Dir", "dir", True), "ana": ("Ana", "ana", False), "beto": ("Beto", "beto", False)}
    despachar = charla.app.despachador.comando
    base = charla.peticion("agenda", "semana", "ana")
    assert not despachar(replace(base, nombre_usuario="Ana Martínez")).es_error
    assert not despachar(replace(base, nombre_usuario="", usuario_handle="ana.mtz")).es_error
    assert personas()["ana"] == ("Ana Martínez", "ana.mtz", False)
    assert not despachar(replace(base, nombre_usuario="", usuario_handle="")).es_error
    assert personas()["ana"] == ("Ana Martínez", "ana.mtz", False)
