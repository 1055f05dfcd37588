"""Los boletines, como los usa la oficina: del evento al borrador numerado, la aprobación, el PDF
que reciben los medios y dónde se publicó."""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.formularios import ErroresDeFormulario
from modelos import Asignacion, Boletin, Espacio, Evento, Medio, Persona, VersionBoletin
from tests.conftest import ZONA, Charla

FECHA = "Tlalchapa, Gro., a 3 de marzo de 2026.-"  # el evento es mañana, martes 3 de marzo


# --- ayudantes -------------------------------------------------------------------------------------
def evento(charla: Charla, titulo: str = "Inauguración de la cancha de usos múltiples", **extra: str) -> None:
    """Un evento registrado con el formulario de la agenda (trae quién preside y notas)."""
    valores = {"titulo": titulo, "cuando": "mañana a las 10", "lugar": "Col. Centro",
               "dependencia": "Obras Públicas", "preside": "el presidente municipal, Juan Pérez",
               "prioridad": "alta", "notas": "Se invirtieron 1.2 millones de pesos."} | extra
    r = charla.app.despachador.formulario(charla.peticion("agenda", "", "dir"), "agenda.nueva", valores)
    assert "registrado" in r.cuerpo, r.cuerpo


def con_sesion(charla: Charla):  # type: ignore[no-untyped-def]
    return charla.app.fabrica.begin()


def asignar_redaccion(charla: Charla, usuario: str, numero_evento: int = 1) -> None:
    charla.di("/equipo", como=usuario)
    with con_sesion(charla) as s:
        e = s.scalars(select(Evento).where(Evento.numero == numero_evento)).one()
        p = s.scalars(select(Persona).where(Persona.usuario_id == usuario)).one()
        s.add(Asignacion(espacio_id=e.espacio_id, evento_id=e.id, persona_id=p.id, rol="redacción",
                         estado="aceptada", creado=charla.ahora))


def foto(charla: Charla, autor: str, pie: str, n: int, numero_evento: int = 1, ancho: int = 1600) -> Path:
    """Una foto archivada del evento: su fila en ``medios`` y un JPEG real como copia de 1600 px."""
    from PIL import Image

    charla.di("/equipo", como=autor)
    clave_copia = f"copias/foto-{n}.jpg"
    ruta = charla.app.config.archivo / clave_copia
    ruta.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (ancho, ancho * 2 // 3), (40 * n % 255, 120, 200)).save(buf, "JPEG", quality=80)
    ruta.write_bytes(buf.getvalue())
    with con_sesion(charla) as s:
        e = s.scalars(select(Evento).where(Evento.numero == numero_evento)).one()
        p = s.scalars(select(Persona).where(Persona.usuario_id == autor)).one()
        s.add(Medio(
            espacio_id=e.espacio_id, evento_id=e.id, sha256=hashlib.sha256(buf.getvalue()).hexdigest(),
            nombre=f"IMG_{n:04d}.jpg", clave=f"2026/03-marzo/IMG_{n:04d}.jpg", tipo="foto", mime="image/jpeg",
            tamanio=len(buf.getvalue()), fecha=charla.ahora, autor_id=p.id, pie=pie, clave_copia=clave_copia,
            subido=charla.ahora,
        ))
    return ruta


def boletines(charla: Charla) -> list[Boletin]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Boletin).order_by(Boletin.anio, Boletin.numero)))


def leer_pdf(ruta: Path):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(str(ruta))


# --- el borrador -------------------------------------------------------------------------------------
def test_borrador_desde_el_evento_con_membrete_numero_fecha_y_cuerpo(charla: Charla) -> None:
    evento(charla)
    asignar_redaccion(charla, "carla")
    texto = charla.di("/boletin borrador 1", como="carla")
    r = charla.ultima
    assert r is not None and r.publica and not r.es_error
    assert "Borrador listo: Boletín No. 001/2026, del evento #1" in texto
    assert "H. Ayuntamiento de Tlalchapa\nDirección de Comunicación Social\nBoletín No. 001/2026" in texto
    # Estilo de la casa: actor + verbo + qué; el resumen suma datos (cuándo, dónde, quién organizó).
    assert (f"{FECHA} El Presidente Municipal, Juan Pérez, inauguró la cancha de usos múltiples, en Col. Centro, "
            "con la participación de Obras Públicas.") in texto
    assert "• Martes 3 de marzo, 10:00 horas, en Col. Centro.\n• Organizó: Obras Públicas." in texto
    assert "«" not in texto and "»" not in texto
    assert "Se invirtieron 1.2 millones de pesos." in texto
    assert "-o0o-" in texto and "Estado: Borrador, sin aprobar" in texto
    assert [b.etiqueta for b in r.botones] == ["Aprobar", "Editar", "PDF"]
    assert all(b.valor == "001/2026" for b in r.botones)


