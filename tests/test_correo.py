"""El correo: el adaptador SMTP contra un servidor SMTP de verdad (aiosmtpd en el puerto 0: sin TLS,
STARTTLS con usuario y clave, y TLS implícito), la bandeja de salida con sus reintentos y rechazos, y las
invitaciones y boletines a los medios de punta a punta, con el portal."""

from __future__ import annotations

import email
import email.policy
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from asistente.canales.correo import CarteroSMTP, leer_url
from asistente.medios.buzon import ESPERAS, MAX_INTENTOS
from asistente.nucleo.correo import Anexo, Carta, ErrorDeEnvio
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.procesos import demo as demo_mod
from asistente.procesos.app import crear_app
from asistente.procesos.correo import cartero_de, vaciar_buzon
from asistente.procesos.entorno import desde_entorno
from asistente.procesos.smtp_demo import SMTPDeDemo
from modelos import Boletin, CorreoSaliente, Evento
from tests.archivos import jpeg
from tests.conftest import AHORA, Charla
from tests.procesos import asistente_servir
from tests.smtp_local import Buzon, servidor_smtp
from tests.test_archivo import soltar
from tests.test_portal import Portal, armar_portal

REMITENTE = "Comunicación Social Tlalchapa <prensa@tlalchapa.gob.mx>"
CARTA = Carta(para="maria@elsol.mx", asunto="Invitación: Inauguración de la cancha — martes 3 de marzo, 10:00 horas",
              texto="Se invita a los medios de comunicación…\nSe sugiere llegar 15 minutos antes.",
              anexos=(Anexo("Boletín 045.pdf", "application/pdf", b"%PDF-1.4 prueba"),))


# --- el adaptador SMTP --------------------------------------------------------------------------------
def test_un_correo_llega_con_asunto_con_acentos_remitente_y_adjunto() -> None:
    with servidor_smtp() as smtp:
        CarteroSMTP(leer_url(smtp.url()), REMITENTE).enviar(CARTA)
        [recibido] = smtp.buzon.recibidos
    m = recibido.mensaje
    assert recibido.de == "prensa@tlalchapa.gob.mx" and recibido.para == ["maria@elsol.mx"]
    assert m["Subject"] == CARTA.asunto and m["To"] == "maria@elsol.mx"
    assert m["From"] == REMITENTE and m["Message-ID"].endswith("@tlalchapa.gob.mx>") and m["Date"]
    assert "=?utf-8?" in m.as_string().lower()  # el asunto viajó codificado, no en bytes crudos
    cuerpo = m.get_body(("plain",))
    assert cuerpo is not None and "Se sugiere llegar 15 minutos antes." in cuerpo.get_content()
    [adjunto] = list(m.iter_attachments())
    assert adjunto.get_filename() == "Boletín 045.pdf" and adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_content() == b"%PDF-1.4 prueba"


def test_starttls_con_usuario_y_clave(tmp_path: Path) -> None:
    with servidor_smtp(tmp_path, modo="starttls", usuario="prensa", clave="s3cr3t@") as smtp:
        datos = leer_url(smtp.url(credenciales="prensa:s3cr3t%40"))
        assert (datos.usuario, datos.clave, datos.tls_implicito) == ("prensa", "s3cr3t@", False)
        CarteroSMTP(datos, REMITENTE, contexto_tls=smtp.contexto_cliente).enviar(CARTA)
        assert len(smtp.buzon.recibidos) == 1 and smtp.buzon.sesiones_cifradas == 1
        with pytest.raises(ErrorDeEnvio) as error:
            CarteroSMTP(leer_url(smtp.url(credenciales="prensa:otra")), REMITENTE,
                        contexto_tls=smtp.contexto_cliente).enviar(CARTA)
        assert not error.value.permanente and "usuario y la clave" in error.value.detalle
        # Un certificado que no es de confianza no se acepta en silencio.
        with pytest.raises(ErrorDeEnvio) as error:
            CarteroSMTP(datos, REMITENTE).enviar(CARTA)
        assert "CERTIFICATE_VERIFY_FAILED" in error.value.detalle
        assert len(smtp.buzon.recibidos) == 1


