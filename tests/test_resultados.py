"""Metas y resultados (SPEC §11): las metas del POA con su avance contado de lo registrado, los
informes del mes, el trimestre, el año y una dependencia (PDF con gráficas y XLSX con las mismas
cifras, comparadas aquí con los registros que cuentan), el avance mensual del programador el primer
día hábil, exactamente una vez, y cada camino de entrada mala."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from asistente.programador import correr_pasada
from modelos import (
    Asignacion,
    AvanceManual,
    Boletin,
    CorreoSaliente,
    Difusion,
    Espacio,
    EstadoEvento,
    Evento,
    Medio,
    Meta,
    Persona,
)
from tests.archivos import jpeg
from tests.conftest import ZONA, Charla
from tests.grabadora import Grabadora

FEB = datetime(2026, 2, 15, 12, 0, tzinfo=ZONA)


def _dia(mes: int, dia: int, hora: int = 10) -> datetime:
    return datetime(2026, mes, dia, hora, 0, tzinfo=ZONA)


@dataclass
class Oficina:
    """Lo que la oficina registró en enero y febrero de 2026 (ver ``_sembrar``)."""

    espacio_id: int
    persona_id: int


def _ids(charla: Charla) -> Oficina:
    with charla.app.fabrica() as s:
        espacio = s.scalars(select(Espacio).where(Espacio.clave == charla.espacio)).one()
        persona = s.scalars(select(Persona).where(Persona.espacio_id == espacio.id)).first()
        assert persona is not None
        return Oficina(espacio.id, persona.id)


def _sembrar(charla: Charla) -> Oficina:
    """Eventos, coberturas, archivos (con fotos de verdad en el almacén), documentos, difusiones e
    invitaciones de enero y febrero de 2026, más uno de marzo que aún no pasa."""
    o = _ids(charla)
    archivo: Path = charla.app.config.archivo
    with charla.app.fabrica.begin() as s:
        def evento(numero: int, cuando: datetime, titulo: str, dependencia: str, prioridad: str = "media",
                   estado: EstadoEvento = EstadoEvento.PROGRAMADO) -> Evento:
            e = Evento(espacio_id=o.espacio_id, numero=numero, titulo=titulo, inicio=cuando, fin=cuando + timedelta(hours=1),
                       dependencia=dependencia, prioridad=prioridad, estado=estado, creado=cuando, actualizado=cuando,
                       lugar="Plaza principal")
            s.add(e)
            s.flush()
            return e

        def medio(n: int, cuando: datetime, tipo: str = "foto", ev: Evento | None = None) -> None:
            clave = f"2026/x/{n:03d}.jpg"
            if tipo == "foto":
                ruta = archivo / clave
                ruta.parent.mkdir(parents=True, exist_ok=True)
                ruta.write_bytes(jpeg(semilla=n))
            s.add(Medio(espacio_id=o.espacio_id, evento_id=ev.id if ev else None, sha256=f"{n:064d}", nombre=f"{n}.jpg",
                        clave=clave, tipo=tipo, tamanio=1000, fecha=cuando, subido=cuando, autor_id=o.persona_id,
                        pie=f"Foto {n}"))

        def asignar(ev: Evento, estado: str) -> None:
            s.add(Asignacion(espacio_id=o.espacio_id, evento_id=ev.id, persona_id=o.persona_id, rol="foto", estado=estado,
                             creado=ev.inicio))

        def documento(numero: int, cuando: datetime, estado: str, ev: Evento | None, tipo: str = "boletin") -> Boletin:
            b = Boletin(espacio_id=o.espacio_id, tipo=tipo, anio=2026, numero=numero, evento_id=ev.id if ev else None,
                        estado=estado, titular=f"Titular del documento {tipo} {numero}", fecha=cuando, creado=cuando,
                        actualizado=cuando)
            s.add(b)
            s.flush()
            return b

        cancha = evento(1, _dia(2, 3), "Inauguración de la cancha", "Obras Públicas", "alta")
        asignar(cancha, "aceptada")
        medio(1, _dia(2, 3, 11), ev=cancha)
        medio(2, _dia(2, 3, 12), ev=cancha)
        dif = evento(2, _dia(2, 10), "Entrega de despensas", "DIF Municipal")
        medio(3, _dia(2, 10, 11), "video", dif)
        bacheo = evento(3, _dia(2, 17), "Arranque del bacheo", "Obras Públicas", "baja")
        asignar(bacheo, "asignada")
        cancelado = evento(4, _dia(2, 20), "Recorrido de obra", "Obras Públicas", estado=EstadoEvento.CANCELADO)
        asignar(cancelado, "aceptada")
        evento(5, _dia(2, 27), "Jornada de vacunación", "Salud")
        enero = evento(6, _dia(1, 15), "Cabildo abierto", "DIF Municipal", "alta")
        medio(4, _dia(1, 15, 11), ev=enero)
        evento(7, _dia(3, 5), "Feria del libro", "Cultura")
        medio(5, _dia(2, 25))  # una foto sin evento

        b1 = documento(1, _dia(2, 3, 15), "aprobado", cancha)
        b2 = documento(2, _dia(2, 10, 15), "publicado", dif)
        documento(3, _dia(2, 20, 15), "borrador", bacheo)
        documento(1, _dia(2, 21, 15), "publicado", None, "comunicado")
        documento(4, _dia(1, 15, 15), "publicado", enero)
        for canal, estado, b in (("facebook", "publicada", b2), ("web", "publicada", b2), ("facebook", "fallida", b1)):
            s.add(Difusion(espacio_id=o.espacio_id, boletin_id=b.id, canal=canal, estado=estado,
                           publicada=_dia(2, 12) if estado == "publicada" else None, creado=_dia(2, 11),
                           actualizado=_dia(2, 12)))
        for i, (estado, ev, dia) in enumerate((("enviado", cancha, 1), ("enviado", cancha, 2), ("pendiente", dif, 8))):
            s.add(CorreoSaliente(espacio_id=o.espacio_id, tipo="invitacion", objeto_id=ev.id, correo=f"m{i}@diario.mx",
                                 asunto="Invitación", cuerpo="…", estado=estado, proximo=_dia(2, dia),
                                 creado=_dia(2, dia), enviado=_dia(2, dia) if estado == "enviado" else None))
    return o


def _metas(charla: Charla) -> None:
    for linea in ("Boletines informativos | boletines | 120 | cuenta: boletines",
                  "Cobertura de eventos | eventos | 100 | cuenta: eventos cubiertos",
                  "Banco de fotos | fotos | 600 | cuenta: fotos",
                  "Publicaciones oficiales | publicaciones | 240 | cuenta: Publicaciones",
                  "Invitaciones a medios | invitaciones | 24 | cuenta: invitación",
                  "Foros ciudadanos | foros | 12 | cuenta: manual"):
        assert "registrada para 2026" in charla.di(f"/poa meta nueva {linea}"), linea


def _correr(charla: Charla, r: Respuesta, texto: str = "") -> Respuesta:
    """Lo que el adaptador hace después de «preparando…»: la tarea en su propia transacción."""
    assert r.tarea is not None and not r.es_error
    return charla.app.despachador.en_transaccion(charla.peticion("informe", texto, "dir"), r.tarea)


def _archivos(r: Respuesta) -> dict[str, Path]:
    todos = [r.adjunto] + [a.respuesta.adjunto for a in r.avisos]
    return {a.ruta.suffix: a.ruta for a in todos if a is not None}


def _hoja(ruta: Path, nombre: str) -> list[tuple[Any, ...]]:
    libro = load_workbook(ruta, read_only=True)
    filas = [tuple(f) for f in libro[nombre].iter_rows(values_only=True)]
    libro.close()
    return filas


# --- metas ----------------------------------------------------------------------------------------------
def test_meta_nueva_con_cada_regla_y_su_lista(charla: Charla) -> None:
    charla.ahora = FEB
    _metas(charla)
    lista = charla.di("/POA")
    for nombre in ("Boletines informativos", "Cobertura de eventos", "Banco de fotos", "Foros ciudadanos"):
        assert nombre in lista
    assert "cuenta: eventos cubiertos" in lista and "cuenta: invitaciones" in lista and "cuenta: manual" in lista


@pytest.mark.parametrize("linea, explica", [
    ("Chismes | chismes | 50 | cuenta: chismes", "No conozco la regla «chismes»"),
    ("Boletines | boletines | mil | cuenta: boletines", "debe ser un número entero positivo, no «mil»"),
    ("Boletines | boletines | -5 | cuenta: boletines", "debe ser un número entero positivo"),
    ("Boletines | boletines | 0 | cuenta: boletines", "mayor que cero"),
    ("Boletines | boletines | 120", "Son cuatro partes"),
    (" | boletines | 120 | cuenta: boletines", "Falta el nombre"),
    ("Boletines | boletines | 120 | ", "Falta la regla"),
])
def test_meta_mala_se_explica_y_no_se_guarda(charla: Charla, linea: str, explica: str) -> None:
    r = charla.respuesta(f"/poa meta nueva {linea}")
    texto = renderizar(r, "texto")
    assert r.es_error and explica in texto and "Uso: /poa meta nueva" in texto, texto
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(Meta.id))) == 0


def test_meta_repetida_sin_acentos_y_quien_no_dirige_no_da_de_alta(charla: Charla) -> None:
    assert "Meta 1" in charla.di("/poa meta nueva Difusión | piezas | 100 | cuenta: publicaciones")
    assert "Ya hay una meta «DIFUSION» en 2026" in charla.di("/poa meta nueva DIFUSION | piezas | 5 | cuenta: fotos")
    assert "director" in charla.di("/poa meta nueva Otra | piezas | 100 | cuenta: fotos", como="beto")
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(Meta.id))) == 1


def test_una_meta_dada_de_alta_por_error_se_quita_con_su_avance(charla: Charla) -> None:
    assert "Meta 1" in charla.di("/poa meta nueva Difusión | piezas | 100 | cuenta: publicaciones")
    assert "Meta 2" in charla.di("/poa meta nueva Talleres | talleres | 12 | cuenta: manual")
    assert "Registrado" in charla.di("/poa registrar 2 3 taller de fotografía")
    assert "director" in charla.di("/poa meta quitar 2", como="beto")
    assert "no es el ID de una meta" in charla.di("/poa meta quitar dos")
    assert "Falta el ID de la meta" in charla.di("/poa meta quitar")
    assert "No hay una meta con ID 9" in charla.di("/poa meta borrar 9")
    assert "Meta 2 «Talleres» quitada del POA 2026, con 1 avance registrado a mano." in charla.di("/poa meta quitar 2")
    metas = charla.di("/poa metas")
    assert "Difusión" in metas and "Talleres" not in metas
    with charla.app.fabrica() as s:
        assert s.scalar(select(func.count(AvanceManual.id))) == 0
    # El nombre vuelve a estar libre.
    assert "registrada" in charla.di("/poa meta nueva Talleres | talleres | 10 | cuenta: manual")


def test_registrar_avance_manual_y_sus_errores(charla: Charla) -> None:
    charla.ahora = FEB
    _metas(charla)
    assert charla.di("/poa registrar 6 2 foro de seguridad") == ("Registrado: +2 foros en la meta 6 «Foros ciudadanos» "
                                                                "(foro de seguridad).")
    for linea, explica in [
        ("/poa registrar 1 3", "se cuenta sola (boletines)"),
        ("/poa registrar 6 tres", "La cantidad debe ser un número entero positivo"),
        ("/poa registrar 6 0", "mayor que cero"),
        ("/poa registrar 99 1", "No hay una meta con ID 99"),
        ("/poa registrar meta 1", "no es el ID de una meta"),
        ("/poa registrar 6", "Faltan el ID de la meta y la cantidad"),
    ]:
        r = charla.respuesta(linea)
        assert r.es_error and explica in renderizar(r, "texto"), linea
    # Otro espacio de trabajo no ve (ni toca) las metas de este.
    otra = Charla(charla.app, ahora=FEB, espacio="consola:otro-municipio")
    otra.di("/equipo")
    assert "No hay una meta con ID 6" in otra.di("/poa registrar 6 5")
    with charla.app.fabrica() as s:
        assert s.scalars(select(AvanceManual.cantidad)).all() == [2]


def test_avance_del_mes_con_semaforo_contra_lo_planeado(charla: Charla) -> None:
    _sembrar(charla)
    charla.ahora = FEB
    _metas(charla)
    charla.di("/poa registrar 6 1")
    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    avance = charla.di("/poa avance mes febrero")
    # Febrero completo: lo planeado es la doceava parte de la meta anual.
    assert "Avance del POA: febrero de 2026" in avance and "(a la fecha)" not in avance
    assert "🔴 1 · Boletines informativos: 2 de 10 a la fecha (20 %) · meta anual 120 boletines" in avance
    assert "🔴 2 · Cobertura de eventos: 2 de 8.3 a la fecha" in avance
    assert "🔴 3 · Banco de fotos: 3 de 50 a la fecha" in avance
    assert "5 · Invitaciones a medios: 1 de 2 a la fecha" in avance
    assert "🟢 6 · Foros ciudadanos: 1 de 1 a la fecha (100 %)" in avance
    trimestre = charla.di("/poa avance trimestre 1")
    assert "primer trimestre de 2026 (a la fecha)" in trimestre
    assert "Boletines informativos: 3 de" in trimestre  # enero + febrero
    calendario = charla.di("/poa calendario")
    assert "ENE FEB MAR ABR" in calendario
    assert "1   2   0   ·" in calendario  # boletines: uno en enero, dos en febrero, marzo en curso


@pytest.mark.parametrize("linea, explica", [
    ("/poa avance trimestre 3", "todavía no empieza"),
    ("/poa avance mes diciembre", "todavía no empieza"),
    ("/poa avance año 2027", "todavía no empieza"),
    ("/poa avance trimestre 5", "del 1 al 4"),
    ("/poa avance mes marzoo", "No entiendo el mes «marzoo»"),
    ("/poa avance semestre", "No entiendo el periodo"),
    ("/poa calendario dosmil", "no es un año"),
    ("/informe trimestre 4", "todavía no empieza"),
    ("/informe mes 13", "No entiendo el mes"),
    ("/informe quincena", "No conozco «/informe quincena»"),
    ("/informe 5o trimestre", "No conozco «/informe 5o trimestre»"),
    ("/informe dependencia Protección Civil", "No hay eventos de «Protección Civil» en 2026"),
    ("/informe dependencia", "Falta el nombre de la dependencia"),
])
def test_periodos_y_dependencias_malos_se_explican(charla: Charla, linea: str, explica: str) -> None:
    _sembrar(charla)
    r = charla.respuesta(linea)
    texto = renderizar(r, "texto")
    assert r.es_error and explica in texto and "Uso:" in texto, texto
    assert r.tarea is None


@pytest.mark.parametrize("linea, que", [
    ("/informe noviembre 2025", "el informe de noviembre de 2025"),
    ("/informe ene", "el informe de enero de 2026"),
    ("/informe 1er trimestre", "el informe de primer trimestre de 2026"),
    ("/informe este mes", "el informe de marzo de 2026"),
])
def test_informe_con_el_periodo_como_lo_dice_la_oficina(charla: Charla, linea: str, que: str) -> None:
    r = charla.respuesta(linea)
    assert not r.es_error and r.tarea is not None and que in renderizar(r, "texto")


def test_dependencia_sin_eventos_sugiere_las_que_si_tienen(charla: Charla) -> None:
    _sembrar(charla)
    texto = charla.di("/informe dependencia Turismo")
    assert "Dependencias con eventos: DIF Municipal, Obras Públicas, Salud." in texto  # la feria (5 de marzo) aún no pasa


# --- informes ---------------------------------------------------------------------------------------------
def _cifras_a_mano(charla: Charla, o: Oficina, desde: datetime, hasta: datetime) -> dict[str, Any]:
    """Las mismas cifras contadas de otra manera: trayendo las filas y contando en Python."""
    with charla.app.fabrica() as s:
        eventos = [e for e in s.scalars(select(Evento).where(Evento.espacio_id == o.espacio_id))
                   if desde <= e.inicio < hasta]
        vivos = [e for e in eventos if e.estado != EstadoEvento.CANCELADO]
        medios = [m for m in s.scalars(select(Medio).where(Medio.espacio_id == o.espacio_id)) if desde <= m.fecha < hasta]
        con_archivos = {m.evento_id for m in s.scalars(select(Medio))}
        aceptadas = {a.evento_id for a in s.scalars(select(Asignacion)) if a.estado in ("aceptada", "cumplida")}
        documentos = [b for b in s.scalars(select(Boletin).where(Boletin.espacio_id == o.espacio_id))
                      if desde <= b.fecha < hasta and b.estado in ("aprobado", "publicado")]
        publicadas = [d for d in s.scalars(select(Difusion)) if d.estado == "publicada" and d.publicada
                      and desde <= d.publicada < hasta]
        return {
            "eventos": len(vivos), "cancelados": len(eventos) - len(vivos),
            "cubiertos": sum(1 for e in vivos if e.id in con_archivos or e.id in aceptadas),
            "documentos": len(documentos), "fotos": sum(1 for m in medios if m.tipo == "foto"), "archivos": len(medios),
            "publicaciones": len(publicadas), "numeros": sorted(e.numero for e in vivos),
            "documentos_encabezados": sorted(f"{b.tipo}-{b.numero:03d}/{b.anio}" for b in documentos),
        }


def test_informe_del_mes_xlsx_cuadra_con_los_registros_y_pdf_con_graficas_y_texto(charla: Charla) -> None:
    from pypdf import PdfReader

    o = _sembrar(charla)
    charla.ahora = FEB
    _metas(charla)
    charla.di("/poa registrar 6 2")
    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    preparando = charla.respuesta("/informe mes febrero")
    assert "Preparando el informe de febrero de 2026" in renderizar(preparando, "texto")
    assert preparando.adjunto is None  # al instante: todavía sin archivos
    r = _correr(charla, preparando, "mes febrero")
    archivos = _archivos(r)
    assert set(archivos) == {".png", ".pdf", ".xlsx"}
    assert r.adjunto is not None and r.adjunto.tipo_mime == "image/png" and r.publica
    assert all(a.canal == "C-prensa" for a in r.avisos)  # el PDF y la hoja, al mismo canal
    texto = renderizar(r, "texto")
    assert "Eventos: 4 (50 % cubiertos), 1 cancelado" in texto
    assert "🟢 Foros ciudadanos: 2 de 1 a la fecha (200 %)" in texto

    esperado = _cifras_a_mano(charla, o, datetime(2026, 2, 1, tzinfo=ZONA), datetime(2026, 3, 1, tzinfo=ZONA))
    resumen = dict(_hoja(archivos[".xlsx"], "Resumen")[1:])
    assert resumen["Eventos realizados o programados"] == esperado["eventos"] == 4
    assert resumen["Eventos cancelados"] == esperado["cancelados"] == 1
    assert resumen["Eventos cubiertos"] == esperado["cubiertos"] == 2
    assert resumen["Cobertura (%)"] == 50.0
    assert resumen["Documentos emitidos"] == esperado["documentos"] == 3
    assert resumen["Fotos archivadas"] == esperado["fotos"] == 3
    assert resumen["Archivos archivados"] == esperado["archivos"] == 4
    assert resumen["Publicaciones en canales oficiales"] == esperado["publicaciones"] == 2
    eventos = _hoja(archivos[".xlsx"], "Eventos")
    assert sorted(f[0] for f in eventos[1:]) == esperado["numeros"] == [1, 2, 3, 5]
    cancha = next(f for f in eventos if f[0] == 1)
    assert cancha[2] == "Inauguración de la cancha" and cancha[6] == "sí" and cancha[7] == 2
    assert sum(f[7] for f in eventos[1:]) + 1 == esperado["fotos"]  # más la foto sin evento
    documentos = _hoja(archivos[".xlsx"], "Documentos")
    assert sorted(f[0] for f in documentos[1:]) == ["Boletín No. 001/2026", "Boletín No. 002/2026",
                                                     "Comunicado No. 001/2026"]
    assert dict(_hoja(archivos[".xlsx"], "Documentos por tipo")[1:]) == {"Boletín": 2, "Comunicado": 1}
    assert dict(_hoja(archivos[".xlsx"], "Publicaciones")[1:]) == {"Facebook": 1, "Sitio web": 1}
    semanas = _hoja(archivos[".xlsx"], "Eventos por semana")[1:]
    assert sum(n for _, n in semanas) == 4 and len(semanas) == 4
    metas = {f[1]: f for f in _hoja(archivos[".xlsx"], "Metas")[1:]}
    assert metas["Boletines informativos"][6] == 2 and metas["Boletines informativos"][5] == 10
    assert metas["Invitaciones a medios"][6] == 1  # un evento invitado, aunque fue a dos medios
    assert metas["Foros ciudadanos"][8] == "verde" and metas["Banco de fotos"][8] == "rojo"
    poa = {f[1]: f for f in _hoja(archivos[".xlsx"], "POA mensual")[1:]}
    assert poa["Boletines informativos"][4:7] == (1, 2, 0)  # ENE, FEB, MAR
    assert poa["Cobertura de eventos"][4:6] == (1, 2)

    lector = PdfReader(archivos[".pdf"])
    pdf = "".join(p.extract_text() for p in lector.pages)
    assert "Informe de resultados: febrero de 2026" in pdf
    for evidencia in ("Boletín No. 001/2026", "Comunicado No. 001/2026", "#1", "#5", "Inauguración de la cancha",
                      "Obras Públicas", "Foros ciudadanos", "Evento #1"):
        assert evidencia in pdf, evidencia
    imagenes = [i for p in lector.pages for i in p.images]
    assert len(imagenes) >= 8  # siete gráficas y la foto del evento destacado


def test_informe_de_un_periodo_vacio_es_honesto_y_no_un_error(charla: Charla) -> None:
    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    r = _correr(charla, charla.respuesta("/informe mes enero"), "mes enero")
    assert "No hay actividad registrada en este periodo" in renderizar(r, "texto")
    archivos = _archivos(r)
    resumen = dict(_hoja(archivos[".xlsx"], "Resumen")[1:])
    assert resumen["Eventos realizados o programados"] == 0 and resumen["Documentos emitidos"] == 0
    assert len(_hoja(archivos[".xlsx"], "Eventos")) == 1  # solo el encabezado
    from pypdf import PdfReader

    assert "No hay actividad registrada" in "".join(p.extract_text() for p in PdfReader(archivos[".pdf"]).pages)


def test_informe_del_anio_a_la_fecha_y_del_trimestre(charla: Charla) -> None:
    o = _sembrar(charla)
    charla.ahora = datetime(2026, 3, 10, 9, 0, tzinfo=ZONA)
    for linea, texto in (("/informe año", "año"), ("/informe 2026", "2026"), ("/informe trimestre I", "trimestre I")):
        r = _correr(charla, charla.respuesta(linea), texto)
        resumen = dict(_hoja(_archivos(r)[".xlsx"], "Resumen")[1:])
        esperado = _cifras_a_mano(charla, o, datetime(2026, 1, 1, tzinfo=ZONA), charla.ahora)
        assert resumen["Eventos realizados o programados"] == esperado["eventos"] == 6  # con la feria del 5 de marzo
        assert resumen["Documentos emitidos"] == esperado["documentos"] == 4
        assert "(a la fecha)" in renderizar(r, "texto")


def test_informe_de_una_dependencia_solo_sus_eventos_documentos_y_fotos(charla: Charla) -> None:
    from pypdf import PdfReader

    _sembrar(charla)
    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    preparando = charla.respuesta("/informe dependencia obras publicas 2026")
    assert "Preparando el informe de Obras Públicas (2026)" in renderizar(preparando, "texto")
    r = _correr(charla, preparando, "dependencia obras publicas 2026")
    archivos = _archivos(r)
    resumen = dict(_hoja(archivos[".xlsx"], "Resumen")[1:])
    assert resumen["Dependencia"] == "Obras Públicas"
    assert resumen["Eventos realizados o programados"] == 2 and resumen["Eventos cancelados"] == 1
    assert resumen["Eventos cubiertos"] == 1 and resumen["Fotos archivadas"] == 2
    assert resumen["Documentos emitidos"] == 1  # el boletín 001 (el 003 es borrador)
    assert sorted(f[0] for f in _hoja(archivos[".xlsx"], "Eventos")[1:]) == [1, 3]
    libro = load_workbook(archivos[".xlsx"], read_only=True)
    assert "Metas" not in libro.sheetnames  # las metas son de la oficina, no de una dependencia
    libro.close()
    lector = PdfReader(archivos[".pdf"])
    pdf = "".join(p.extract_text() for p in lector.pages)
    assert "Obras Públicas: informe de año 2026" in pdf and "Entrega de despensas" not in pdf
    assert any(p.images for p in lector.pages)


# --- el programador: el avance del mes, el primer día hábil a las 09:00 -----------------------------------------
def test_avance_mensual_el_primer_dia_habil_a_las_nueve_exactamente_una_vez(charla: Charla) -> None:
    _sembrar(charla)
    charla.ahora = datetime(2026, 1, 20, 9, 0, tzinfo=ZONA)
    _metas(charla)
    grabadora = Grabadora(nombre="consola")
    plataformas = {"consola": grabadora}

    def avances() -> list[str]:
        return [t for t in grabadora.en("C-prensa") if "Avance de" in t]

    # El 2 de febrero de 2026 es lunes, pero es el Día de la Constitución: el primer día hábil es el 3.
    correr_pasada(charla.app, datetime(2026, 2, 2, 9, 30, tzinfo=ZONA), plataformas)
    correr_pasada(charla.app, datetime(2026, 2, 3, 8, 59, tzinfo=ZONA), plataformas)
    assert avances() == []
    correr_pasada(charla.app, datetime(2026, 2, 3, 9, 0, tzinfo=ZONA), plataformas)
    correr_pasada(charla.app, datetime(2026, 2, 3, 9, 1, tzinfo=ZONA), plataformas)
    correr_pasada(charla.app, datetime(2026, 2, 3, 17, 0, tzinfo=ZONA), plataformas)
    [avance] = avances()
    assert "Avance de enero de 2026" in avance and "Boletines informativos: 1 de 10" in avance
    assert "/informe mes enero 2026" in avance
    # Marzo: el 1 es domingo, el 2 es lunes hábil.
    correr_pasada(charla.app, datetime(2026, 3, 2, 10, 0, tzinfo=ZONA), plataformas)
    assert len(avances()) == 2 and "Avance de febrero de 2026" in avances()[1]


def test_sin_metas_ni_eventos_el_mes_pasado_no_hay_avance_que_publicar(charla: Charla) -> None:
    grabadora = Grabadora(nombre="consola")
    correr_pasada(charla.app, datetime(2026, 3, 2, 9, 0, tzinfo=ZONA), {"consola": grabadora})
    assert not [t for t in grabadora.en("C-prensa") if "Avance de" in t]


@pytest.mark.parametrize("texto, nombre, desde, hasta", [
    ("mes", "marzo de 2026", (2026, 3, 1), (2026, 3, 10)),
    ("Mes Febrero", "febrero de 2026", (2026, 2, 1), (2026, 3, 1)),
    ("mes 3 2025", "marzo de 2025", (2025, 3, 1), (2025, 4, 1)),
    ("mes dic 2025", "diciembre de 2025", (2025, 12, 1), (2026, 1, 1)),
    ("trimestre II 2025", "segundo trimestre de 2025", (2025, 4, 1), (2025, 7, 1)),
    ("trimestre uno", "primer trimestre de 2026", (2026, 1, 1), (2026, 3, 10)),
    ("AÑO", "año 2026", (2026, 1, 1), (2026, 3, 10)),
    ("anio 2025", "año 2025", (2025, 1, 1), (2026, 1, 1)),
    ("2024", "año 2024", (2024, 1, 1), (2025, 1, 1)),
    # como lo escribe una oficina que solo leyó el README
    ("ene", "enero de 2026", (2026, 1, 1), (2026, 2, 1)),
    ("noviembre 2025", "noviembre de 2025", (2025, 11, 1), (2025, 12, 1)),
    ("este mes", "marzo de 2026", (2026, 3, 1), (2026, 3, 10)),
    ("mes de febrero", "febrero de 2026", (2026, 2, 1), (2026, 3, 1)),
    ("mes pasado", "febrero de 2026", (2026, 2, 1), (2026, 3, 1)),
    ("1er trimestre", "primer trimestre de 2026", (2026, 1, 1), (2026, 3, 10)),
    ("primer trimestre 2025", "primer trimestre de 2025", (2025, 1, 1), (2025, 4, 1)),
    ("4T 2025", "cuarto trimestre de 2025", (2025, 10, 1), (2026, 1, 1)),
    ("este año", "año 2026", (2026, 1, 1), (2026, 3, 10)),
    ("año pasado", "año 2025", (2025, 1, 1), (2026, 1, 1)),
    ("trimestre pasado", "cuarto trimestre de 2025", (2025, 10, 1), (2026, 1, 1)),
])
def test_periodos_en_palabras(texto: str, nombre: str, desde: tuple[int, int, int], hasta: tuple[int, int, int]) -> None:
    from asistente.resultados.periodos import leer_periodo

    ahora = datetime(2026, 3, 10, 0, 0, tzinfo=ZONA)
    p = leer_periodo(texto, ahora, ZONA, "uso")
    assert p.nombre == nombre and p.desde == datetime(*desde, tzinfo=ZONA)
    assert p.corte.replace(microsecond=0, second=0) == datetime(*hasta, tzinfo=ZONA)


def test_avance_mensual_lleva_su_grafica_como_imagen(charla: Charla) -> None:
    from asistente.resultados.informes import avance_mensual
    from asistente.resultados.periodos import mes_anterior

    o = _sembrar(charla)
    with charla.app.fabrica() as s:
        r = avance_mensual(s, charla.app.config, o.espacio_id, mes_anterior(datetime(2026, 3, 2, 9, tzinfo=ZONA), ZONA))
    assert r.adjunto is not None and r.adjunto.tipo_mime == "image/png"
    assert r.adjunto.ruta.read_bytes().startswith(b"\x89PNG")


# --- la consola: «preparando…» y luego los archivos -------------------------------------------------------------
def test_consola_muestra_preparando_y_luego_los_tres_archivos(app: Aplicacion) -> None:
    from asistente.plataformas.consola.consola import Consola

    salida = io.StringIO()
    consola = Consola(app.config, app.despachador, reloj=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=ZONA), salida=salida)
    consola.correr(["/equipo", "/informe mes febrero"])
    texto = salida.getvalue()
    assert texto.index("Preparando el informe de febrero de 2026") < texto.index("📎")
    assert ".png" in texto and ".pdf" in texto and ".xlsx" in texto


def test_solicitudes_entregadas_y_notas_cuentan_para_sus_metas(charla: Charla) -> None:
    """Una solicitud que vuelve con cambios y se entrega otra vez cuenta una vez; las notas del monitoreo,
    cada una por su fecha; el informe trae las notas por tono."""
    charla.ahora = datetime(2026, 2, 2, 9, 0, tzinfo=ZONA)
    charla.di("/equipo", como="ana")
    assert "Meta 1" in charla.di("/poa meta nueva Diseños para las áreas | diseños | 120 | cuenta: solicitudes entregadas")
    assert "Meta 2" in charla.di("/poa meta nueva Monitoreo | notas | 24 | cuenta: notas")
    for i in range(3):
        assert f"S-00{i + 1}" in charla.di(f"/solicitud nueva DIF | cartel | 20 de febrero | Cartel {i}")
    charla.di("/solicitud asignar S-001 @ana")
    charla.di("/solicitud entregar S-001", como="ana")
    charla.di("/solicitud cambios S-001 el logo más grande")
    charla.di("/solicitud entregar S-001", como="ana")
    charla.di("/solicitud asignar S-002 @ana")
    charla.di("/solicitud entregar S-002", como="ana")
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5 | positiva")
    charla.di("/nota radio Radio Tlalchapa | Critican bacheo | 8:00 | negativa")
    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    charla.di("/nota impreso El Sur | Nota de marzo | página 2 | neutral")
    avance = charla.di("/poa avance mes febrero")
    assert "1 · Diseños para las áreas: 2 de 10 a la fecha" in avance, avance
    assert "2 · Monitoreo: 2 de 2 a la fecha (100 %)" in avance, avance
    archivos = _archivos(_correr(charla, charla.respuesta("/informe mes febrero"), "mes febrero"))
    tonos = dict(_hoja(archivos[".xlsx"], "Notas por tono")[1:])
    assert tonos == {"positiva": 1, "negativa": 1, "neutral": 0, "sin calificar": 0}