def test_la_fecha_es_la_del_dia_en_que_se_redacta_despues_del_evento(charla: Charla) -> None:
    evento(charla)
    charla.ahora = datetime(2026, 3, 12, 17, 30, tzinfo=ZONA)
    assert "Tlalchapa, Gro., a 12 de marzo de 2026.- " in charla.di("/boletin borrador 1")


def test_sin_municipio_configurado_la_fecha_no_inventa_lugar(app: Aplicacion) -> None:
    c = Charla(replace(app, config=replace(app.config, municipio="", estado="")))
    c.di("/equipo")
    evento(c)
    texto = c.di("/boletin borrador 1")
    assert "A 3 de marzo de 2026.- " in texto and ", a 3 de marzo" not in texto
    assert "H. Ayuntamiento\nDirección de Comunicación Social" in texto  # sin un «de» colgando


def test_fotos_del_evento_con_pie_y_credito(charla: Charla) -> None:
    evento(charla)
    foto(charla, "ana", "El presidente corta el listón inaugural", 1)
    foto(charla, "ana", "", 2)
    texto = charla.di("/boletin borrador 1")
    assert "📷 El presidente corta el listón inaugural. Foto: Ana" in texto
    assert "📷 Foto: Ana" in texto


def test_las_notas_de_quien_redacta_entran_al_cuerpo_y_sin_notas_queda_un_recordatorio(charla: Charla) -> None:
    evento(charla, notas="")
    texto = charla.di("/boletin borrador 1")
    assert "[Completa aquí la nota" in texto


# --- numeración --------------------------------------------------------------------------------------
def test_numeros_consecutivos_con_tres_cifras_y_cuatro_cuando_hacen_falta(charla: Charla) -> None:
    evento(charla)
    assert "Boletín No. 001/2026" in charla.di("/boletin borrador 1")
    assert "Boletín No. 002/2026" in charla.di("/boletin borrador #1")
    assert "El siguiente boletín será el No. 003/2026" in charla.di("/boletin numero")
    assert "el siguiente boletín será el No. 999/2026" in charla.di("/boletin numero 999")
    assert "Boletín No. 999/2026" in charla.di("/boletin borrador 1")
    assert "Boletín No. 1000/2026" in charla.di("/boletin borrador 1")
    assert "Boletín No. 1000/2026" in charla.di("/boletin ver 1000")
    assert "Boletín No. 002/2026" in charla.di("/boletin 002/2026")
    assert [b.folio for b in boletines(charla)] == ["001/2026", "002/2026", "999/2026", "1000/2026"]