def test_smtps_tls_implicito(tmp_path: Path) -> None:
    with servidor_smtp(tmp_path, modo="tls") as smtp:
        datos = leer_url(smtp.url("smtps"))
        assert datos.tls_implicito
        CarteroSMTP(datos, REMITENTE, contexto_tls=smtp.contexto_cliente).enviar(CARTA)
        assert len(smtp.buzon.recibidos) == 1 and smtp.buzon.sesiones_cifradas == 1


def test_sin_starttls_no_manda_la_clave_en_claro() -> None:
    with servidor_smtp() as smtp:
        with pytest.raises(ErrorDeEnvio) as error:
            CarteroSMTP(leer_url(smtp.url(credenciales="prensa:clave")), REMITENTE).enviar(CARTA)
        assert "no ofrece STARTTLS" in error.value.detalle and not smtp.buzon.recibidos


def test_un_buzon_inexistente_es_un_rechazo_permanente_con_el_texto_del_servidor() -> None:
    with servidor_smtp(buzon=Buzon(rechazar={"maria@elsol.mx"})) as smtp:
        with pytest.raises(ErrorDeEnvio) as error:
            CarteroSMTP(leer_url(smtp.url()), REMITENTE).enviar(CARTA)
    assert error.value.permanente and "550" in error.value.detalle and "no existe" in error.value.detalle


@pytest.mark.parametrize("url", ["http://servidor", "smtp://", "smtp://servidor:puerto", "correo.municipio.gob.mx"])
def test_una_url_smtp_mal_escrita_se_explica_al_arrancar(url: str) -> None:
    with pytest.raises(ErrorDeConfiguracion) as error:
        desde_entorno({"ASISTENTE_SMTP_URL": url, "ASISTENTE_CORREO_REMITENTE": "prensa@x.mx"}, archivo_env=None)
    assert "ASISTENTE_SMTP_URL" in error.value.mensaje


def test_el_correo_pide_remitente_y_lee_sus_puertos() -> None:
    with pytest.raises(ErrorDeConfiguracion) as error:
        desde_entorno({"ASISTENTE_SMTP_URL": "smtp://s"}, archivo_env=None)
    assert "ASISTENTE_CORREO_REMITENTE" in error.value.mensaje
    with pytest.raises(ErrorDeConfiguracion):
        desde_entorno({"ASISTENTE_SMTP_URL": "smtp://s", "ASISTENTE_CORREO_REMITENTE": "prensa"}, archivo_env=None)
    assert leer_url("smtp://u:c@correo.mx").puerto == 587 and leer_url("smtps://u:c@correo.mx").puerto == 465
    config = desde_entorno({"ASISTENTE_SMTP_URL": "smtps://u:c@correo.mx", "ASISTENTE_CORREO_REMITENTE": REMITENTE},
                           archivo_env=None)
    assert config.correo_remitente == REMITENTE and isinstance(cartero_de(config), CarteroSMTP)


# --- de punta a punta: medios, invitación, portal, boletín, acuses ------------------------------------------
@pytest.fixture
def sala(bd_url: str, tmp_path: Path) -> Iterator[tuple[Portal, Buzon, int]]:
    with servidor_smtp() as smtp:
        for app, url, reloj in armar_portal(bd_url, tmp_path, smtp_url=smtp.url(), correo_remitente=REMITENTE,
                                            contacto="Lic. Rosa Díaz, 733 100 2000"):
            charla = Charla(app)
            charla.di("/equipo")
            charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Unidad deportiva")
            charla.di("/medios agregar El Sol de Tierra Caliente | impreso | María López | maria@elsol.mx | 733 123 4567")
            charla.di("/medios agregar El Sol de Tierra Caliente | impreso | Pedro Ruiz | pedro@elsol.mx")
            charla.di("/medios agregar Radio Altamirano | radio | Juan | noticias@radioaltamirano.mx")
            charla.di("/medios agregar Noticias en Redes | redes")
            yield Portal(charla, url, reloj), smtp.buzon, smtp.puerto


def _vaciar(portal: Portal, minutos: int = 0) -> str:
    app = portal.charla.app
    return str(vaciar_buzon(app, cartero_de(app.config), AHORA + timedelta(minutes=minutos)))


