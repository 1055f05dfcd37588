"""Boletines con el estilo de la casa de un ayuntamiento mexicano: comillas “…”, la entrada con actor +
verbo, el nombre de la cabeza del ayuntamiento, el membrete desde los ajustes, el crédito de las fotos,
la marca de cierre que nunca queda sola, los roles de transmisión y locución y la numeración por
administración. Todo como lo vería la oficina: por el chat, en el texto y en el PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.procesos.entorno import desde_entorno
from modelos import Persona
from tests.conftest import Charla
from tests.test_boletin import asignar_redaccion, evento, foto, leer_pdf

MEMBRETE = dict(
    cabeza="Presidenta Municipal", administracion="2024-2027", lema="Juntos transformamos Tlalchapa",
    domicilio="Plaza Principal s/n, Centro, C.P. 40830", telefono="732 123 4567",
    correo_prensa="prensa@tlalchapa.gob.mx", web="tlalchapa.gob.mx", redes="@GobTlalchapa",
)


def con_ajustes(app: Aplicacion, **ajustes: object) -> Charla:
    c = Charla(replace(app, config=replace(app.config, **ajustes)))
    c.di("/equipo", como="dir")
    return c


def texto_pdf(ruta: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in leer_pdf(ruta).pages]


# --- la redacción ------------------------------------------------------------------------------------
def test_la_presidenta_municipal_inauguro_con_comillas_inglesas(app: Aplicacion) -> None:
    c = con_ajustes(app, cabeza="Presidenta Municipal")
    evento(c, preside="presidente municipal Juana Pérez",
           notas="- 120 familias beneficiadas\n- Inversión de 1.2 millones de pesos\nLa vecina dijo: «ya era hora».")
    texto = c.di("/boletin borrador 1")
    # actor + verbo + qué, con el cargo como lo dice la oficina (aunque el evento diga «presidente»)
    assert ("a 3 de marzo de 2026.- La Presidenta Municipal, Juana Pérez, inauguró la cancha de usos múltiples, "
            "en Col. Centro, con la participación de Obras Públicas.") in texto
    # el resumen suma datos en vez de repetir el titular
    assert "• 120 familias beneficiadas.\n• Inversión de 1.2 millones de pesos.\n• Martes 3 de marzo, 10:00 horas" in texto
    assert "• Inauguración de la cancha" not in texto
    assert "La vecina dijo: “ya era hora”." in texto
    assert "«" not in texto and "»" not in texto


def test_sin_accion_conocida_ni_quien_presida_el_actor_es_el_ayuntamiento(charla: Charla) -> None:
    evento(charla, titulo="Feria del «Elote»", preside="", notas="")
    texto = charla.di("/boletin borrador 1")
    assert ("El H. Ayuntamiento de Tlalchapa encabezó el evento “Feria del “Elote””, en Col. Centro, "
            "a través de Obras Públicas.") in texto
    assert "«" not in texto
    # el titular que escribió la persona tampoco sale con angulares en el documento
    assert "Feria del “Elote”" in texto


def test_entrega_y_reunion_se_vuelven_verbos(charla: Charla) -> None:
    evento(charla, titulo="Entrega de fertilizante a productores de maíz", preside="Presidente Municipal")
    evento(charla, titulo="Reunión con comerciantes del mercado", preside="Directora de Desarrollo Económico")
    assert "El Presidente Municipal entregó fertilizante a productores de maíz, en Col. Centro" in charla.di(
        "/boletin borrador 1")
    assert "La Directora de Desarrollo Económico se reunió con comerciantes del mercado" in charla.di(
        "/boletin borrador 2")


def test_un_texto_editado_con_angulares_sale_con_comillas_en_el_pdf_y_el_texto(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "Inauguran la cancha «La Esperanza»", "resumen": "- Dijo «gracias»",
        "cuerpo_1": "La obra «Cancha Digna» concluyó."}, {**form.contexto, "partes": "1"})
    ruta = charla.respuesta("/boletin pdf 1").adjunto.ruta  # type: ignore[union-attr]
    pdf = " ".join(texto_pdf(ruta))
    txt = ruta.with_suffix(".txt").read_text(encoding="utf-8")
    for texto in (pdf, txt, charla.di("/boletin ver 1")):
        assert "“La Esperanza”".lower() in texto.lower() and "“Cancha Digna”" in texto and "“gracias”" in texto
        assert "«" not in texto and "»" not in texto


# --- el membrete -------------------------------------------------------------------------------------
def test_membrete_y_pie_desde_los_ajustes(app: Aplicacion) -> None:
    c = con_ajustes(app, **MEMBRETE)
    evento(c)
    texto = c.di("/boletin borrador 1")
    assert texto.split("\n\n")[1].startswith(
        "H. Ayuntamiento de Tlalchapa\nAdministración 2024–2027\nDirección de Comunicación Social\n"
        "Juntos transformamos Tlalchapa\nBoletín No. 001/2026")
    assert "-o0o-\n\nPlaza Principal s/n, Centro, C.P. 40830\n" \
           "Tel. 732 123 4567 · prensa@tlalchapa.gob.mx · tlalchapa.gob.mx · @GobTlalchapa" in texto
    ruta = c.respuesta("/boletin pdf 1").adjunto.ruta  # type: ignore[union-attr]
    for pagina in texto_pdf(ruta):  # el pie va en cada hoja
        assert "Plaza Principal s/n, Centro, C.P. 40830" in pagina
        assert "Tel. 732 123 4567 · prensa@tlalchapa.gob.mx · tlalchapa.gob.mx · @GobTlalchapa" in pagina
    primera = texto_pdf(ruta)[0]
    assert "Administración 2024–2027" in primera and "Juntos transformamos Tlalchapa" in primera


def _colores(ruta: Path) -> bytes:
    return b"".join(p.get_contents().get_data() for p in leer_pdf(ruta).pages)  # type: ignore[union-attr]


def test_el_color_del_membrete_es_neutro_si_la_oficina_no_elige_otro(app: Aplicacion) -> None:
    neutro = con_ajustes(app)
    evento(neutro)
    neutro.di("/boletin borrador 1")
    ruta = neutro.respuesta("/boletin pdf 1").adjunto.ruta  # type: ignore[union-attr]
    assert b"\n.2 .2 .2 rg" in _colores(ruta)  # #333333
    assert b".427451 .101961 .211765 rg" not in _colores(ruta)  # el guinda ya no es la omisión

    guinda = con_ajustes(app, color="#6d1a36")
    guinda.di("/boletin borrador 1")
    ruta = guinda.respuesta("/boletin pdf 2").adjunto.ruta  # type: ignore[union-attr]
    assert b".427451 .101961 .211765 rg" in _colores(ruta)


def test_un_color_mal_escrito_detiene_el_arranque(tmp_path: Path) -> None:
    with pytest.raises(ErrorDeConfiguracion, match="ASISTENTE_COLOR «guinda» no es un color"):
        desde_entorno({"ASISTENTE_COLOR": "guinda"}, archivo_env=None)
    assert desde_entorno({}, archivo_env=None).color == "#333333"


# --- el crédito de las fotos -------------------------------------------------------------------------
def test_credito_de_foto_con_nombre_completo_o_el_de_la_oficina(app: Aplicacion) -> None:
    c = con_ajustes(app)
    evento(c)
    foto(c, "ana", "Corte del listón", 1)
    with c.app.fabrica.begin() as s:  # el nombre completo, como lo da el perfil de Slack o Mattermost
        s.scalars(select(Persona).where(Persona.usuario_id == "ana")).one().nombre = "Ana Torres Ramírez"
    c.di("/boletin borrador 1")
    assert "Corte del listón. Foto: Ana Torres Ramírez" in c.di("/boletin ver 1")

    oficina = con_ajustes(app, credito_foto="Comunicación Social")
    texto = oficina.di("/boletin ver 1")
    assert "Corte del listón. Foto: Comunicación Social" in texto and "Ana Torres" not in texto
    ruta = oficina.respuesta("/boletin pdf 1").adjunto.ruta  # type: ignore[union-attr]
    assert "Foto: Comunicación Social" in " ".join(texto_pdf(ruta))


# --- la marca de cierre ------------------------------------------------------------------------------
def test_la_marca_de_cierre_nunca_queda_sola_en_una_hoja(charla: Charla, tmp_path: Path) -> None:
    from asistente.boletines import vista
    from asistente.boletines.pdf import generar_pdf
    from modelos import Boletin

    evento(charla)
    charla.di("/boletin borrador 1")
    with charla.app.fabrica() as s:
        boletin = s.query(Boletin).one()
        v = vista(s, charla.app.config, boletin)
    varias_hojas = 0
    # Renglón a renglón, el final del cuerpo recorre el pie de la hoja; en ningún caso queda la marca sola.
    casos = [(base, n) for base in range(4, 9) for n in range(0, 60, 4)]
    for base, n in casos:
        v.parrafos = [f"Párrafo {i}. " + "Texto de la nota con cifras y declaraciones. " * 8 for i in range(base)]
        v.parrafos.append("Párrafo final " + "palabra " * n)
        paginas = texto_pdf(generar_pdf(v, tmp_path / f"b{base}-{n}.pdf"))
        varias_hojas += len(paginas) > 1
        ultima = paginas[-1]
        assert "-o0o-" in ultima
        assert "Párrafo" in ultima, f"con {base} párrafos y {n} palabras la marca de cierre quedó sola en la hoja {len(paginas)}"
    assert varias_hojas > 5


# --- los roles ---------------------------------------------------------------------------------------
def test_roles_de_transmision_y_locucion(charla: Charla) -> None:
    charla.di("/equipo", como="beto")
    charla.di("/equipo", como="eva")
    assert "transmisión" in charla.di("/equipo rol @beto transmision")
    assert "locución" in charla.di("/equipo rol @eva perifoneo")
    evento(charla)
    texto = charla.di("/cobertura asignar 1 @beto en-vivo", como="dir")
    assert "no existe" in texto and "transmisión, locución" in texto
    texto = charla.di("/cobertura asignar 1 @beto streaming @eva locucion")
    assert "transmisión" in texto and "locución" in texto
    assert "transmisión" in charla.di("/cobertura mia", como="beto")


# --- la numeración -----------------------------------------------------------------------------------
def test_numeracion_por_anio_vuelve_a_uno_en_enero(charla: Charla) -> None:
    evento(charla)
    assert "Boletín No. 001/2026" in charla.di("/boletin borrador 1")
    charla.ahora = charla.ahora.replace(year=2027, month=1, day=5)
    evento(charla, titulo="Reunión con comerciantes")
    assert "Boletín No. 001/2027" in charla.di("/boletin borrador 2")


def test_numeracion_por_administracion_sigue_de_un_anio_a_otro(app: Aplicacion) -> None:
    c = con_ajustes(app, administracion="2024-2027", numeracion="administracion")
    evento(c)
    assert "Boletín No. 001/2026" in c.di("/boletin borrador 1")
    assert "No. 002/2026" in c.di("/boletin numero")
    c.ahora = c.ahora.replace(year=2027, month=1, day=5)
    evento(c, titulo="Reunión con comerciantes")
    assert "Boletín No. 002/2027" in c.di("/boletin borrador 2")
    assert "Boletín No. 001/2026" in c.di("/boletin ver 1")  # sin año: el último con ese número
    assert "Boletín No. 002/2027" in c.di("/boletin ver 2")
    assert "Ya existe el boletín 002/2027" in c.di("/boletin numero 2")
    assert "No. 010/2027" in c.di("/boletin numero 10")
    c.ahora += timedelta(days=1)
    c.di("/boletin nuevo comunicado Suspensión del agua")
    assert "Comunicado No. 001/2027" in c.di("/boletin ver comunicado 1")


def test_numeracion_por_administracion_pide_el_periodo() -> None:
    with pytest.raises(ErrorDeConfiguracion, match="hace falta ASISTENTE_ADMINISTRACION"):
        desde_entorno({"ASISTENTE_NUMERACION": "administración"}, archivo_env=None)
    with pytest.raises(ErrorDeConfiguracion, match="ASISTENTE_NUMERACION «mensual»"):
        desde_entorno({"ASISTENTE_NUMERACION": "mensual"}, archivo_env=None)
    config = desde_entorno({"ASISTENTE_NUMERACION": "Administración", "ASISTENTE_ADMINISTRACION": "2024 – 2027"},
                           archivo_env=None)
    assert (config.numeracion, config.administracion, config.periodo_numeracion) == (
        "administracion", "2024-2027", "2024-2027")
    assert Config().periodo_numeracion == ""


def test_la_invitacion_nombra_a_la_cabeza_como_la_oficina(app: Aplicacion) -> None:
    c = con_ajustes(app, cabeza="Presidenta Municipal")
    evento(c, preside="presidente municipal Juana Pérez")
    assert "Preside: Presidenta Municipal Juana Pérez" in c.di("/invitacion 1")
    evento(c, titulo="Reunión con comerciantes", preside="Director de Obras Públicas")
    assert "Preside: Director de Obras Públicas" in c.di("/invitacion 2")


def test_el_cargo_escrito_como_en_los_oficios_tambien_se_reconoce(app: Aplicacion) -> None:
    c = con_ajustes(app, cabeza="Presidenta Municipal")
    evento(c, preside="C. Presidente Municipal")
    assert "La Presidenta Municipal inauguró la cancha de usos múltiples" in c.di("/boletin borrador 1")
    assert "Preside: C. Presidenta Municipal" in c.di("/invitacion 1")


def test_un_documento_sin_evento_no_repite_su_titulo_en_el_resumen(charla: Charla) -> None:
    texto = charla.di("/boletin nuevo comunicado Suspensión del servicio de agua")
    assert "• Suspensión del servicio de agua." not in texto
    assert "[Los datos que el título no dice, en viñetas que empiezan con “-”" in texto
    r = charla.respuesta("/boletin aprobar comunicado 1")
    assert r.es_error and "Los datos que el título no dice" in r.cuerpo  # hay que llenarlo antes de aprobar