def test_otro_boletin_del_mismo_evento_avisa(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    assert "Ojo: este evento ya tiene el 001/2026 (borrador)" in charla.di("/boletin borrador 1")


def test_el_anio_nuevo_empieza_en_001_y_el_numero_sin_anio_es_del_anio_en_curso(charla: Charla) -> None:
    evento(charla, titulo="Fin de año")
    charla.di("/boletin borrador 1")
    charla.di("/boletin borrador 1")
    charla.ahora = datetime(2027, 1, 4, 9, 0, tzinfo=ZONA)
    assert "Boletín No. 001/2027" in charla.di("/boletin borrador 1")
    assert "Boletín No. 001/2027" in charla.di("/boletin ver 1")
    assert "Boletín No. 002/2026" in charla.di("/boletin ver 002/2026")
    assert "Tlalchapa, Gro., a 4 de enero de 2027.-" in charla.di("/boletin ver 1")


def test_cada_espacio_lleva_su_propia_numeracion(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    otro = Charla(charla.app, espacio="consola:otro-municipio")
    otro.di("/equipo")
    evento(otro)
    assert "Boletín No. 001/2026" in otro.di("/boletin borrador 1")
    r = otro.respuesta("/boletin ver 2")
    assert r.es_error and "No hay un boletín 002/2026" in r.cuerpo


def test_fijar_el_numero_solo_director_y_nunca_por_debajo_de_uno_existente(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin numero 45")
    charla.di("/boletin borrador 1")
    r = charla.respuesta("/boletin numero 40")
    assert r.es_error and "Ya existe el boletín 045/2026" in r.cuerpo
    r = charla.respuesta("/boletin numero 45")
    assert r.es_error and "46 o mayor" in r.cuerpo
    charla.di("/equipo", como="beto")
    r = charla.respuesta("/boletin numero 80", como="beto")
    assert r.es_error and "Solo un director" in r.cuerpo
    assert "No. 046/2026" in charla.di("/boletin numero")
    r = charla.respuesta("/boletin numero diez")
    assert r.es_error and "no es un número de boletín" in r.cuerpo


def test_veinte_borradores_en_paralelo_reciben_numeros_distintos_y_consecutivos(app: Aplicacion) -> None:
    c = Charla(app)
    c.di("/equipo", como="dir")
    evento(c)

    def crear(i: int) -> str:
        return Charla(app).di("/boletin borrador 1", como=f"persona{i % 5}")

    with ThreadPoolExecutor(max_workers=10) as pool:
        respuestas = list(pool.map(crear, range(20)))
    assert all("Borrador listo" in r for r in respuestas), respuestas
    with app.fabrica() as s:
        numeros = sorted(s.scalars(select(Boletin.numero)).all())
        versiones = s.scalar(select(func.count(VersionBoletin.id)))
    assert numeros == list(range(1, 21))
    assert versiones == 20


# --- estados y versiones ---------------------------------------------------------------------------
def test_aprobar_es_de_directores_y_registra_quien_y_cuando(charla: Charla) -> None:
    evento(charla)
    charla.di("/equipo", como="carla")
    charla.di("/boletin borrador 1", como="carla")
    r = charla.respuesta("/boletin aprobar 1", como="carla")
    assert r.es_error and "Solo un director puede aprobar boletines" in r.cuerpo
    assert boletines(charla)[0].estado == "borrador"
    charla.ahora = datetime(2026, 3, 3, 16, 10, tzinfo=ZONA)
    texto = charla.pulsa("boletin.aprobar", "001/2026")
    assert "Boletín No. 001/2026 aprobado" in texto
    assert "Aprobado por Dir el martes 3 de marzo a las 16:10" in texto
    assert ("carla", "Dir aprobó tu Boletín No. 001/2026 «Inauguración de la cancha de usos múltiples».") in charla.avisos
    assert [b.etiqueta for b in charla.ultima.botones] == ["Editar", "PDF"]  # type: ignore[union-attr]
    r = charla.respuesta("/boletin aprobar 1")
    assert r.es_error and "ya está aprobado" in r.cuerpo


def test_no_se_aprueba_con_el_relleno_de_la_plantilla_sin_completar(charla: Charla) -> None:
    charla.di("/agenda nueva Feria del elote | mañana a las 10 | Plaza")  # sin notas: el cuerpo trae relleno
    charla.di("/boletin borrador 1")
    r = charla.respuesta("/boletin aprobar 1")
    assert r.es_error and "todavía tiene texto de relleno de la plantilla: [Completa aquí la nota:" in r.cuerpo
    assert "/boletin editar 1" in r.cuerpo
    assert boletines(charla)[0].estado == "borrador"
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "Feria del elote", "resumen": "- Feria", "cuerpo_1": "Productores venden elote y derivados.",
    }, form.contexto)
    assert "aprobado" in charla.di("/boletin aprobar 1")
    assert boletines(charla)[0].estado == "aprobado"


def test_publicar_solo_aprobados_y_solo_direcciones_web(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    r = charla.respuesta("/boletin publicar 1 https://diario.mx/nota")
    assert r.es_error and "todavía es borrador" in r.cuerpo and "/boletin aprobar 1" in r.cuerpo
    charla.di("/boletin aprobar 1")
    for mala in ("javascript:alert(1)", "ftp://diario.mx/nota", "diario.mx/nota", "https://"):
        r = charla.respuesta(f"/boletin publicar 1 https://ok.mx/a {mala}")
        assert r.es_error and "no es una dirección web" in r.cuerpo, mala
    r = charla.respuesta("/boletin publicar 1")
    assert r.es_error and "Falta la dirección" in r.cuerpo
    r = charla.respuesta("/boletin publicar 1 https://diario.mx/" + "a" * 600)
    assert r.es_error and "muy larga" in r.cuerpo
    assert boletines(charla)[0].estado == "aprobado" and boletines(charla)[0].urls == ""
    texto = charla.di("/boletin publicar 001/2026 https://diario.mx/nota <https://facebook.com/ayto/posts/1|facebook>")
    assert "publicado: registré 2 direcciones" in texto
    assert "registré 1 dirección (3 en total)" in charla.di("/boletin publicar 1 http://radio.mx/x https://diario.mx/nota")
    ver = charla.di("/boletin ver 1")
    assert "Publicado el lunes 2 de marzo a las 09:00" in ver
    assert "https://facebook.com/ayto/posts/1" in ver and "http://radio.mx/x" in ver


def test_editar_un_aprobado_lo_regresa_a_borrador_y_todo_queda_en_el_historial(charla: Charla) -> None:
    evento(charla)
    charla.di("/equipo", como="carla")
    charla.di("/boletin borrador 1", como="carla")
    charla.di("/boletin aprobar 1")
    form = charla.respuesta("/boletin editar 1", como="carla").form
    assert form is not None
    hecho = charla.app.despachador.formulario(charla.peticion("formulario", "", "carla"), form.id, {
        "titular": "Inauguran la cancha de la Col. Centro", "resumen": "- Cancha nueva", "cuerpo_1": "Texto nuevo.",
    }, form.contexto)
    texto = hecho.cuerpo or ""
    from asistente.nucleo.render import renderizar

    texto = renderizar(hecho, "texto")
    assert "volvió a borrador (estaba aprobado)" in texto and "Estado: Borrador, sin aprobar" in texto
    b = boletines(charla)[0]
    assert b.estado == "borrador" and b.aprobado_por_id is None and b.titular == "Inauguran la cancha de la Col. Centro"
    charla.di("/boletin aprobar 1")
    charla.di("/boletin publicar 1 https://diario.mx/nota")
    historial = charla.di("/boletin historial 1")
    lineas = [l for l in historial.splitlines() if l.startswith("•")]
    assert [l.split(": ", 1)[1].split(" (")[0] for l in lineas] == ["creado", "aprobado", "editado", "aprobado", "publicado"]
    assert "Carla: creado (borrador del evento #1)" in historial
    assert "Carla: editado (cambió titular, resumen, cuerpo; volvió a borrador" in historial
    assert "Dir: publicado (https://diario.mx/nota)" in historial
    with charla.app.fabrica() as s:
        primera = s.scalars(select(VersionBoletin).order_by(VersionBoletin.id)).first()
        assert primera is not None and primera.titular == "Inauguración de la cancha de usos múltiples"
    r = charla.respuesta("/boletin editar 1")
    assert r.es_error and "ya se publicó" in r.cuerpo


def test_cancelar_conserva_el_numero_y_el_siguiente_toma_el_que_sigue(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    charla.di("/equipo", como="beto")
    r = charla.respuesta("/boletin cancelar 1", como="beto")
    assert r.es_error and "Solo un director o quien redactó" in r.cuerpo
    r = charla.respuesta("/boletin cancelar 1 " + "x" * 301)
    assert r.es_error and "muy largo" in r.cuerpo and boletines(charla)[0].estado == "borrador"
    assert "Boletín No. 001/2026 cancelado: se pospuso" in charla.di("/boletin cancelar 1 se pospuso")
    assert "Boletín No. 002/2026" in charla.di("/boletin borrador 1")
    lista = charla.di("/boletin lista")
    assert "001/2026 · lunes 2 de marzo" not in lista  # la fecha es la del evento: martes 3
    assert "001/2026 · martes 3 de marzo · Inauguración de la cancha de usos múltiples · cancelado" in lista
    assert "Estado: Cancelado: se pospuso" in charla.di("/boletin ver 1")
    for orden in ("/boletin aprobar 1", "/boletin editar 1", "/boletin pdf 1", "/boletin cancelar 1"):
        r = charla.respuesta(orden)
        assert r.es_error and "cancelado" in r.cuerpo, orden


# --- el formulario de edición ------------------------------------------------------------------------
def test_un_cuerpo_largo_se_reparte_en_campos_de_3000_y_se_vuelve_a_unir(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None and form.id == "boletin.editar"
    assert [c.nombre for c in form.campos] == ["titular", "resumen", "cuerpo_1"]
    assert all(c.max_largo <= 3000 for c in form.campos)
    parrafos = [f"Párrafo {i}: " + "palabra " * 240 for i in range(1, 8)]  # ~2000 caracteres cada uno
    partes = {"cuerpo_1": "\n\n".join(parrafos[:1]), "cuerpo_2": "\n\n".join(parrafos[1:2])}
    form = replace(form, contexto={**form.contexto, "partes": "3"})
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "Titular", "resumen": "", **partes, "cuerpo_3": "\n\n".join(p.strip() for p in parrafos[2:3]),
    }, form.contexto)
    cuerpo = boletines(charla)[0].cuerpo
    assert cuerpo == "\n\n".join(p.strip() for p in parrafos[:3])
    otra = charla.pulsa("boletin.editar", "001/2026")
    form = charla.ultima.form  # type: ignore[union-attr]
    assert form is not None and not otra.startswith("No")
    cuerpos = [c for c in form.campos if c.nombre.startswith("cuerpo_")]
    assert len(cuerpos) >= 3 and all(len(c.inicial or "") <= 3000 for c in cuerpos)
    from asistente.boletines import unir_partes

    assert unir_partes([str(c.inicial or "") for c in cuerpos]) == cuerpo


def test_el_cuerpo_mas_largo_permitido_cabe_en_el_formulario_sin_perder_texto() -> None:
    from asistente.boletines import MAX_CUERPO, MAX_PARTE, MAX_PARTES, partir_cuerpo, unir_partes

    # Párrafos de algo más de la mitad de un campo: el peor caso para repartirlos.
    parrafo = "Palabra " * 190 + "fin."
    cuerpo = "\n\n".join([parrafo] * (MAX_CUERPO // (len(parrafo) + 2)))
    assert len(cuerpo) <= MAX_CUERPO
    trozos = partir_cuerpo(cuerpo)
    assert len(trozos) < MAX_PARTES and all(len(t) <= MAX_PARTE for t in trozos)
    assert unir_partes(trozos) == cuerpo


def test_el_formulario_rechaza_campos_vacios_o_demasiado_largos_sin_guardar(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    antes = boletines(charla)[0]
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    for valores, campo in (({"titular": "x" * 301, "cuerpo_1": "Texto"}, "titular"),
                           ({"titular": "Bien", "cuerpo_1": ""}, "cuerpo_1"),
                           ({"titular": "Bien", "cuerpo_1": "y" * 3001}, "cuerpo_1"),
                           ({"titular": "Bien", "resumen": "z" * 3001, "cuerpo_1": "Texto"}, "resumen")):
        with pytest.raises(ErroresDeFormulario) as error:
            charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, valores, form.contexto)
        assert campo in error.value.errores and "Máximo" in error.value.errores[campo] or "obligatorio" in error.value.errores[campo]
    despues = boletines(charla)[0]
    assert (despues.titular, despues.cuerpo) == (antes.titular, antes.cuerpo)
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(VersionBoletin.id))) == 1


def test_guardar_sin_cambios_no_crea_version(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    b = boletines(charla)[0]
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    r = charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id,
                                          {"titular": b.titular, "resumen": b.resumen, "cuerpo_1": b.cuerpo}, form.contexto)
    from asistente.nucleo.render import renderizar

    assert "sin cambios" in renderizar(r, "texto")
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(VersionBoletin.id))) == 1