def _enlace(texto: str, portal: Portal) -> str:
    encontrado = re.search(re.escape(portal.url) + r"/portal/\S+", texto)
    assert encontrado, texto
    return encontrado.group(0)


def test_la_invitacion_tiene_el_formato_de_la_oficina(sala: tuple[Portal, Buzon, int]) -> None:
    portal, _, _ = sala
    portal.charla.di("/agenda nueva Informe de gobierno | 15 de marzo a las 10 | Auditorio municipal")
    with portal.charla.app.fabrica() as s:
        evento = s.scalars(select(Evento).where(Evento.numero == 2)).one()
        evento.preside = "C. Presidente Municipal"
        s.commit()
    texto = portal.charla.di("/invitacion 2")
    assert "H. Ayuntamiento de Tlalchapa, Gro." in texto and "INVITACIÓN A MEDIOS" in texto
    assert "Fecha: domingo 15 de marzo de 2026" in texto and "Hora: 10:00 horas" in texto
    assert "Lugar: Auditorio municipal" in texto and "Preside: C. Presidente Municipal" in texto
    assert "Se sugiere llegar 15 minutos antes." in texto and "Contacto: Lic. Rosa Díaz, 733 100 2000" in texto
    assert "/invitacion enviar 2" in texto
    assert "No hay" in portal.charla.di("/invitacion 9")


def test_invitar_confirmar_en_el_portal_y_ver_el_estado(sala: tuple[Portal, Buzon, int]) -> None:
    portal, buzon, _ = sala
    c = portal.charla
    assert "Solo un director" in c.di("/invitacion enviar 1", como="ana")
    r = c.di("/invitacion enviar #1 todos")
    assert "La invitación va en camino a 2 medios, 3 correos: El Sol de Tierra Caliente, Radio Altamirano" in r
    assert "Sin correo, no se les envió: Noticias en Redes" in r
    assert not buzon.recibidos  # nada sale en el hilo de la petición
    assert "en cola" in c.di("/invitacion estado 1")
    assert _vaciar(portal) == "correo: 3 enviados, 0 por reintentar, 0 rechazados"
    por_correo = {r.para[0]: r.mensaje for r in buzon.recibidos}
    assert set(por_correo) == {"maria@elsol.mx", "pedro@elsol.mx", "noticias@radioaltamirano.mx"}
    sol = por_correo["maria@elsol.mx"]
    assert sol["Subject"] == "Invitación: Inauguración de la cancha — martes 3 de marzo de 2026, 10:00 horas"
    cuerpo = sol.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Se sugiere llegar 15 minutos antes." in cuerpo and "Lugar: Unidad deportiva" in cuerpo
    enlace_sol = _enlace(cuerpo, portal)
    enlace_pedro = _enlace(por_correo["pedro@elsol.mx"].get_body(("plain",)).get_content(), portal)  # type: ignore[union-attr]
    enlace_radio = _enlace(por_correo["noticias@radioaltamirano.mx"].get_body(("plain",)).get_content(), portal)  # type: ignore[union-attr]
    assert enlace_sol == enlace_pedro != enlace_radio  # un enlace por medio

    pagina = portal.get(enlace_sol)
    assert pagina.status_code == 200 and "Inauguración de la cancha" in pagina.text and "Asistiremos" in pagina.text
    confirmada = httpx.post(enlace_sol, data={"respuesta": "si", "asistentes": "María López y un fotógrafo"}, timeout=10)
    assert confirmada.status_code == 200 and "Su asistencia quedó confirmada: María López y un fotógrafo" in confirmada.text
    assert httpx.post(enlace_radio, data={"respuesta": "no"}, timeout=10).status_code == 200
    assert httpx.post(enlace_radio, data={"respuesta": "quizá"}, timeout=10).status_code == 403
    estado = c.di("/invitacion estado 1", como="ana")
    assert "2 medios invitados · 1 confirmaron" in estado
    assert "El Sol de Tierra Caliente: enviada · CONFIRMÓ (María López y un fotógrafo)" in estado
    assert "Radio Altamirano: enviada · declinó" in estado

    # Reenviar no duplica; la ficha de una invitación no abre galerías, ni al revés.
    assert "Ya se les había enviado (no se repite): El Sol de Tierra Caliente, Radio Altamirano" in c.di("/invitacion enviar 1")
    ficha = enlace_sol.rsplit("/", 1)[1]
    assert portal.get(f"{portal.url}/portal/galeria/{ficha}").status_code == 403
    galeria = portal.compartir().rsplit("/", 1)[1]
    assert httpx.post(f"{portal.url}/portal/invitacion/{galeria}", data={"respuesta": "si"}, timeout=10).status_code == 403


