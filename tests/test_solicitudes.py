"""Las solicitudes de las áreas (/solicitud, SPEC §9): alta por línea y por formulario con el aviso de
días hábiles, los pasos con quién y cuándo y sus avisos, versiones desde el archivo, permisos, listas,
días inhábiles de la oficina, conteos para los informes y cada entrada mala sin cambiar nada."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, update

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.nucleo.render import renderizar
from asistente.plataformas.consola.consola import Consola
from asistente.procesos.consola import conectar_archivo
from asistente.solicitudes.consultas import conteo_por_area, conteo_por_mes, conteo_por_tipo, contar_solicitudes
from modelos import CambioDeSolicitud, DiaInhabil, Solicitud
from tests.conftest import Charla
from tests.test_archivo import medios, soltar


def _cuantas(charla: Charla) -> tuple[int, int]:
    with charla.app.fabrica() as s:
        return (s.scalar(select(func.count(Solicitud.id))) or 0, s.scalar(select(func.count(CambioDeSolicitud.id))) or 0)


def test_nueva_en_una_linea_da_su_folio_y_avisa_si_llega_con_pocos_dias_habiles(charla: Charla) -> None:
    # Lunes 2 de marzo de 2026: para el jueves son 3 días hábiles (martes, miércoles, jueves).
    r = charla.di("/solicitud nueva Obras Públicas | cartel | jueves | Cartel de la inauguración de la cancha")
    assert r.startswith("📝 Solicitud S-001 registrada: cartel de Obras Públicas para el jueves 5 de marzo.")
    assert "Ojo" not in r
    r = charla.di("/solicitud nueva dif | LONA | miércoles | Lona para la jornada de salud | 3 x 1 m | 2")
    assert "S-002" in r and "DIF Municipal" in r and "Ojo: llegó con 2 días hábiles" in r and "pide 3" in r
    assert "3 x 1 m · 2 piezas" in r
    assert charla.ultima is not None and charla.ultima.publica and charla.ultima.ancla_solicitud is not None


def test_la_regla_cuenta_feriados_y_dias_inhabiles_que_fija_un_director(charla: Charla) -> None:
    # Del viernes 13 de marzo al martes 17: el lunes 16 es feriado (tercer lunes de marzo); queda 1 día hábil.
    charla.ahora = datetime(2026, 3, 13, 9, 0, tzinfo=charla.ahora.tzinfo)
    r = charla.di("/solicitud nueva Cultura | volante | 17 de marzo | Volantes del festival")
    assert "llegó con 1 día hábil de anticipación" in r
    assert "no hace falta" in charla.di("/solicitud inhabil 16 de marzo")
    # Un director marca el miércoles 18 como inhábil (la feria): para el jueves 19 quedan martes y jueves.
    assert "Solo un director" in charla.di("/solicitud inhabil 18 de marzo | feria", como="ana")
    assert "es inhábil para la oficina (feria)" in charla.di("/solicitud inhabil 18 de marzo | feria")
    assert "ya estaba marcado" in charla.di("/solicitud inhabil 18 de marzo")
    assert "miércoles 18 de marzo de 2026 — feria" in charla.di("/solicitud inhabiles", como="ana")
    r = charla.di("/solicitud nueva Cultura | volante | 19 de marzo | Volantes del festival")
    assert "llegó con 2 días hábiles" in r
    assert "vuelve a ser día hábil" in charla.di("/solicitud inhabil quitar 18 de marzo")
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(DiaInhabil.id))) == 0


def test_el_ciclo_completo_con_quien_y_cuando_y_avisos_al_solicitante_y_al_asignado(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/equipo", como="luis")
    r = charla.di("/solicitud nueva DIF | cartel | viernes | Cartel de la jornada de vacunación", como="luis")
    assert "S-001" in r
    charla.avisos.clear()
    assert "Solo un director puede asignar" in charla.di("/solicitud asignar S-001 @ana", como="luis")
    r = charla.di("/solicitud asignar s-1 @ana")
    assert r == "S-001 asignada a Ana: cartel de DIF Municipal para el viernes 6 de marzo."
    # Avisan a la solicitante (luis) y a la asignada (ana); no a quien asignó.
    destinatarios = {u for u, _ in charla.avisos}
    assert destinatarios == {"luis", "ana"}
    assert all("Dir se la asignó a Ana" in t for _, t in charla.avisos)
    charla.avisos.clear()
    assert "la entrega ella o un director" in charla.di("/solicitud entregar S-001", como="luis")
    aprobar_antes = charla.di("/solicitud aprobar S-001")
    assert "se aprueba cuando ya se entregó" in aprobar_antes and "Uso:" not in aprobar_antes  # bien escrito: no procede
    r = charla.di("/solicitud entregar S-001", como="ana")
    assert "S-001 entregada por Ana (sin archivos todavía)" in r and "serán su versión v1" in r
    assert {u for u, _ in charla.avisos} == {"luis"}
    assert "Solo un director puede aprobar" in charla.di("/solicitud aprobar S-001", como="ana")
    charla.avisos.clear()
    r = charla.di("/solicitud cambios S-001 el logo del DIF más grande", como="luis")
    assert r == "S-001 regresa con cambios: el logo del DIF más grande"
    assert [u for u, _ in charla.avisos] == ["ana"] and "pidió cambios: el logo del DIF más grande" in charla.avisos[0][1]
    assert "Falta decir qué" in charla.di("/solicitud cambios S-001")
    charla.di("/solicitud entregar S-001", como="ana")
    charla.avisos.clear()
    assert charla.di("/solicitud aprobar S-001") == "S-001 aprobada por Dir."
    assert {u for u, _ in charla.avisos} == {"luis", "ana"}
    ya_aprobada = charla.di("/solicitud cambios S-001 otra cosa", como="luis")
    assert "ya está aprobada" in ya_aprobada and "Uso:" not in ya_aprobada
    ver = charla.di("/solicitud ver S-001", como="luis")
    assert "aprobada" in ver
    for paso in ("recibida · Luis", "asignada · Dir: a Ana", "entregada · Ana", "con cambios · Luis: el logo",
                 "aprobada · Dir"):
        assert paso in ver, paso
    assert "lunes 2 de marzo 09:00" in ver


def test_listas_por_area_estado_persona_y_mia(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/solicitud nueva Obras | lona | 20 de marzo | Lona de la obra")
    charla.di("/solicitud nueva DIF | spot | 20 de marzo | Spot de perifoneo", como="ana")
    charla.di("/solicitud asignar S-002 @ana")
    lista = charla.di("/solicitud lista")
    assert "S-001 lona · Obras Públicas" in lista and "S-002 spot (perifoneo/radio) · DIF Municipal" in lista
    assert "S-002" not in charla.di("/solicitud lista obras publicas") and "S-001" in charla.di("/solicitud lista obras")
    assert "S-001" not in charla.di("/solicitud lista asignadas") and "S-002" in charla.di("/solicitud lista asignadas")
    assert "S-002" in charla.di("/solicitud lista @ana") and "S-001" not in charla.di("/solicitud lista @ana")
    mia = charla.di("/solicitud mía", como="ana")
    assert "Me toca hacer" in mia and "S-002" in mia and "S-001" not in mia
    assert "S-001" in charla.di("/solicitud mia")



def test_una_fecha_del_anio_que_viene_con_su_anio_o_cercana_si_se_acepta(charla: Charla) -> None:
    assert "registrada" in charla.di("/solicitud nueva Obras | cartel | 27 de febrero de 2027 | algo")
    assert "registrada" in charla.di("/solicitud nueva Obras | cartel | 15 de diciembre | algo")  # este año
    charla.ahora = charla.ahora.replace(month=12, day=7)
    assert "para el viernes 15 de enero" in charla.di("/solicitud nueva Obras | cartel | 15 de enero | algo")


@pytest.mark.parametrize("para, dice", [
    ("antes del viernes", "para el viernes 6 de marzo"),
    ("a más tardar el 15", "para el domingo 15 de marzo"),
    ("para el 20 de marzo", "para el viernes 20 de marzo"),
    ("fin de mes", "para el martes 31 de marzo"),
    ("A fin de mes", "para el martes 31 de marzo"),
])
def test_el_plazo_como_lo_dice_un_area(charla: Charla, para: str, dice: str) -> None:
    assert dice in charla.di(f"/solicitud nueva Obras | cartel | {para} | algo")


def test_lista_pendientes_atrasadas_en_proceso_y_un_filtro_que_no_existe(charla: Charla) -> None:
    charla.di("/solicitud nueva Obras | lona | 4 de marzo | Lona de la obra")
    charla.di("/solicitud nueva DIF | cartel | 20 de marzo | Cartel")
    charla.di("/solicitud asignar S-002 @dir")
    assert "S-001" in charla.di("/solicitud lista pendientes") and "S-002" in charla.di("/solicitud lista Pendientes")
    assert "S-002" in charla.di("/solicitud lista en proceso") and "S-001" not in charla.di("/solicitud lista en proceso")
    charla.ahora += timedelta(days=3)  # el 5 de marzo: la lona del 4 ya se atrasó
    atrasadas = charla.di("/solicitud lista atrasadas")
    assert "Solicitudes atrasadas" in atrasadas and "S-001" in atrasadas and "S-002" not in atrasadas
    malo = charla.respuesta("/solicitud lista urgentes")
    assert malo.es_error and "No conozco el área «urgentes»" in malo.cuerpo and "atrasadas" in malo.cuerpo


def test_entradas_malas_explican_sugieren_y_no_guardan_nada(charla: Charla) -> None:
    for linea, explica in [
        ("/solicitud nueva Obras Publikas | cartel | viernes | algo", "¿Quisiste decir «Obras Públicas»?"),
        ("/solicitud nueva Marte | cartel | viernes | algo", "No conozco el área «Marte»"),
        ("/solicitud nueva Obras | cartell | viernes | algo", "¿Quisiste decir «cartel»?"),
        ("/solicitud nueva Obras | cartel | 27 de febrero | algo", "sería el sábado 27 de febrero de 2027: si era de este año, ya pasó"),
        ("/solicitud nueva Obras | cartel | 20/02 | algo", "escribe el año («20/02/2027»)"),
        ("/solicitud nueva Obras | cartel | 15.03 | algo", "parece una hora, no un día"),
        ("/solicitud nueva Obras | cartel | a las 10 | algo", "parece una hora, no un día"),
        ("/solicitud nueva Obras | cartel | el día del juicio | algo", "No entendí"),
        ("/solicitud nueva Obras | cartel | viernes", "Faltan partes"),
        ("/solicitud nueva Obras | cartel | viernes |  ", "Falta la descripción"),
        ("/solicitud nueva Obras | cartel | viernes | algo | 1 m | muchas", "no es un número de piezas"),
        ("/solicitud nueva a | b | c | d | e | f | g", "Sobran partes"),
    ]:
        r = charla.respuesta(linea)
        texto = charla.di(linea)
        assert r.es_error and explica in texto, (linea, texto)
        assert "Uso: /solicitud nueva" in texto, linea
    # Una fecha que ya pasó está bien escrita: se explica sin la línea de uso.
    for linea, explica in [
        ("/solicitud nueva Obras | cartel | 27 de febrero de 2026 | algo", "(viernes 27 de febrero de 2026) ya pasó"),
        ("/solicitud nueva Obras | cartel | ayer | algo", "(domingo 1 de marzo de 2026) ya pasó: escribe para cuándo"),
        ("/solicitud nueva Obras | cartel | antier | algo", "(sábado 28 de febrero de 2026) ya pasó"),
    ]:
        r = charla.respuesta(linea)
        assert r.es_error and explica in r.cuerpo and "Uso:" not in r.cuerpo, (linea, r.cuerpo)
    assert _cuantas(charla) == (0, 0)
    assert "no es una solicitud" in charla.di("/solicitud ver S-ABC")
    assert "No hay una solicitud S-009" in charla.di("/solicitud ver S-9")
    assert "No conozco «/solicitud volar»" in charla.di("/solicitud volar")


def test_formulario_con_errores_junto_a_cada_campo(charla: Charla) -> None:
    r = charla.respuesta("/solicitud")
    assert r.form is not None and r.form.id == "solicitud.nueva"
    assert [c.nombre for c in r.form.campos] == ["area", "tipo", "para", "descripcion", "impreso", "medida", "piezas"]
    peticion = charla.peticion("solicitud", "", "dir")
    for valores, campo in [
        ({"area": "Marte", "tipo": "cartel", "para": "viernes", "descripcion": "x"}, "area"),
        ({"area": "DIF", "tipo": "cartel", "para": "ayer", "descripcion": "x"}, "para"),
        ({"area": "DIF", "tipo": "cartel", "para": "viernes", "descripcion": "x", "piezas": "-3"}, "piezas"),
    ]:
        with pytest.raises(ErroresDeFormulario) as error:
            charla.app.despachador.formulario(peticion, "solicitud.nueva", valores, {})
        assert campo in error.value.errores, (valores, error.value.errores)
    assert _cuantas(charla) == (0, 0)
    ok = charla.app.despachador.formulario(peticion, "solicitud.nueva", {
        "area": "dif", "tipo": "lona", "para": "20 de marzo", "descripcion": "Lona", "impreso": "si",
        "medida": "3 x 1 m", "piezas": "2"}, {})
    assert "Solicitud S-001 registrada: lona de DIF Municipal" in renderizar(ok, "texto")


def test_areas_se_listan_y_un_director_agrega_otras(charla: Charla) -> None:
    assert "Obras Públicas" in charla.di("/solicitud areas")
    assert "Solo un director" in charla.di("/solicitud area agregar Instituto del Café", como="ana")
    assert charla.di("/solicitud area agregar Instituto del Café") == "Área agregada: Instituto del Café."
    assert "ya estaba" in charla.di("/solicitud area agregar instituto del cafe")
    assert "S-001" in charla.di("/solicitud nueva Instituto del Cafe | redes | viernes | Post de la feria del café")


def test_conteos_por_area_tipo_mes_y_estado_para_los_informes(charla: Charla) -> None:
    charla.di("/solicitud nueva Obras | lona | 20 de marzo | a")
    charla.di("/solicitud nueva Obras | cartel | 20 de marzo | b")
    charla.di("/solicitud nueva DIF | cartel | 20 de marzo | c")
    charla.di("/solicitud entregar S-001")
    charla.ahora += timedelta(days=31)
    charla.di("/solicitud nueva DIF | spot | 20 de abril | d")
    charla.di("/solicitud cambios S-001 otra")
    charla.di("/solicitud entregar S-001")
    desde = datetime(2026, 3, 1, tzinfo=timezone.utc)
    hasta = datetime(2026, 5, 1, tzinfo=timezone.utc)
    with charla.app.fabrica() as s:
        assert contar_solicitudes(s, 1, desde, hasta) == 4
        assert contar_solicitudes(s, 1, desde, datetime(2026, 4, 1, tzinfo=timezone.utc)) == 3
        assert contar_solicitudes(s, 1, desde, hasta, "entregada") == 1  # entregada dos veces, cuenta una
        assert contar_solicitudes(s, 1, desde, hasta, "aprobada") == 0
        assert contar_solicitudes(s, 2, desde, hasta) == 0  # otro espacio
        assert conteo_por_area(s, 1, desde, hasta) == {"Obras Públicas": 2, "DIF Municipal": 2}
        assert conteo_por_tipo(s, 1, desde, hasta) == {"cartel": 2, "lona": 1, "spot": 1}
        assert conteo_por_mes(s, 1, desde, hasta, charla.app.config.tz) == {"2026-03": 3, "2026-04": 1}


# --- versiones y archivos de oficina y diseño ----------------------------------------------------------------
def _zip(entradas: dict[str, bytes], primero: str = "") -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        if primero:
            z.writestr(zipfile.ZipInfo(primero), entradas[primero], compress_type=zipfile.ZIP_STORED)
        for nombre, datos in entradas.items():
            if nombre != primero:
                z.writestr(nombre, datos)
    return salida.getvalue()


def docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                 "word/document.xml": b"<w:document/>"})


def xlsx() -> bytes:
    libro = openpyxl.Workbook()
    libro.active["A1"] = "Piezas"  # type: ignore[index]
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def pptx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})


def odf(clase: str) -> bytes:
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{clase}".encode(), "content.xml": b"<office/>"},
                primero="mimetype")


def psd() -> bytes:
    return b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03" + b"\x00\x00\x00\x10" * 2 + b"\x00\x08\x00\x03" + b"\x00" * 64


def ai() -> bytes:
    return (b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Metadata>>stream\n<x:xmpmeta><xmp:CreatorTool>Adobe Illustrator "
            b"27.0 (Windows)</xmp:CreatorTool></x:xmpmeta>\nendstream endobj\ntrailer<<>>\n%%EOF\n")


def svg() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Inkscape -->\n<svg xmlns="http://www.w3.org/2000/svg" '
            b'width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>\n')


@pytest.mark.parametrize(("nombre", "contenido", "tipo", "mime"), [
    ("oficio", docx, "documento", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("tabla.bin", xlsx, "documento", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("diapositivas.zip", pptx, "documento", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("texto.odt", lambda: odf("text"), "documento", "application/vnd.oasis.opendocument.text"),
    ("hoja", lambda: odf("spreadsheet"), "documento", "application/vnd.oasis.opendocument.spreadsheet"),
    ("presentacion.odp", lambda: odf("presentation"), "documento", "application/vnd.oasis.opendocument.presentation"),
    ("cartel.psd", psd, "diseno", "image/vnd.adobe.photoshop"),
    ("logo.pdf", ai, "diseno", "application/illustrator"),
    ("icono.txt", svg, "diseno", "image/svg+xml"),
])
def test_el_archivo_reconoce_oficina_y_diseno_por_contenido(charla: Charla, nombre: str, contenido: Callable[[], bytes],
                                                           tipo: str, mime: str) -> None:
    _, texto = soltar(charla, {nombre: contenido()})
    assert "Archivé 1 archivo" in texto, texto
    (m,) = medios(charla.app)
    assert (m.tipo, m.mime) == (tipo, mime)


def test_un_zip_cualquiera_o_un_xml_que_no_es_svg_se_rechazan(charla: Charla) -> None:
    _, texto = soltar(charla, {"informe.docx": _zip({"leeme.txt": b"hola"}), "dibujo": b"<html><svg></svg></html>",
                               "nada.ai": b"%PDF-1.4\n%%EOF\n" + b"x" * 10})
    assert "informe.docx: se llama .docx pero por dentro no lo es" in texto
    assert "dibujo: no es un tipo que archive" in texto
    assert "documentos de oficina (docx, xlsx, pptx, odt, ods, odp) y diseño (svg, psd, ai)" in texto
    # Un PDF sin marca de Illustrator es un PDF, aunque se llame .ai.
    assert [(m.tipo, m.nombre) for m in medios(charla.app)] == [("pdf", "nada.pdf")]


def test_archivos_con_el_folio_o_en_el_hilo_son_versiones_de_la_solicitud(charla: Charla) -> None:
    charla.di("/equipo", como="ana")
    charla.di("/solicitud nueva DIF | cartel | viernes | Cartel de vacunación")
    charla.di("/solicitud asignar S-001 @ana")
    with charla.app.fabrica() as s:
        s.execute(update(Solicitud).values(hilo="1700000000.000100"))
        s.commit()
    _, texto = soltar(charla, {"cartel.psd": psd(), "cartel.pdf": ai()}, texto="ahí va s-001", como="ana",
                      ahora=charla.ahora + timedelta(hours=2))
    assert "2 como versión S-001 v1 → 2026/03-marzo/2026-03-02_S-001-cartel/" in texto, texto
    assert "¿De qué evento" not in texto and "No encontré su evento" not in texto
    charla.di("/solicitud entregar S-001", como="ana")
    charla.di("/solicitud cambios S-001 más grande el logo")
    # La siguiente, contestada en el hilo de la solicitud, sin el folio.
    _, texto = soltar(charla, {"cartel-2.svg": svg()}, hilo="1700000000.000100", como="ana",
                      ahora=charla.ahora + timedelta(hours=5))
    assert "como versión S-001 v2" in texto
    assert "entregada por Ana (la versión v2)" in charla.di("/solicitud entregar S-001", como="ana")
    ver = charla.di("/solicitud ver S-001")
    assert "v1 — lunes 2 de marzo 11:00, Ana: v1-cartel.psd" in ver and "v1-cartel.ai" in ver, ver
    assert "v2 — lunes 2 de marzo 14:00, Ana: v2-cartel-2.svg" in ver
    assert "entregada · Ana: v2" in ver
    archivo = Path(charla.app.config.archivo)
    assert (archivo / "2026/03-marzo/2026-03-02_S-001-cartel/v2-cartel-2.svg").read_bytes() == svg()
    # Un folio que no existe se dice y el archivo sigue su camino normal.
    _, texto = soltar(charla, {"otro.docx": docx()}, texto="para S-077", ahora=charla.ahora + timedelta(hours=6))
    assert "No hay una solicitud S-077." in texto


def test_en_la_consola_una_solicitud_y_su_version_con_subir(app: Aplicacion, tmp_path: Path) -> None:
    salida = io.StringIO()
    ahora = datetime(2026, 3, 2, 9, 0, tzinfo=app.config.tz)
    c = Consola(config=app.config, despachador=app.despachador, usuario="Ana", reloj=lambda: ahora, salida=salida)
    conectar_archivo(c, app)
    (tmp_path / "cartel.pptx").write_bytes(pptx())
    c.linea("/solicitud nueva Cultura | diapositivas | viernes | Presentación del festival")
    c.linea(f"/subir {tmp_path / 'cartel.pptx'} S-001")
    c.linea("/solicitud entregar S-001")
    c.linea("/solicitud ver S-001")
    texto = salida.getvalue()
    assert "Solicitud S-001 registrada: diapositivas de Cultura" in texto
    assert "1 como versión S-001 v1 → 2026/03-marzo/2026-03-02_S-001-diapositivas/" in texto
    assert "S-001 entregada por Ana (la versión v1)" in texto and "v1-cartel.pptx" in texto


def test_contar_solicitudes_tambien_con_fechas_en_la_zona_de_la_oficina(charla: Charla) -> None:
    # Llega a las 23:30 del 31 de marzo en México (ya es 1 de abril en UTC): cuenta en marzo.
    charla.ahora = datetime(2026, 3, 31, 23, 30, tzinfo=charla.app.config.tz)
    charla.di("/solicitud nueva DIF | redes | 3 de abril | Publicación de la jornada")
    tz = charla.app.config.tz
    with charla.app.fabrica() as s:
        assert contar_solicitudes(s, 1, date(2026, 3, 1), date(2026, 3, 31), tz=tz) == 1
        assert contar_solicitudes(s, 1, date(2026, 4, 1), date(2026, 4, 30), tz=tz) == 0