# --- el PDF y el texto plano ---------------------------------------------------------------------------
def _con_signos(charla: Charla) -> None:
    """Un boletín con acentos, ñ, ¿ y ¡ en el titular y el cuerpo, largo (más de una hoja y más de
    un campo del formulario)."""
    from asistente.boletines import partir_cuerpo

    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    cuerpo = "El año del niño: acción, pingüino, señoría.\n\n" + "\n\n".join(
        f"Párrafo {i} " + "con texto de relleno para llenar la página. " * 12 for i in range(12))
    partes = partir_cuerpo(cuerpo)
    assert len(partes) > 1
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "¡Inauguran la cancha de Tlalchapa! ¿Quién juega mañana?",
        "resumen": "- Niñas y niños de la Col. Centro\n1.2 millones de inversión\n2) Obra de Obras Públicas",
        **{f"cuerpo_{i}": parte for i, parte in enumerate(partes, 1)},
    }, {**form.contexto, "partes": str(len(partes))})


def test_pdf_con_numero_fecha_titular_signos_fotos_paginas_y_metadatos(charla: Charla) -> None:
    evento(charla)
    jpegs = {foto(charla, "ana", f"Foto número {n} del corte de listón", n).read_bytes() for n in range(1, 6)}
    charla.di("/equipo rol @ana foto")
    charla.di("/boletin borrador 1")
    _con_signos(charla)
    charla.di("/boletin aprobar 1")
    r = charla.respuesta("/boletin pdf 1")
    assert not r.es_error and r.publica and r.adjunto is not None
    assert r.adjunto.tipo_mime == "application/pdf" and r.adjunto.titulo == "Boletín No. 001/2026"
    ruta = r.adjunto.ruta
    assert ruta == charla.app.config.archivo / "boletines" / "2026" / "001-2026.pdf" and ruta.is_file()
    assert "boletines/2026/001-2026.txt" in r.cuerpo

    pdf = leer_pdf(ruta)
    texto = "\n".join(p.extract_text() for p in pdf.pages)
    plano = " ".join(texto.split())
    assert "Boletín No. 001/2026" in plano
    assert FECHA in plano
    assert "¡Inauguran la cancha de Tlalchapa! ¿Quién juega mañana?" in plano
    assert "El año del niño: acción, pingüino, señoría." in plano
    assert "H. Ayuntamiento de Tlalchapa" in plano and "Dirección de Comunicación Social" in plano
    assert "Foto número 1 del corte de listón. Foto: Ana" in plano
    assert "-o0o-" in plano and "BORRADOR" not in plano
    total = len(pdf.pages)
    assert total >= 2
    for i in range(total):
        assert f"Página {i + 1} de {total}" in (pdf.pages[i].extract_text() or "")
    meta = pdf.metadata
    assert meta is not None and meta.title == "Boletín No. 001/2026"
    assert meta.subject == "¡Inauguran la cancha de Tlalchapa! ¿Quién juega mañana?"
    assert meta.author == "Dirección de Comunicación Social, H. Ayuntamiento de Tlalchapa"

    fuentes, imagenes = set(), 0
    for pagina in pdf.pages:
        recursos = pagina["/Resources"]
        for f in recursos.get("/Font", {}).values():
            f = f.get_object()
            descriptor = f["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in f else f.get("/FontDescriptor")
            incrustada = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fuentes.add((str(f["/BaseFont"]).split("+")[-1], incrustada))
        for x in recursos.get("/XObject", {}).values():
            x = x.get_object()
            if x["/Subtype"] == "/Image":
                imagenes += 1
                # La copia de 1600 px va tal cual, sin volver a codificarla.
                assert list(x["/Filter"]) == ["/DCTDecode"] and x._data in jpegs
    assert ("DejaVuSans", True) in fuentes and ("DejaVuSans-Bold", True) in fuentes
    assert not [f for f, incrustada in fuentes if not incrustada]
    assert imagenes == 4  # a lo más cuatro fotos

    txt = ruta.with_suffix(".txt").read_text(encoding="utf-8")
    assert txt.startswith("H. Ayuntamiento de Tlalchapa\nDirección de Comunicación Social\n\nBoletín No. 001/2026")
    assert f"{FECHA} El año del niño" in txt and "¡INAUGURAN LA CANCHA DE TLALCHAPA!" in txt
    assert "• 1.2 millones de inversión\n• Obra de Obras Públicas" in txt
    assert "• Niñas y niños de la Col. Centro" in txt and "Foto: Ana" in txt and "-o0o-" in txt
    assert "*" not in txt and "_" not in txt


def test_pdf_de_un_borrador_lo_dice_en_cada_hoja_y_se_regenera_con_la_edicion(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    texto = charla.pulsa("boletin.pdf", "001/2026")
    assert "Es un borrador" in texto
    ruta = charla.ultima.adjunto.ruta  # type: ignore[union-attr]
    assert "BORRADOR" in leer_pdf(ruta).pages[0].extract_text()
    _con_signos(charla)
    charla.di("/boletin pdf 1")
    assert "¿Quién juega mañana?" in " ".join(leer_pdf(ruta).pages[0].extract_text().split())
    assert not list(ruta.parent.glob(".*.tmp"))


def test_pdf_con_logotipo_configurado(app: Aplicacion, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "escudo.png"
    Image.new("RGB", (300, 300), (109, 26, 54)).save(logo)
    c = Charla(replace(app, config=replace(app.config, logo=str(logo))))
    c.di("/equipo")
    evento(c)
    c.di("/boletin borrador 1")
    ruta = c.respuesta("/boletin pdf 1").adjunto.ruta  # type: ignore[union-attr]
    recursos = leer_pdf(ruta).pages[0]["/Resources"]
    assert len([x for x in recursos["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]) == 1


def test_una_foto_que_ya_no_esta_no_impide_el_pdf(charla: Charla) -> None:
    evento(charla)
    foto(charla, "ana", "Se perdió", 1).unlink()
    foto(charla, "ana", "Esta sí", 2)
    charla.di("/boletin borrador 1")
    r = charla.respuesta("/boletin pdf 1")
    assert not r.es_error and r.adjunto is not None
    assert "Esta sí. Foto: Ana" in leer_pdf(r.adjunto.ruta).pages[0].extract_text()


# --- lista -----------------------------------------------------------------------------------------------
def test_lista_del_mes_en_palabras(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    charla.di("/boletin borrador 1")
    texto = charla.di("/boletin lista")
    assert "Boletines de marzo de 2026" in texto and "001/2026" in texto and "002/2026" in texto
    assert "El siguiente será el 003/2026" in texto
    assert "001/2026" in charla.di("/boletin lista Marzo 2026")
    assert "001/2026" in charla.di("/boletin lista marzo")
    assert "001/2026" in charla.di("/boletin lista 2026")
    solo = charla.di("/boletin")  # sin nada: la lista del mes y el uso del comando al pie
    assert "001/2026" in solo and "Uso: /boletin borrador N" in solo
    assert "Uso:" not in charla.di("/boletin lista")
    abril = charla.di("/boletin lista abril de 2026")
    assert "Boletines de abril de 2026" in abril and "No hay boletines" in abril
    for anio in ("0000", "9999", "marzo 0001"):
        r = charla.respuesta(f"/boletin lista {anio}")
        assert r.es_error and "fuera de rango" in r.cuerpo
    r = charla.respuesta("/boletin lista marzzo")
    assert r.es_error and "No entendí el mes «marzzo»" in r.cuerpo and "Uso: /boletin lista [mes]" in r.cuerpo


def test_un_mes_sin_anio_es_el_mas_reciente(charla: Charla) -> None:
    charla.ahora = datetime(2027, 1, 10, 9, 0, tzinfo=ZONA)
    assert "Boletines de diciembre de 2026" in charla.di("/boletin lista diciembre")
    assert "Boletines de enero de 2027" in charla.di("/boletin lista enero")


# --- entradas malas: una línea en español, el uso, y nada escrito ---------------------------------------
@pytest.mark.parametrize("orden, mensaje", [
    ("/boletin borrador 7", "No hay un evento #7"),
    ("/boletin borrador", "Falta el número del evento"),
    ("/boletin borrador siete", "no es un número de evento"),
    ("/boletin ver 9", "No hay un boletín 009/2026"),
    ("/boletin ver 001/2025", "No hay un boletín 001/2025"),
    ("/boletin ver", "Falta el número del boletín"),
    ("/boletin pdf 045/26", "no es un número de boletín"),
    ("/boletin aprobar 0", "no es un número de boletín"),
    ("/boletin historial 12", "No hay un boletín 012/2026"),
    ("/boletin ver 1/0000", "fuera de rango"),
    ("/boletin borrar 1", "No conozco «/boletin borrar»"),
])
def test_entradas_malas_se_explican_y_no_escriben(charla: Charla, orden: str, mensaje: str) -> None:
    evento(charla)
    r = charla.respuesta(orden)
    assert r.es_error and mensaje in r.cuerpo, r.cuerpo
    # La línea «Uso:» solo cuando se escribió mal; «no hay tal boletín» no es un error de sintaxis.
    assert ("Uso: /boletin" in r.cuerpo) == (not mensaje.startswith("No hay")), r.cuerpo
    assert boletines(charla) == []
    with charla.app.fabrica() as s:
        assert not s.scalar(select(func.count(VersionBoletin.id)))


def test_no_se_redacta_boletin_de_un_evento_cancelado(charla: Charla) -> None:
    evento(charla)
    charla.di("/agenda cancelar 1 lluvia")
    r = charla.respuesta("/boletin borrador 1")
    assert r.es_error and "está cancelado" in r.cuerpo
    assert boletines(charla) == []
    assert "El siguiente boletín será el No. 001/2026" in charla.di("/boletin numero")


def test_boton_de_un_boletin_de_otro_espacio_no_sirve(charla: Charla) -> None:
    otro = Charla(charla.app, espacio="consola:otro")
    otro.di("/equipo")
    evento(otro)
    otro.di("/boletin borrador 1")
    r_texto = charla.pulsa("boletin.aprobar", "001/2026")
    assert "No hay un boletín 001/2026" in r_texto
    with charla.app.fabrica() as s:
        assert s.scalars(select(Boletin.estado)).one() == "borrador"
        assert s.scalar(select(func.count(Espacio.id))) == 2


def test_texto_hostil_no_rompe_el_pdf(charla: Charla) -> None:
    evento(charla, titulo="<b>Evento</b> & «comillas»")
    charla.di("/boletin borrador 1")
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "<font name='x'>Titular</font> \x00 & </para>", "resumen": "- <br/> \x07 punto",
        "cuerpo_1": "Cuerpo con <a href='javascript:x'>enlace</a> & 😀 emoji.\x1b",
    }, form.contexto)
    r = charla.respuesta("/boletin pdf 1")
    assert not r.es_error and r.adjunto is not None
    texto = " ".join(leer_pdf(r.adjunto.ruta).pages[0].extract_text().split())
    assert "<font name='x'>Titular</font> & </para>" in texto
    assert "<a href='javascript:x'>enlace</a> &" in texto


def test_un_error_en_la_plantilla_editada_se_explica_y_no_gasta_numero(
    charla: Charla, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2 import DictLoader

    from asistente.nucleo.render import entorno

    evento(charla)
    env = entorno("texto")
    for plantilla, mensaje in (("{% block titular %}{{ evento.titulo }{% endblock %}", "tiene un error en la línea 1"),
                               ("{% block titular %}{{ evento.sin_dato }}{% endblock %}", "parte «titular»"),
                               ("{% block titular %}Hola{% endblock %}", "le falta la parte {% block resumen %}")):
        monkeypatch.setattr(env, "loader", DictLoader({"boletin_borrador.j2": plantilla}))
        env.cache.clear()  # type: ignore[union-attr]
        r = charla.respuesta("/boletin borrador 1")
        assert r.es_error and "plantillas/boletin_borrador.j2" in r.cuerpo and mensaje in r.cuerpo, r.cuerpo
    monkeypatch.undo()
    env.cache.clear()  # type: ignore[union-attr]
    assert boletines(charla) == []
    assert "Boletín No. 001/2026" in charla.di("/boletin borrador 1")


def test_por_aprobar_y_emitidos_para_el_resumen_semanal(charla: Charla) -> None:
    from datetime import timedelta

    from asistente.boletines import emitidos, por_aprobar

    evento(charla)
    for _ in range(3):
        charla.di("/boletin borrador 1")
    charla.di("/boletin aprobar 1")
    charla.di("/boletin cancelar 3")
    with charla.app.fabrica() as s:
        espacio = s.scalars(select(Espacio.id).where(Espacio.clave == charla.espacio)).one()
        assert [b.folio for b in por_aprobar(s, espacio)] == ["002/2026"]
        semana = (charla.ahora - timedelta(days=1), charla.ahora + timedelta(days=6))
        assert emitidos(s, espacio, *semana) == 1
        assert emitidos(s, espacio, charla.ahora + timedelta(days=1), charla.ahora + timedelta(days=8)) == 0


def test_una_url_no_puede_colar_una_mencion_ni_romper_el_enlace(charla: Charla) -> None:
    """``https://evil.example/a>x<!channel>`` se rechaza; una URL válida con «&» o paréntesis se dibuja
    como un solo enlace en Slack y en Mattermost."""
    from asistente.nucleo.render import renderizar

    evento(charla)
    charla.di("/boletin borrador 1")
    charla.di("/boletin aprobar 1")
    for mala in ("https://evil.example/a>x<!channel>", 'https://evil.example/"onmouseover', "https://x.mx/a^b"):
        r = charla.respuesta(f"/boletin publicar 1 {mala}")
        assert r.es_error and "no es una dirección web" in r.cuerpo, mala
    assert boletines(charla)[0].urls == ""
    charla.di("/boletin publicar 1 https://diario.mx/nota?a=1&b=2 https://es.wikipedia.org/wiki/Tlalchapa_(Guerrero)")
    ver = charla.respuesta("/boletin ver 1")
    slack = renderizar(ver, "slack")
    assert "<https://diario.mx/nota?a=1&amp;b=2|" in slack and "<!channel>" not in slack
    mattermost = renderizar(ver, "mattermost")
    assert "](https://es.wikipedia.org/wiki/Tlalchapa_%28Guerrero%29)" in mattermost