def test_un_rechazo_se_muestra_y_un_servidor_caido_se_reintenta_sin_perder_nada(
        sala: tuple[Portal, Buzon, int], bd_url: str) -> None:
    portal, buzon, _ = sala
    c = portal.charla
    buzon.rechazar.add("noticias@radioaltamirano.mx")
    c.di("/invitacion enviar 1 radio")
    assert _vaciar(portal) == "correo: 0 enviados, 0 por reintentar, 1 rechazado"
    estado = c.di("/invitacion estado 1")
    assert "Radio Altamirano: RECHAZADO por el servidor: 550 5.1.1 El buzon no existe · sin respuesta" in estado

    # Un servidor que no contesta: queda en cola y se reintenta con esperas crecientes.
    with portal.charla.app.fabrica() as s:
        s.query(CorreoSaliente).delete()
        s.commit()
    app = portal.charla.app
    caido = CarteroSMTP(leer_url("smtp://127.0.0.1:9"), REMITENTE, espera=2)
    c.di("/invitacion enviar 1 1")
    minutos = 0
    for intento in range(1, MAX_INTENTOS):
        vaciado = vaciar_buzon(app, caido, AHORA + timedelta(minutes=minutos))
        assert vaciado is not None and vaciado.reintentos == 2
        assert "reintentando" in c.di("/invitacion estado 1") and "no se pudo hablar con 127.0.0.1:9" in c.di("/invitacion estado 1")
        assert str(vaciar_buzon(app, caido, AHORA + timedelta(minutes=minutos))).startswith("correo: 0 enviados, 0")
        minutos += ESPERAS[intento - 1]
    # Vuelve el servidor: sale todo, una sola vez.
    assert _vaciar(portal, minutos) == "correo: 2 enviados, 0 por reintentar, 0 rechazados"
    assert sorted(r.para[0] for r in buzon.recibidos) == ["maria@elsol.mx", "pedro@elsol.mx"]
    assert _vaciar(portal, minutos + 60) == "correo: 0 enviados, 0 por reintentar, 0 rechazados"


def test_tras_el_ultimo_intento_queda_como_no_enviado(sala: tuple[Portal, Buzon, int]) -> None:
    portal, _, _ = sala
    app = portal.charla.app
    portal.charla.di("/invitacion enviar 1 radio")
    caido = CarteroSMTP(leer_url("smtp://127.0.0.1:9"), REMITENTE, espera=2)
    for i in range(MAX_INTENTOS):
        vaciar_buzon(app, caido, AHORA + timedelta(days=i + 1))
    assert "NO SE PUDO ENVIAR tras 7 intentos" in portal.charla.di("/invitacion estado 1")
    # Reenviar lo vuelve a intentar.
    assert "en camino a 1 medio" in portal.charla.di("/invitacion enviar 1 radio")


def test_sin_correo_configurado_se_explica_y_no_encola_nada(charla: Charla) -> None:
    charla.di("/agenda nueva Evento | mañana a las 10")
    charla.di("/medios agregar El Sol | impreso | María | maria@elsol.mx")
    assert "falta ASISTENTE_SMTP_URL" in charla.di("/invitacion enviar 1")
    with charla.app.fabrica() as s:
        assert s.scalars(select(CorreoSaliente)).first() is None


def _completar_y_aprobar(c: Charla) -> None:
    with c.app.fabrica() as s:
        boletin = s.scalars(select(Boletin)).one()
        boletin.cuerpo = "Se inauguró la cancha de usos múltiples, que beneficia a 300 familias de la colonia Centro."
        s.commit()
    assert "aprobado" in c.di("/boletin aprobar 1").lower()


def test_el_boletin_aprobado_llega_con_pdf_y_galeria_y_los_acuses_lo_cuentan(sala: tuple[Portal, Buzon, int]) -> None:
    portal, buzon, _ = sala
    c = portal.charla
    soltar(c, {"IMG_0001.jpg": jpeg(semilla=1), "IMG_0002.jpg": jpeg(semilla=2)}, texto="#1")
    c.di("/boletin borrador 1")
    assert "todavía es borrador: solo se envían boletines aprobados" in c.di("/boletin enviar 1")
    assert "Todavía no se envió" in c.di("/boletin acuses 1")
    _completar_y_aprobar(c)
    r = c.di("/boletin enviar 001/2026 impreso,radio")
    assert "no es «todos», un tipo de medio" in r
    r = c.di("/boletin enviar 1 1,2")
    assert "Va con su PDF y su galería de originales en camino a 2 medios, 3 correos" in r
    assert "No hay medio con ID 7" in c.di("/boletin enviar 1 1,7")
    _vaciar(portal)
    por_correo = {r.para[0]: r.mensaje for r in buzon.recibidos}
    m = por_correo["maria@elsol.mx"]
    assert m["Subject"].startswith("Boletín No. 001/2026: ")
    cuerpo = m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Boletín No. 001/2026" in cuerpo and "Fotos en alta resolución" in cuerpo
    [pdf] = list(m.iter_attachments())
    assert pdf.get_filename() == "Boletin-001-2026.pdf"
    assert "Boletín No. 001/2026" in PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()

    galeria = _enlace(cuerpo, portal)
    acuses = c.di("/boletin acuses 1")
    assert "El Sol de Tierra Caliente: enviado · no ha abierto la galería · sin descargas · sin publicar" in acuses
    pagina = portal.get(galeria)
    assert pagina.status_code == 200 and "Boletín No. 001/2026" in pagina.text and "2 fotos" in pagina.text
    with zipfile.ZipFile(io.BytesIO(portal.get(f"{galeria}/todo.zip").content)) as zf:
        assert sorted(zf.namelist()) == ["IMG_0001.jpg", "IMG_0002.jpg"]
    c.di("/boletin publicar 1 https://www.elsol.mx/local/inauguran-cancha")
    acuses = c.di("/boletin acuses 1")
    assert ("El Sol de Tierra Caliente: enviado · abrió la galería · bajó originales · publicado: "
            "https://www.elsol.mx/local/inauguran-cancha") in acuses
    assert "Radio Altamirano: enviado · no ha abierto la galería · sin descargas · sin publicar" in acuses


# --- la demo ----------------------------------------------------------------------------------------------
def test_la_escena_de_la_sala_de_prensa_de_la_demo_manda_correos_a_su_smtp_local(tmp_path: Path) -> None:
    salida = io.StringIO()
    with SMTPDeDemo(tmp_path / "correos") as smtp:
        (tmp_path / "semana").mkdir()
        d = demo_mod.Demo(tmp_path / "semana", salida=salida, puerto_smtp=smtp.puerto)
        try:
            d.di("Laura", "/equipo", "/agenda nueva Inauguración de la cancha de usos múltiples | jueves 5 de marzo de 10 a 12")
            demo_mod.sala_de_prensa(d)
            recibidos = smtp.recibidos
        finally:
            d.cerrar()
    texto = salida.getvalue()
    assert "(correo: 2 enviados, 0 por reintentar, 0 rechazados)" in texto
    assert "pulsa «Asistiremos» → 200 OK" in texto and "CONFIRMÓ (María López y un fotógrafo)" in texto
    assert "m•••@elsol.example" in texto  # Carla no dirige: ve el correo enmascarado
    assert "algo salió mal" not in texto
    asuntos = sorted(str(email.message_from_bytes(r.read_bytes(), policy=email.policy.default)["Subject"]) for r in recibidos)
    assert asuntos == ["Invitación: Inauguración de la cancha de usos múltiples — jueves 5 de marzo de 2026, 10:00 horas"] * 2


def test_quitar_un_medio_borra_sus_correos_y_su_enlace_deja_de_abrir(sala: tuple[Portal, Buzon, int]) -> None:
    portal, buzon, _ = sala
    c = portal.charla
    c.di("/invitacion enviar 1")
    _vaciar(portal)
    enlace = _enlace(next(r for r in buzon.recibidos if r.para == ["maria@elsol.mx"]).mensaje.get_body(("plain",)).get_content(), portal)  # type: ignore[union-attr]
    assert portal.get(enlace).status_code == 200
    assert "quitado del directorio, con sus 2 contactos" in c.di("/medios quitar 1")
    with c.app.fabrica() as s:
        assert sorted(s.scalars(select(CorreoSaliente.correo))) == ["noticias@radioaltamirano.mx"]
    assert portal.get(enlace).status_code == 403
    assert "El Sol" not in c.di("/invitacion estado 1")


# --- quién vacía la bandeja: los procesos de verdad ------------------------------------------------------------
def _invitacion_en_cola(tmp_path: Path, smtp_url: str) -> dict[str, str]:
    """Una base migrada con una invitación en la bandeja de salida; el entorno para los procesos."""
    entorno = {"ASISTENTE_BD": f"sqlite:///{tmp_path / 'asistente.db'}", "ASISTENTE_ARCHIVO": str(tmp_path / "archivo"),
               "ASISTENTE_SMTP_URL": smtp_url, "ASISTENTE_CORREO_REMITENTE": REMITENTE,
               "ASISTENTE_URL_PUBLICA": "https://prensa.tlalchapa.gob.mx", "ASISTENTE_SECRETO": "s"}
    app = crear_app(desde_entorno(entorno, archivo_env=None), migrar=True)
    try:
        c = Charla(app)
        c.di("/equipo")
        c.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
        c.di("/medios agregar El Sol | impreso | María | maria@elsol.mx")
        assert "en camino a 1 medio" in c.di("/invitacion enviar 1")
    finally:
        app.motor.dispose()
    return entorno


def test_asistente_servir_vacia_la_bandeja_en_segundo_plano(tmp_path: Path) -> None:
    with servidor_smtp() as smtp:
        entorno = _invitacion_en_cola(tmp_path, smtp.url())
        with asistente_servir(tmp_path, **entorno):
            limite = time.monotonic() + 20
            while not smtp.buzon.recibidos:
                assert time.monotonic() < limite, "asistente servir no vació la bandeja de salida"
                time.sleep(0.1)
        [recibido] = smtp.buzon.recibidos
    assert recibido.para == ["maria@elsol.mx"] and recibido.mensaje["Subject"].startswith("Invitación: Inauguración")
    assert "https://prensa.tlalchapa.gob.mx/portal/invitacion/" in recibido.mensaje.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_asistente_programador_una_vez_vacia_la_bandeja(tmp_path: Path) -> None:
    with servidor_smtp() as smtp:
        entorno = _invitacion_en_cola(tmp_path, smtp.url())
        limpio = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
        salida = subprocess.run([sys.executable, "-m", "asistente", "programador", "--una-vez", "--ahora",
                                 "2026-03-02T09:05"], env={**limpio, **entorno, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
                                cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
        assert salida.returncode == 0, salida.stderr
        assert "correo: 1 enviado, 0 por reintentar, 0 rechazados" in salida.stdout
        assert [r.para for r in smtp.buzon.recibidos] == [["maria@elsol.mx"]]


def test_invitacion_mal_pedida_se_explica_y_no_encola_nada(sala: tuple[Portal, Buzon, int]) -> None:
    portal, _, _ = sala
    c = portal.charla
    assert "Falta el número del evento." in c.di("/invitacion enviar")
    assert "Uso: /invitacion enviar N [todos|<tipo>|ID,ID]" in c.di("/invitacion enviar")
    assert "no es «todos», un tipo de medio" in c.di("/invitacion enviar 1 los de siempre")
    assert "No hay medio con ID 9" in c.di("/invitacion enviar 1 1,9")
    assert "no es un número de evento" in c.di("/invitacion mañana")
    c.di("/agenda nueva Desayuno con la prensa | hoy a las 8")  # ya pasó: son las 9:00
    assert "ya empezó: la invitación llegaría tarde" in c.di("/invitacion enviar 2")
    c.di("/agenda cancelar 1 lluvia")
    assert "está cancelado: no se invita a medios" in c.di("/invitacion enviar 1")
    with c.app.fabrica() as s:
        assert s.scalars(select(CorreoSaliente)).first() is None
