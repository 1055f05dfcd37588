"""Transparencia (SPEC §12): campañas, contratos y facturas; los formatos trimestrales en XLSX; el
cuadro de clasificación, el inventario y la entrega-recepción del archivo."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from asistente.agenda.anuncios import anclar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.respuesta import Respuesta
from asistente.procesos.cli import principal
from asistente.transparencia.entrega import MANIFIESTO, entrega_recepcion
from asistente.transparencia.formatos import formatos
from asistente.transparencia.registros import leer_monto, leer_rfc, leer_vigencia
from modelos import Campana, Contrato, Factura, Medio
from tests.archivos import jpeg, pdf
from tests.conftest import ZONA, Charla
from tests.test_archivo import soltar
from tests.test_slack import Servidor, falso, servidor, slack_config  # noqa: F401  (accesorios compartidos)

# Un jueves de mayo: el primer trimestre ya cerró, el segundo va en curso.
MAYO = datetime(2026, 5, 14, 10, 0, tzinfo=ZONA)


def _contar(charla: Charla, modelo: Any) -> int:
    with charla.app.fabrica() as s:
        return int(s.scalar(select(func.count()).select_from(modelo)) or 0)


@pytest.fixture
def oficina(charla: Charla) -> Charla:
    charla.ahora = datetime(2026, 2, 10, 10, 0, tzinfo=ZONA)
    assert "Campaña 1 registrada" in charla.di(
        "/campana nueva Predial 2026 | campaña | Pago oportuno del impuesto predial | del 1 de enero al 31 de marzo de 2026")
    assert "registrada" in charla.di("/campana nueva Temporada de lluvias | aviso | Prevención | del 1 al 30 de junio de 2026")
    texto = charla.di("/contrato nuevo Editora del Sur SA de CV | ESU010203AB1 | CS-001-2026 | Inserciones en periódico "
                      "impreso | 10,000 + IVA | Predial 2026")
    assert "Contrato CS-001-2026 registrado" in texto and "$11,600.00 con IVA" in texto and "persona moral" in texto
    assert "registrado" in charla.di("/contrato nuevo Juan Pérez López | PELJ800229XY3 | CS-002-2026 | Spots de radio | "
                                     "$5,800.00 | predial 2026")
    assert "registrado" in charla.di("/contrato nuevo Radio Caliente SA | RCA990101AAA | TO-01 | Tiempo de Estado en radio "
                                     "| 3,480 | 1")
    charla.ahora = datetime(2026, 3, 20, 10, 0, tzinfo=ZONA)
    assert "Factura A-100" in charla.di("/factura CS-001-2026 A-100 5,800")
    charla.ahora = datetime(2026, 4, 15, 10, 0, tzinfo=ZONA)
    assert "resta $0.00" in charla.di("/factura CS-001-2026 A-101 5,800")
    charla.ahora = MAYO
    return charla


# --- campañas, contratos, facturas ----------------------------------------------------------------------
@pytest.mark.parametrize("rfc", ["ESU010203AB1", "PELJ800229XY3", "XAXX010101000", "ñ&a010203ab1", "ABC 000229 A12"])
def test_rfc_validos(rfc: str) -> None:
    assert leer_rfc(rfc) == "".join(rfc.split()).upper()


@pytest.mark.parametrize("rfc, mensaje", [
    ("ESU01020AB1", "no es un RFC"), ("ESU010203AB1X9", "no es un RFC"), ("E5U010203AB1", "no es un RFC"),
    ("ESU011303AB1", "fecha que no existe"), ("PELJ810229XY3", "fecha que no existe"), ("", "Falta el RFC"),
    ("imp010101abc", "dígito verificador, un número o la letra A"), ("PELJ800229XYZ", "dígito verificador"),
])
def test_rfc_invalidos_dicen_por_que(rfc: str, mensaje: str) -> None:
    with pytest.raises(ErrorDeUsuario, match=mensaje):
        leer_rfc(rfc)


def test_montos_con_iva() -> None:
    assert leer_monto("$11,600.00") == (Decimal("11600.00"), Decimal("1600.00"))
    assert leer_monto("10000 + IVA") == (Decimal("11600.00"), Decimal("1600.00"))
    assert leer_monto("10,000 más IVA")[0] == Decimal("11600.00")
    assert leer_monto("1160 con IVA") == (Decimal("1160.00"), Decimal("160.00"))
    for malo in ("cero", "-5", "0", "12.345", "1e400", "NaN"):
        with pytest.raises(ErrorDeUsuario):
            leer_monto(malo)



@pytest.mark.parametrize("hoy, texto, inicio, fin", [
    # una campaña se registra casi siempre después: la que acaba de terminar, no la del año que viene
    ((2026, 3, 2), "del 1 al 28 de febrero", (2026, 2, 1), (2026, 2, 28)),
    ((2026, 3, 2), "del 1 de diciembre al 31 de enero", (2025, 12, 1), (2026, 1, 31)),
    ((2026, 3, 2), "del 1 de marzo al 30 de abril", (2026, 3, 1), (2026, 4, 30)),
    ((2026, 12, 7), "del 1 de diciembre al 31 de enero", (2026, 12, 1), (2027, 1, 31)),
    ((2026, 12, 7), "del 1 al 31 de enero", (2027, 1, 1), (2027, 1, 31)),
    ((2026, 12, 7), "del 1 de enero al 31 de marzo de 2026", (2026, 1, 1), (2026, 3, 31)),
])
def test_la_vigencia_sin_anio_es_la_mas_cercana(hoy: tuple[int, int, int], texto: str, inicio: tuple[int, int, int],
                                                 fin: tuple[int, int, int]) -> None:
    from datetime import date
    assert leer_vigencia(texto, datetime(*hoy, 10, 0, tzinfo=ZONA)) == (date(*inicio), date(*fin))


def test_una_coma_decimal_no_multiplica_el_monto() -> None:
    # «1234,5» leído como miles serían $12,345: cien veces más en el formato del SIPOT.
    for ambiguo in ("1234,5", "$ 1 234,50", "1.234,50", "5,80 + IVA"):
        with pytest.raises(ErrorDeUsuario, match="la coma separa los miles y el punto los centavos"):
            leer_monto(ambiguo)
    assert leer_monto("$ 1 234.50 pesos")[0] == Decimal("1234.50")
    assert leer_monto("1,234,567.89 MXN")[0] == Decimal("1234567.89")


def test_campanas_y_contratos_se_listan(oficina: Charla) -> None:
    texto = oficina.di("/campana")
    assert "Predial 2026 (campaña) — 01/01/2026 al 31/03/2026" in texto and "3 contratos" in texto
    assert "Temporada de lluvias (aviso institucional) — 01/06/2026 al 30/06/2026" in texto
    texto = oficina.di("/contrato ver cs-001-2026")
    assert "Facturas (2, $11,600.00)" in texto and "A-101 del 15/04/2026: $5,800.00" in texto
    assert "Serie: MTLAL.CS.CS.07 Campañas y contratos de comunicación social (expediente CS.07/2026/CT-CS-001-2026)" in texto


_NO_DE_SINTAXIS = {"No hay una campaña «Feria del mango»", "No hay un contrato CS-999", "pasaría de su monto"}


@pytest.mark.parametrize("linea, mensaje", [
    ("/contrato nuevo Editora | ESU010203AB | X-1 | Lonas | 100 | Predial 2026", "no es un RFC"),
    ("/contrato nuevo Editora | ESU019903AB1 | X-1 | Lonas | 100 | Predial 2026", "fecha que no existe"),
    ("/contrato nuevo Editora | ESU010203AB1 | X-1 | Lonas | mil pesos | Predial 2026", "no es un monto"),
    ("/contrato nuevo Editora | ESU010203AB1 | X-1 | Lonas | 0 | Predial 2026", "mayor que cero"),
    ("/contrato nuevo Editora | ESU010203AB1 | X-1 | Lonas | 100 | Feria del mango", "No hay una campaña «Feria del mango»"),
    ("/contrato nuevo Editora | ESU010203AB1 | CS-001-2026 | Lonas | 100 | Predial 2026", "Ya hay un contrato con el número"),
    ("/contrato nuevo Editora | ESU010203AB1 | X 1 | Lonas | 100 | Predial 2026", "no sirve como número"),
    ("/contrato nuevo Editora | ESU010203AB1 | X-1 | Lonas | 100", "seis partes"),
    ("/campana nueva Otra | campaña | tema | del 31 de marzo al 1 de marzo de 2026", "termina antes de empezar"),
    ("/campana nueva Otra | concurso | tema | del 1 al 3 de marzo de 2026", "no es un tipo"),
    ("/campana nueva Predial 2026 | campaña | tema | del 1 al 3 de marzo de 2026", "Ya hay una campaña"),
    ("/campana nueva Otra | campaña | tema | pronto", "no es una vigencia"),
    ("/factura CS-001-2026 A-102 1", "pasaría de su monto"),
    ("/factura CS-002-2026 B-1 mucho", "no es un monto"),
    ("/factura CS-999 B-1 100", "No hay un contrato CS-999"),
    ("/factura CS-001-2026 A-100", "Falta el monto"),
])
def test_entrada_mala_explica_y_no_cambia_nada(oficina: Charla, linea: str, mensaje: str) -> None:
    antes = [_contar(oficina, m) for m in (Campana, Contrato, Factura)]
    assert oficina.respuesta(linea).es_error
    texto = oficina.di(linea)
    assert mensaje in texto
    # Lo mal escrito lleva la línea de uso; lo que no existe o no procede (bien escrito), no.
    assert ("Uso:" in texto) == (mensaje not in _NO_DE_SINTAXIS), texto
    assert [_contar(oficina, m) for m in (Campana, Contrato, Factura)] == antes


def test_solo_un_director_registra(oficina: Charla) -> None:
    assert "Solo un director" in oficina.di("/contrato nuevo A | ESU010203AB1 | X-9 | Lonas | 100 | 1", como="beto")
    assert "Solo un director" in oficina.di("/factura CS-002-2026 F-1 100", como="beto")
    assert _contar(oficina, Contrato) == 3 and _contar(oficina, Factura) == 2


def test_el_pdf_soltado_en_el_hilo_de_la_factura_queda_con_ella(oficina: Charla) -> None:
    r = oficina.respuesta("/factura CS-002-2026 F-77 5,800")
    assert r.ancla is not None and r.ancla_tipo == "factura" and r.publica
    assert anclar(oficina.app.fabrica, r.ancla, "1700000000.000900", r.ancla_tipo)  # lo hace el adaptador al publicar
    with oficina.app.fabrica() as s:
        assert s.scalars(select(Factura.hilo).where(Factura.folio == "F-77")).one() == "1700000000.000900"
    oficina.di("/agenda nueva Sesión de cabildo | hoy a las 10")  # está ocurriendo cuando llega el PDF
    _, texto = soltar(oficina, {"factura-F77.pdf": pdf()}, hilo="1700000000.000900", ahora=MAYO)
    assert "1 con la factura F-77 del contrato CS-002-2026 →" in texto and "contratos/2026/cs-002-2026/" in texto
    assert "¿De qué evento" not in texto and "sin evento" not in texto
    _, texto = soltar(oficina, {"otra.pdf": pdf() + b"%otro"}, ahora=MAYO)  # fuera del hilo: no es de la factura
    assert "«Sesión de cabildo»" in texto
    with oficina.app.fabrica() as s:
        medio = s.scalars(select(Medio).where(Medio.nombre == "factura-F77.pdf")).one()
        assert medio.evento_id is None and medio.clave == "contratos/2026/cs-002-2026/factura-F77.pdf"
    assert (oficina.app.config.archivo / medio.clave).is_file()
    inventario = _abrir_inventario(oficina, 2026)
    fila = _fila_por(inventario["Inventario documental"], "Clave del expediente", "CS.07/2026/CT-CS-002-2026")
    assert fila["Número de archivos"] == 1 and fila["Ubicación"] == "contratos/2026/cs-002-2026"
    archivos = _filas(inventario["Archivos"], 1)
    assert [a["Archivo"] for a in archivos if a["Clave del expediente"] == "CS.07/2026/CT-CS-002-2026"] == ["factura-F77.pdf"]


# --- los formatos ------------------------------------------------------------------------------------------
def _filas(hoja: Any, encabezados: int) -> list[dict[str, Any]]:
    filas = list(hoja.iter_rows(values_only=True))
    nombres = filas[encabezados - 1]
    return [dict(zip(nombres, f)) for f in filas[encabezados:]]


def _fila_por(hoja: Any, columna: str, valor: Any) -> dict[str, Any]:
    return next(f for f in _filas(hoja, 2) if f[columna] == valor)


def _trimestre(charla: Charla, linea: str) -> Any:
    r: Respuesta = charla.respuesta(linea)
    assert r.adjunto is not None, charla.di(linea)
    return load_workbook(r.adjunto.ruta)


def _dia(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def test_el_xlsx_del_trimestre_trae_cada_columna_del_formato_general(oficina: Charla) -> None:
    libro = _trimestre(oficina, "/transparencia trimestre 1 2026")
    formato = formatos()["general"]
    assert libro.sheetnames == [h.hoja for h in formato.hojas]
    for h in formato.hojas:  # los encabezados son los del archivo de formato, en su orden
        assert [c.value for c in libro[h.hoja][2]] == [t for t, _ in h.columnas]
    with oficina.app.fabrica() as s:
        c1 = s.scalars(select(Contrato).where(Contrato.numero == "CS-001-2026")).one()
        c2 = s.scalars(select(Contrato).where(Contrato.numero == "CS-002-2026")).one()
        to = s.scalars(select(Contrato).where(Contrato.numero == "TO-01")).one()
    comunes = {"Ejercicio": 2026, "Fecha de inicio del periodo que se informa": datetime(2026, 1, 1),
               "Fecha de término del periodo que se informa": datetime(2026, 3, 31),
               "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información":
                   "Dirección de Comunicación Social",
               "Fecha de validación": datetime(2026, 5, 14), "Fecha de actualización": datetime(2026, 5, 14)}
    programa = _filas(libro["23a Programa anual"], 2)
    assert programa == [comunes | {
        "Denominación del documento del Programa Anual de Comunicación Social o equivalente":
            "Programa Anual de Comunicación Social 2026",
        "Fecha en la que se aprobó el Programa Anual de Comunicación Social o equivalente": None,
        "Hipervínculo al Programa Anual de Comunicación Social o equivalente": None,
        "Nota": "Campañas y avisos del ejercicio: Predial 2026 (campaña); Temporada de lluvias (aviso institucional). "
                "La fecha de aprobación y el hipervínculo los agrega el sujeto obligado.",
    }]

    erogacion = _filas(libro["23b Erogación"], 2)
    assert [f["Respecto al contrato y los montos (Tabla contratos)"] for f in erogacion] == [c1.id, c2.id]
    esperado_c1 = comunes | {
        "Función del sujeto obligado (catálogo)": "Contratante y solicitante",
        "Área administrativa encargada de solicitar el servicio o producto, en su caso": "Dirección de Comunicación Social",
        "Clasificación del(los) servicios (catálogo)":
            "Erogación de recursos por contratación de servicios de impresión, difusión y publicidad",
        "Tipo de servicio": "Inserciones en periódico impreso", "Tipo de medio (catálogo)": "Medios impresos",
        "Descripción de unidad": "Servicio", "Tipo (catálogo)": "Campaña",
        "Nombre de la campaña o aviso Institucional, en su caso": "Predial 2026", "Año de la campaña": 2026,
        "Tema de la campaña o aviso institucional": "Pago oportuno del impuesto predial",
        "Objetivo institucional": "Pago oportuno del impuesto predial",
        "Objetivo de comunicación": "Pago oportuno del impuesto predial", "Costo por unidad": 11600,
        "Clave única de identificación de campaña": None, "Autoridad que proporcionó la clave": None,
        "Cobertura (catálogo)": "Delegacional o municipal", "Ámbito geográfico de cobertura": "Tlalchapa, Gro.",
        "Fecha de inicio de la campaña o aviso institucional": datetime(2026, 1, 1),
        "Fecha de término de la campaña o aviso institucional": datetime(2026, 3, 31),
        "Sexo (catálogo)": "Femenino y masculino", "Lugar de residencia": "Tlalchapa, Gro.", "Nivel educativo": "Todos",
        "Grupo de edad": "Todos", "Nivel socioeconómico": "Todos",
        "Respecto a los proveedores y su contratación (Tabla proveedores)": c1.id,
        "Respecto a los recursos y el presupuesto (Tabla presupuesto)": c1.id,
        "Respecto al contrato y los montos (Tabla contratos)": c1.id, "Nota": None,
    }
    assert erogacion[0] == esperado_c1  # cada columna
    assert erogacion[1]["Tipo de medio (catálogo)"] == "Radio"
    assert erogacion[1]["Clasificación del(los) servicios (catálogo)"] == "Servicio de difusión en medios de comunicación"

    proveedores = _filas(libro["23b Tabla proveedores"], 2)
    assert proveedores[0] == {
        "ID": c1.id, "Razón social": "Editora del Sur SA de CV", "Nombre(s)": None, "Primer apellido": None,
        "Segundo apellido": None, "Nombre(s) de los proveedores y/o responsables": "Editora del Sur SA de CV",
        "Registro Federal de Contribuyente": "ESU010203AB1", "Procedimiento de contratación (catálogo)": "Adjudicación directa",
        "Fundamento jurídico del proceso de contratación":
            "Adjudicación directa conforme a la normativa de adquisiciones aplicable al municipio",
        "Descripción breve de las razones que justifican la elección del proveedor":
            "Cobertura y audiencia del medio en el municipio",
    }
    assert (proveedores[1]["Razón social"], proveedores[1]["Nombre(s)"], proveedores[1]["Primer apellido"],
            proveedores[1]["Segundo apellido"]) == (None, "Juan", "Pérez", "López")  # persona física

    presupuesto = _filas(libro["23b Tabla presupuesto"], 2)
    assert presupuesto[0] == {
        "ID": c1.id, "Partida genérica": "336", "Clave del concepto (conforme al clasificador por objeto de gasto)": "3300",
        "Nombre del concepto (conforme al clasificador por objeto de gasto)":
            "Servicios profesionales, científicos, técnicos y otros servicios",
        "Presupuesto asignado por concepto": 11600, "Presupuesto modificado por concepto": 11600,
        "Presupuesto total ejercido por concepto": 5800,
        "Denominación de cada partida": "Servicios de apoyo administrativo, traducción, fotocopiado e impresión",
        "Presupuesto total asignado a cada partida": 11600, "Presupuesto modificado por partida": 11600,
        "Presupuesto ejercido al periodo reportado de cada partida": 5800,
    }
    tabla_contratos = _filas(libro["23b Tabla contratos"], 2)
    assert tabla_contratos[0] == {
        "ID": c1.id, "Fecha de firma del contrato": datetime(2026, 2, 10),
        "Número o referencia de identificación del contrato": "CS-001-2026",
        "Objeto del contrato": "Inserciones en periódico impreso", "Hipervínculo al contrato firmado": None,
        "Hipervínculo al convenio modificatorio, en su caso": None, "Monto total del contrato": 11600,
        "Monto pagado al periodo publicado": 5800,  # la factura de abril es del segundo trimestre
        "Fecha de inicio de los servicios contratados": datetime(2026, 1, 1),
        "Fecha de término de los servicios contratados": datetime(2026, 3, 31),
        "Número de factura": "A-100", "Hipervínculo a la factura": None,
    }
    fila_monto = libro["23b Tabla contratos"][3]
    assert fila_monto[6].number_format == "#,##0.00" and fila_monto[1].number_format == "dd/mm/yyyy"

    tiempos = _filas(libro["23c Tiempos oficiales"], 2)
    assert len(tiempos) == 1
    assert tiempos[0] == comunes | {
        "Sujeto obligado al que se le proporcionó el servicio/permiso": "H. Ayuntamiento de Tlalchapa",
        "Tipo (catálogo)": "Tiempo de Estado", "Medio de comunicación (catálogo)": "Radio",
        "Descripción de unidad": "Servicio", "Concepto o campaña": "Predial 2026",
        "Clave única de identificación de campaña o aviso institucional, en su caso": None,
        "Autoridad que proporcionó la clave única de identificación de campaña o aviso institucional": None,
        "Cobertura (catálogo)": "Delegacional o municipal", "Ámbito geográfico de cobertura": "Tlalchapa, Gro.",
        "Sexo (catálogo)": "Femenino y masculino", "Lugar de residencia": "Tlalchapa, Gro.", "Nivel educativo": "Todos",
        "Grupo de edad": "Todos", "Nivel socioeconómico": "Todos",
        "Concesionario responsable de publicar la campaña o la comunicación correspondiente (razón social)": "Radio Caliente SA",
        "Distintivo y/o nombre comercial del concesionario responsable de publicar la campaña o comunicación": "Radio Caliente SA",
        "Descripción breve de las razones que justifican la elección del proveedor":
            "Cobertura y audiencia del medio en el municipio",
        "Monto total del tiempo de Estado o tiempo fiscal consumidos": 3480,
        "Área administrativa encargada de solicitar la difusión del mensaje o producto, en su caso":
            "Dirección de Comunicación Social",
        "Fecha de inicio de difusión del concepto o campaña": datetime(2026, 1, 1),
        "Fecha de término de difusión del concepto o campaña": datetime(2026, 3, 31),
        "Número de factura, en su caso": None, "Nota": None,
    }
    assert to.id not in [f["Respecto al contrato y los montos (Tabla contratos)"] for f in erogacion]


def test_segundo_trimestre_lleva_lo_pagado_hasta_su_fin_y_es_un_avance(oficina: Charla) -> None:
    r = oficina.respuesta("/transparencia trimestre 2")
    assert "es un avance" in r.cuerpo
    assert r.adjunto is not None
    libro = load_workbook(r.adjunto.ruta)
    contratos = _filas(libro["23b Tabla contratos"], 2)
    c1 = next(f for f in contratos if f["Número o referencia de identificación del contrato"] == "CS-001-2026")
    assert c1["Monto pagado al periodo publicado"] == 11600 and c1["Número de factura"] == "A-100, A-101"


def test_el_formato_de_san_luis_potosi_sale_de_su_archivo(oficina: Charla) -> None:
    libro = _trimestre(oficina, "/transparencia trimestre 1 2026 slp")
    formato = formatos()["slp"]
    assert libro.sheetnames == [h.hoja for h in formato.hojas]
    assert libro["XXIX B Erogación"]["B1"].value == "LTAIPSLP84XXIXB"
    for h in formato.hojas:
        assert [c.value for c in libro[h.hoja][2]] == [t for t, _ in h.columnas]
    assert "slp — San Luis Potosí" in oficina.di("/transparencia formatos")
    general = _trimestre(oficina, "/transparencia trimestre 1 2026 general")
    for h_slp, h_general in zip(formato.hojas, formatos()["general"].hojas):  # los mismos registros, celda por celda
        assert list(libro[h_slp.hoja].iter_rows(min_row=3, values_only=True)) == \
            list(general[h_general.hoja].iter_rows(min_row=3, values_only=True))
    assert len(list(libro["XXIX B Erogación"].iter_rows(min_row=3))) == 2


def test_un_formato_nuevo_es_un_archivo(tmp_path: Path) -> None:
    (tmp_path / "prueba.toml").write_text(
        'nombre = "Prueba"\n[[hojas]]\nhoja = "Uno"\ntitulo = "T"\nfilas = "contratos"\n'
        'columnas = [["Número", "numero"], ["Fijo", "=hola"]]\n', encoding="utf-8")
    leidos = formatos(tmp_path)
    assert leidos["prueba"].hojas[0].columnas == (("Número", "numero"), ("Fijo", "=hola"))
    (tmp_path / "malo.toml").write_text('nombre = "M"\n[[hojas]]\nhoja = "Uno"\ntitulo = "T"\nfilas = "contratos"\n'
                                        'columnas = [["X", "no_existe"]]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no_existe"):
        formatos.__wrapped__(tmp_path)


@pytest.mark.parametrize("linea, mensaje", [
    ("/transparencia trimestre 3 2026", "todavía no empieza"),
    ("/transparencia trimestre 1 2027", "todavía no empieza"),
    ("/transparencia trimestre 5", "número del 1 al 4"),
    ("/transparencia trimestre", "Falta el número del trimestre"),
    ("/transparencia trimestre 1 26", "no es un año"),
    ("/transparencia trimestre 1 2026 jalisco", "No hay un formato «jalisco»"),
])
def test_trimestre_malo_explica(oficina: Charla, linea: str, mensaje: str) -> None:
    texto = oficina.di(linea)
    assert mensaje in texto and "Uso:" in texto
    assert not (oficina.app.config.archivo / "transparencia" / "2026").exists() or \
        not any(p.name.startswith("comunicacion-social-3T") for p in (oficina.app.config.archivo / "transparencia" / "2026").iterdir())


@pytest.mark.parametrize("linea", ["/transparencia 1er trimestre", "/transparencia trimestre 1er 2026",
                                   "/transparencia primer trimestre 2026", "/transparencia 1T", "/transparencia trimestre I",
                                   "/transparencia trimestre pasado"])  # la oficina está en mayo de 2026
def test_el_trimestre_como_lo_dice_la_oficina(oficina: Charla, linea: str) -> None:
    r = oficina.respuesta(linea)
    assert not r.es_error and r.adjunto is not None and "1T-2026" in r.adjunto.titulo, linea


def test_el_numero_de_contrato_y_el_folio_no_dependen_de_mayusculas(oficina: Charla) -> None:
    texto = oficina.di("/contrato nuevo Otra | ESU010203AB1 | cs-001-2026 | Lonas | 100 | Predial 2026")
    assert "Ya hay un contrato con el número CS-001-2026" in texto
    assert "Contrato CS-009 registrado" in oficina.di("/contrato nuevo Otra | ESU010203AB1 | cs-009 | Lonas | 100 | 1")
    assert "Factura B-1 " in oficina.di("/factura cs-009 b-1 50")
    assert "ya tiene la factura B-1" in oficina.di("/factura CS-009 B-1 10")
    assert "c-009" not in oficina.di("/contrato")


# --- el cuadro de clasificación y el inventario ----------------------------------------------------------
def test_el_cuadro_por_omision_y_sus_cambios(oficina: Charla) -> None:
    texto = oficina.di("/archivo clasificacion")
    assert "(el de omisión)" in texto and "Fondo: MTLAL — H. Ayuntamiento de Tlalchapa" in texto
    assert "Sección: CS — Comunicación Social" in texto and "MTLAL.CS.CS.01 — Boletines y comunicados de prensa" in texto
    assert "foto, video, audio → CS.02" in texto
    assert "Solo un director" in oficina.di("/archivo clasificacion serie CS.09 Entrevistas", como="beto")
    ayuda = oficina.respuesta("/archivo clasificacion ayuda", como="beto")  # la ayuda no es un cambio
    assert not ayuda.es_error and "Uso: /archivo clasificacion" in ayuda.cuerpo
    assert "Serie CS.09 agregada" in oficina.di("/archivo clasificacion serie cs.09 Entrevistas y conferencias")
    assert "cada audio va a la serie CS.09" in oficina.di("/archivo clasificacion regla audios CS.09")
    assert "la usan estas reglas: audio" in oficina.di("/archivo clasificacion quitar CS.09")
    assert "No hay una serie CS.99" in oficina.di("/archivo clasificacion regla foto CS.99")
    assert "no es un tipo de registro" in oficina.di("/archivo clasificacion regla perro CS.02")
    assert "no es un cambio del cuadro" in oficina.di("/archivo clasificacion pintar CS.02")
    assert "Fondo: MT" in oficina.di("/archivo clasificacion fondo MT Municipio de Tlalchapa")
    texto = oficina.di("/archivo clasificacion")
    assert "(el de omisión)" not in texto and "MT.CS.CS.09 — Entrevistas y conferencias" in texto
    assert "audio → CS.09" in texto


def test_el_inventario_trae_un_expediente_por_evento_y_serie(oficina: Charla) -> None:
    oficina.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    oficina.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    soltar(oficina, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "oficio.pdf": pdf()}, texto="#1")
    soltar(oficina, {"suelta.jpg": jpeg(semilla=3, capturado="2026:01:05 10:00:00")})
    oficina.ahora = MAYO
    libro = _abrir_inventario(oficina, 2026)
    inventario = _filas(libro["Inventario documental"], 2)
    with oficina.app.fabrica() as s:
        medios = {m.nombre: m for m in s.scalars(select(Medio))}
    fotos = next(f for f in inventario if f["Clave del expediente"] == "CS.02/2026/EV-001")
    import hashlib
    lineas = sorted(f"{medios[n].sha256}  {medios[n].clave}\n" for n in ("IMG_1.jpg", "IMG_2.jpg"))
    assert fotos == {
        "No. consecutivo": fotos["No. consecutivo"], "Código de clasificación": "MTLAL.CS.CS.02",
        "Serie": "Fotografía, video y audio", "Clave del expediente": "CS.02/2026/EV-001",
        "Título del expediente": "Evento #1: Inauguración de la cancha (03/03/2026)",
        "Fecha de apertura": datetime(2026, 3, 3), "Fecha de cierre": datetime(2026, 3, 3), "Número de archivos": 2,
        "Soporte": "Electrónico", "Tamaño (bytes)": medios["IMG_1.jpg"].tamanio + medios["IMG_2.jpg"].tamanio,
        "Ubicación": medios["IMG_1.jpg"].clave.rpartition("/")[0],
        "SHA-256 del expediente": hashlib.sha256("".join(lineas).encode()).hexdigest(),
    }
    oficio = next(f for f in inventario if f["Clave del expediente"] == "CS.08/2026/EV-001")
    assert oficio["Número de archivos"] == 1 and oficio["Serie"].startswith("Documentos de eventos")
    assert any(f["Clave del expediente"] == "CS.02/2026/SE-01" for f in inventario)  # sin evento, enero
    contrato = next(f for f in inventario if f["Clave del expediente"] == "CS.07/2026/CT-CS-001-2026")
    assert contrato["Fecha de apertura"] == datetime(2026, 2, 10) and contrato["Fecha de cierre"] == datetime(2026, 4, 15)
    assert [f["No. consecutivo"] for f in inventario] == list(range(1, len(inventario) + 1))
    archivos = _filas(libro["Archivos"], 1)
    assert {a["Archivo"]: a["SHA-256"] for a in archivos} == {n: m.sha256 for n, m in medios.items()}
    # la regla cambia la serie de lo ya archivado: el inventario la sigue
    oficina.di("/archivo clasificacion regla pdf CS.03")
    inventario = _filas(_abrir_inventario(oficina, 2026)["Inventario documental"], 2)
    assert any(f["Clave del expediente"] == "CS.03/2026/EV-001" for f in inventario)


def _abrir_inventario(charla: Charla, anio: int) -> Any:
    r = charla.respuesta(f"/archivo inventario {anio}")
    assert r.adjunto is not None, charla.di(f"/archivo inventario {anio}")
    return load_workbook(r.adjunto.ruta)


@pytest.mark.parametrize("linea, mensaje", [
    ("/archivo inventario", "Falta el año"), ("/archivo inventario 26", "no es un año"),
    ("/archivo inventario 2030", "todavía no llega"),
])
def test_inventario_malo_explica(oficina: Charla, linea: str, mensaje: str) -> None:
    assert mensaje in oficina.di(linea)


# --- la entrega-recepción -------------------------------------------------------------------------------
@pytest.fixture
def archivo_demo(oficina: Charla) -> Charla:
    oficina.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    oficina.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    soltar(oficina, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "oficio.pdf": pdf()}, texto="#1")
    soltar(oficina, {"vieja.jpg": jpeg(semilla=4, capturado="2025:11:20 12:00:00")})
    oficina.ahora = MAYO
    return oficina


def test_la_entrega_se_comprueba_con_sha256sum(archivo_demo: Charla, tmp_path: Path) -> None:
    destino = tmp_path / "entrega"
    hecho = entrega_recepcion(archivo_demo.app.config, destino, ahora=MAYO)
    assert hecho.archivos == 4 and hecho.anios == [2025, 2026]
    assert not (tmp_path / ".entrega.parcial").exists()
    sha256sum = shutil.which("sha256sum")
    assert sha256sum is not None
    salida = subprocess.run([sha256sum, "-c", MANIFIESTO], cwd=destino, capture_output=True, text=True, check=False)
    assert salida.returncode == 0, salida.stdout + salida.stderr
    lineas = (destino / MANIFIESTO).read_text(encoding="utf-8").splitlines()
    assert len(lineas) == 4 + 2 + 1  # archivos, dos inventarios, el acta
    assert {"inventarios/inventario-2025.xlsx", "inventarios/inventario-2026.xlsx", "acta_entrega_recepcion.pdf"} <= \
        {linea.split("  ", 1)[1] for linea in lineas}
    with archivo_demo.app.fabrica() as s:
        for m in s.scalars(select(Medio)):
            assert (destino / "archivo" / m.clave).read_bytes() == (archivo_demo.app.config.archivo / m.clave).read_bytes()
    acta = "".join(p.extract_text() for p in PdfReader(destino / "acta_entrega_recepcion.pdf").pages)
    assert "ACTA DE ENTREGA-RECEPCIÓN" in acta and "Tlalchapa" in acta and "Fotografía, video y audio" in acta
    assert "de los años 2025 a 2026" in acta.replace("\n", " ")
    import hashlib
    sin_acta = "".join(f"{linea}\n" for linea in lineas if not linea.endswith("acta_entrega_recepcion.pdf"))
    assert hashlib.sha256(sin_acta.encode()).hexdigest() in acta.replace("\n", "")  # el acta fija el manifiesto
    assert load_workbook(destino / "inventarios" / "inventario-2025.xlsx")["Inventario documental"]["D3"].value == \
        "CS.02/2025/SE-11"
    # un archivo alterado lo delata sha256sum
    alterado = destino / "archivo" / next(linea.split("  ", 1)[1] for linea in lineas if "IMG_1" in linea).removeprefix("archivo/")
    alterado.write_bytes(b"otra cosa")
    assert subprocess.run([sha256sum, "-c", "--quiet", MANIFIESTO], cwd=destino, capture_output=True,
                          check=False).returncode != 0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_la_entrega_muestra_su_avance_en_una_terminal(archivo_demo: Charla, tmp_path: Path) -> None:
    terminal = _Terminal()
    entrega_recepcion(archivo_demo.app.config, tmp_path / "entrega", salida=terminal, ahora=MAYO)
    assert "Copiando el archivo [" in terminal.getvalue() and "4/4" in terminal.getvalue()


def test_un_archivo_que_falta_se_dice_y_la_entrega_no_queda_a_medias(archivo_demo: Charla, tmp_path: Path) -> None:
    with archivo_demo.app.fabrica() as s:
        clave = s.scalars(select(Medio.clave).order_by(Medio.id.desc())).first()
    assert clave is not None
    (archivo_demo.app.config.archivo / clave).unlink()
    with pytest.raises(ErrorDeUsuario, match="asistente verificar"):
        entrega_recepcion(archivo_demo.app.config, tmp_path / "entrega", ahora=MAYO)
    assert not (tmp_path / "entrega").exists()


def test_la_entrega_interrumpida_se_reanuda(archivo_demo: Charla, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asistente.transparencia.entrega as entrega

    copiar = entrega._copiar
    llamadas = {"n": 0}

    def se_corta(almacen: Any, clave: str, destino: Path, sha: str) -> bool:
        llamadas["n"] += 1
        if llamadas["n"] == 3:
            raise KeyboardInterrupt
        return copiar(almacen, clave, destino, sha)

    monkeypatch.setattr(entrega, "_copiar", se_corta)
    with pytest.raises(KeyboardInterrupt):
        entrega_recepcion(archivo_demo.app.config, tmp_path / "entrega", ahora=MAYO)
    assert not (tmp_path / "entrega").exists() and (tmp_path / ".entrega.parcial").is_dir()
    monkeypatch.setattr(entrega, "_copiar", copiar)
    sobrante = tmp_path / ".entrega.parcial" / "archivo" / "2026" / "viejo" / ".IMG.jpg.parte"
    sobrante.parent.mkdir(parents=True)
    sobrante.write_bytes(b"a medias")
    hecho = entrega_recepcion(archivo_demo.app.config, tmp_path / "entrega", ahora=MAYO)
    assert hecho.archivos == 4 and hecho.copiados == 2  # los dos primeros ya estaban
    assert not (tmp_path / "entrega" / "archivo" / "2026" / "viejo").exists()
    en_disco = {p.relative_to(tmp_path / "entrega").as_posix() for p in (tmp_path / "entrega").rglob("*") if p.is_file()}
    manifiesto = (tmp_path / "entrega" / MANIFIESTO).read_text(encoding="utf-8").splitlines()
    assert en_disco == {linea.split("  ", 1)[1] for linea in manifiesto} | {MANIFIESTO}
    assert subprocess.run(["sha256sum", "-c", MANIFIESTO], cwd=tmp_path / "entrega", capture_output=True,
                          check=False).returncode == 0


def test_destino_no_vacio_o_sin_lugar_explica_y_no_escribe(archivo_demo: Charla, tmp_path: Path) -> None:
    ocupado = tmp_path / "ocupado"
    ocupado.mkdir()
    (ocupado / "algo.txt").write_text("x")
    with pytest.raises(ErrorDeUsuario, match="ya existe y no está vacío"):
        entrega_recepcion(archivo_demo.app.config, ocupado, ahora=MAYO)
    assert [p.name for p in ocupado.iterdir()] == ["algo.txt"]
    with pytest.raises(ErrorDeUsuario, match="No hay lugar"):
        entrega_recepcion(archivo_demo.app.config, tmp_path / "otra" / "nueva", ahora=MAYO, lugar_libre=lambda _p: 1000)
    assert not (tmp_path / "otra").exists()  # ni la carpeta de arriba se creó
    vacia = tmp_path / "vacia"
    vacia.mkdir()
    assert entrega_recepcion(archivo_demo.app.config, vacia, ahora=MAYO).archivos == 4


def test_el_verbo_de_la_linea_de_comandos(archivo_demo: Charla, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = archivo_demo.app.config
    monkeypatch.setenv("ASISTENTE_BD", config.bd)
    monkeypatch.setenv("ASISTENTE_ARCHIVO", str(config.archivo))
    monkeypatch.setenv("ASISTENTE_MUNICIPIO", "Tlalchapa")
    from alembic import command

    from asistente.datos.bd import config_alembic

    command.stamp(config_alembic(config.bd), "head")  # la base de la prueba se creó con create_all
    assert principal(["entrega-recepcion", str(tmp_path / "salida")]) == 0
    assert "sha256sum -c manifiesto.sha256" in capsys.readouterr().out
    assert principal(["entrega-recepcion", str(tmp_path / "salida")]) == 2
    assert "ya existe y no está vacío" in capsys.readouterr().err


def test_la_migracion_crea_las_tablas_de_transparencia(bd_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASISTENTE_BD", bd_url)
    assert principal(["bd", "actualizar"]) == 0
    from sqlalchemy import create_engine, inspect

    motor = create_engine(bd_url)
    try:
        tablas = set(inspect(motor).get_table_names())
    finally:
        motor.dispose()
    assert {"campanas", "contratos", "facturas", "cuadros_clasificacion", "series_documentales", "reglas_serie"} <= tablas


# --- de punta a punta por Slack: el PDF de la factura en su hilo ---------------------------------------------
def test_por_slack_el_pdf_soltado_en_el_hilo_de_la_factura_queda_con_ella(servidor: Servidor) -> None:
    import time

    from asistente.transparencia.inventario import pdfs_de_facturas

    def respuesta(url: str) -> str:
        return str(servidor.falso.esperar_url(url)["text"])

    _, _, url = servidor.comando("nueva Predial | campaña | Pago del predial | del 1 de enero de 2026 al 31 de diciembre "
                                 "de 2099", comando="/campana")
    assert "Campaña 1 registrada" in respuesta(url)
    _, _, url = servidor.comando("nuevo Editora del Sur SA | ESU010203AB1 | CS-1 | Inserciones impresas | 11600 | Predial",
                                 comando="/contrato")
    assert "Contrato CS-1 registrado" in respuesta(url)
    estado, cuerpo, _ = servidor.comando("CS-1 A-7 5,800", comando="/factura")
    assert estado == 200 and cuerpo == ""
    limite = time.monotonic() + 5
    while not (avisos := [c for c in servidor.falso.llamadas("chat.postMessage") if "Factura A-7" in c.params.get("text", "")]):
        assert time.monotonic() < limite, "el aviso de la factura no llegó al canal"
        time.sleep(0.05)
    hilo = avisos[0].respuesta["ts"]
    while servidor.contar(Factura) == 0 or not _hilo_de_factura(servidor):
        assert time.monotonic() < limite, "la factura no quedó ligada a su hilo"
        time.sleep(0.05)
    assert _hilo_de_factura(servidor) == hilo
    url_pdf = servidor.falso.servir_archivo("factura-A7.pdf", pdf(), "application/pdf")
    evento = {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1", "text": "la factura",
              "ts": "1800000000.000200", "thread_ts": hilo, "files": [servidor.falso.descripcion(servidor.falso.archivo(url_pdf))]}
    assert servidor.evento(evento, "EvFactura")[0] == 200
    while servidor.contar(Medio) == 0:
        assert time.monotonic() < limite + 5, "el PDF no se archivó"
        time.sleep(0.05)
    with servidor.app.fabrica() as s:
        factura = s.scalars(select(Factura)).one()
        [medio] = pdfs_de_facturas(s, factura.espacio_id)[factura.id]
        assert medio.nombre == "factura-A7.pdf" and medio.hilo == hilo
        assert medio.clave == f"contratos/{factura.fecha.year}/cs-1/factura-A7.pdf"  # el Slack de pruebas usa el reloj real
    contestacion = [c.params for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("thread_ts") == hilo]
    while not contestacion:
        assert time.monotonic() < limite + 10, "nadie contestó en el hilo de la factura"
        time.sleep(0.05)
        contestacion = [c.params for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("thread_ts") == hilo]
    assert "con la factura A-7 del contrato CS-1" in contestacion[0]["text"]


def _hilo_de_factura(servidor: Servidor) -> str:
    with servidor.app.fabrica() as s:
        return s.scalars(select(Factura.hilo)).first() or ""


def test_el_formato_por_omision_sale_del_estado() -> None:
    from asistente.transparencia.formatos import formato_por_omision

    assert formato_por_omision("S.L.P.") == "slp" and formato_por_omision("SLP") == "slp"
    assert formato_por_omision("Gro.") == "general" and formato_por_omision("") == "general"



def test_cada_boletin_es_un_expediente_con_su_pdf_y_su_texto(charla: Charla) -> None:
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    charla.di("/boletin borrador 1")
    assert charla.respuesta("/boletin pdf 1").adjunto is not None
    charla.ahora = MAYO
    libro = _abrir_inventario(charla, 2026)
    [boletin] = [f for f in _filas(libro["Inventario documental"], 2) if f["Serie"] == "Boletines y comunicados de prensa"]
    assert boletin["Clave del expediente"] == "CS.01/2026/BOL-001" and boletin["Código de clasificación"] == "MTLAL.CS.CS.01"
    assert boletin["Título del expediente"].startswith("Boletín No. 001/2026: ")
    assert boletin["Número de archivos"] == 2 and boletin["Ubicación"] == "boletines/2026"
    archivos = {a["Ruta en el archivo"]: a for a in _filas(libro["Archivos"], 1)}
    import hashlib
    for ruta in ("boletines/2026/001-2026.pdf", "boletines/2026/001-2026.txt"):
        contenido = (charla.app.config.archivo / ruta).read_bytes()
        assert archivos[ruta]["SHA-256"] == hashlib.sha256(contenido).hexdigest()
        assert archivos[ruta]["Tamaño (bytes)"] == len(contenido)


def test_un_trimestre_sin_registros_sale_con_el_programa_y_sin_contratos(charla: Charla) -> None:
    charla.ahora = MAYO
    r = charla.respuesta("/transparencia trimestre 1")
    assert r.adjunto is not None and "0 contratos" in r.cuerpo and "0 de tiempos oficiales" in r.cuerpo
    libro = load_workbook(r.adjunto.ruta)
    [programa] = _filas(libro["23a Programa anual"], 2)
    assert programa["Nota"].startswith("No se registraron campañas")
    assert libro["23b Erogación"].max_row == 2 and libro["23c Tiempos oficiales"].max_row == 2  # solo encabezados


def test_sin_texto_despues_de_nuevo_el_contrato_se_llena_en_un_formulario(oficina: Charla) -> None:
    from asistente.nucleo.formularios import ErroresDeFormulario

    r = oficina.respuesta("/contrato nuevo")
    assert r.form is not None and r.form.id == "contrato.nuevo"
    assert [c.nombre for c in r.form.campos] == ["proveedor", "rfc", "numero", "concepto", "monto", "campana"]
    assert [o.etiqueta for o in r.form.campo("campana").opciones] == ["Predial 2026", "Temporada de lluvias"]
    p = oficina.peticion("contrato", "", "dir")
    bueno = {"proveedor": "Lonas del Sur SA", "rfc": "LSU020304AB1", "numero": "CS-010", "concepto": "Lonas impresas",
             "monto": "2,320", "campana": "2"}
    for cambio, campo in (({"rfc": "LSU0203"}, "rfc"), ({"monto": "dos mil"}, "monto"), ({"numero": "CS-001-2026"}, "numero"),
                          ({"rfc": "LSU021304AB1"}, "rfc")):
        with pytest.raises(ErroresDeFormulario) as error:
            oficina.app.despachador.formulario(p, "contrato.nuevo", bueno | cambio)
        assert list(error.value.errores) == [campo]
    assert _contar(oficina, Contrato) == 3
    hecho = oficina.app.despachador.formulario(p, "contrato.nuevo", bueno)
    assert "Contrato CS-010 registrado" in hecho.cuerpo and "campaña «Temporada de lluvias»" in hecho.cuerpo
    assert _contar(oficina, Contrato) == 4
    assert "Solo un director" in oficina.di("/contrato nuevo", como="beto")


def test_sin_campanas_el_formulario_pide_registrar_una_antes(charla: Charla) -> None:
    assert "registra su campaña" in charla.di("/contrato nuevo")


def test_las_solicitudes_y_el_monitoreo_tienen_su_expediente(charla: Charla) -> None:
    """Cada solicitud es un expediente de su serie (CS.06) con sus versiones; las notas y las síntesis en
    PDF de un mes, uno de CS.05. Los archivos de una solicitud ya no quedan sueltos «sin evento»."""
    from tests.test_solicitudes import psd

    charla.ahora = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
    charla.di("/equipo", como="ana")
    assert "Solicitud S-001" in charla.di("/solicitud nueva DIF | cartel | viernes | Cartel de vacunación")
    _, texto = soltar(charla, {"cartel.psd": psd()}, texto="ahí va S-001", como="ana")
    assert "como versión S-001 v1" in texto, texto
    assert "Nota 1" in charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5 | positiva")
    assert charla.respuesta("/sintesis pdf hoy").adjunto is not None
    libro = _abrir_inventario(charla, 2026)
    inventario = _filas(libro["Inventario documental"], 2)
    solicitud = next(f for f in inventario if f["Clave del expediente"] == "CS.06/2026/S-001")
    assert solicitud["Número de archivos"] == 1 and "cartel para DIF" in solicitud["Título del expediente"]
    monitoreo = next(f for f in inventario if f["Clave del expediente"] == "CS.05/2026/MN-03")
    assert monitoreo["Número de archivos"] == 1 and "Monitoreo de medios" in monitoreo["Título del expediente"]
    assert not any(str(f["Clave del expediente"]).endswith("/SE-03") for f in inventario)
    archivos = _filas(libro["Archivos"], 1)
    assert {a["Clave del expediente"] for a in archivos} >= {"CS.06/2026/S-001", "CS.05/2026/MN-03"}


def test_lo_registrado_por_error_se_quita_en_orden(oficina: Charla) -> None:
    assert "Solo un director" in oficina.di("/factura quitar CS-001-2026 A-100", como="beto")
    assert "tiene 2 facturas: quítalas antes (/factura quitar CS-001-2026 A-100)" in oficina.di("/contrato quitar cs-001-2026")
    assert "no tiene una factura Z-9" in oficina.di("/factura quitar CS-001-2026 z-9")
    assert "Faltan el contrato y el folio" in oficina.di("/factura quitar")
    assert "Factura A-100 del contrato CS-001-2026 ($5,800.00) quitada." in oficina.di("/factura quitar cs-001-2026 a-100")
    assert "Factura A-101" in oficina.di("/factura borrar CS-001-2026 A-101")
    assert "Sin facturas." in oficina.di("/contrato ver CS-001-2026")
    assert "tiene 3 contratos" in oficina.di("/campana quitar Predial 2026")
    assert "Contrato CS-001-2026 (Editora del Sur SA de CV, $11,600.00) quitado." in oficina.di("/contrato quitar CS-001-2026")
    assert "Contrato CS-002-2026" in oficina.di("/contrato quitar CS-002-2026")
    assert "Contrato TO-01" in oficina.di("/contrato eliminar to-01")
    assert "Campaña 1 «Predial 2026» quitada." in oficina.di("/campana quitar 1")
    assert "Predial 2026" not in oficina.di("/campana") and "No hay un contrato CS-001-2026" in oficina.di("/contrato ver CS-001-2026")
    # Se vuelve a registrar, ahora bien.
    assert "Campaña" in oficina.di("/campana nueva Predial 2026 | campaña | Predial | del 1 de enero al 31 de marzo de 2026")


# --- corregir un contrato -----------------------------------------------------------------------------------
def _contrato(charla: Charla, numero: str) -> Contrato:
    with charla.app.fabrica() as s:
        return s.scalars(select(Contrato).where(Contrato.numero == numero)).one()


def test_un_contrato_mal_capturado_se_corrige_sin_perder_sus_facturas(oficina: Charla) -> None:
    from modelos import CambioDeContrato

    antes = _contrato(oficina, "CS-001-2026")
    assert "Solo un director" in oficina.di("/contrato editar CS-001-2026 monto 20,000", como="beto")
    texto = oficina.di("/contrato editar cs-001-2026 proveedor Editorial del Sur SA de CV")
    assert ("Contrato CS-001-2026 corregido por Dir: proveedor de «Editora del Sur SA de CV» a «Editorial del Sur SA "
            "de CV»") in texto, texto
    assert "Facturas (2, $11,600.00):" in texto and "• A-100 del 20/03/2026: $5,800.00" in texto
    # Lo que no procede o está mal escrito se explica y no cambia nada.
    for linea, frase, con_uso in (
        ("/contrato editar CS-001-2026 monto 10,000", "ya lleva $11,600.00 facturado: su monto no puede quedar en "
                                                      "$10,000.00", False),
        ("/contrato editar CS-001-2026 monto diez mil", "no es un monto", True),
        ("/contrato editar CS-001-2026 rfc ESU0102", "no es un RFC", True),
        ("/contrato editar CS-001-2026 número cs-002-2026", "Ya hay un contrato con el número CS-002-2026", False),
        ("/contrato editar CS-001-2026 numero CS 1", "no sirve como número de contrato", True),
        ("/contrato editar CS-001-2026 campaña Feria 2026", "No hay una campaña «Feria 2026»", False),
        ("/contrato editar CS-001-2026 firma 1 de abril de 2026", "tiene la factura A-100 del 20/03/2026: no pudo "
                                                                  "firmarse después (01/04/2026)", False),
        ("/contrato editar CS-001-2026 fecha de firma 31/12/2030", "todavía no llega", True),
        # Lo que cae en el futuro sin ser un día y mes sin año no se mueve al año pasado: se rechaza.
        ("/contrato editar CS-001-2026 firma pasado mañana", "(16/05/2026) todavía no llega", True),
        ("/contrato editar CS-001-2026 firma el viernes", "todavía no llega", True),
        ("/contrato editar CS-001-2026 firma ayer", "no pudo firmarse después (13/05/2026)", False),
        ("/contrato editar CS-001-2026 concepto  ", "Falta el nuevo valor de concepto", True),
        ("/contrato editar CS-001-2026 color rojo", "«color» no es un dato del contrato", True),
        ("/contrato editar", "Falta el número del contrato", True),
        ("/contrato editar CS-999 monto 5", "No hay un contrato CS-999", False),
    ):
        texto = oficina.di(linea)
        assert frase in texto, (linea, texto)
        assert ("Uso: /contrato editar" in texto) == con_uso, (linea, texto)
    ahora = _contrato(oficina, "CS-001-2026")
    assert (ahora.monto, ahora.rfc, ahora.campana_id, ahora.firmado) == (antes.monto, antes.rfc, antes.campana_id,
                                                                         antes.firmado)
    # Los demás campos, con las reglas del alta.
    assert "monto de «$11,600.00» a «$13,920.00»" in oficina.di("/contrato editar CS-001-2026 monto 12,000 + IVA")
    assert "Monto: $13,920.00 con IVA (IVA $1,920.00)" in oficina.di("/contrato ver CS-001-2026")
    assert "RFC de «ESU010203AB1» a «EDS010203AB1»" in oficina.di("/contrato corregir CS-001-2026 rfc eds010203ab1")
    assert "fecha de firma de «10/02/2026» a «05/01/2026»" in oficina.di("/contrato editar CS-001-2026 firma 5 de enero")
    assert "concepto de «Inserciones en periódico impreso» a «Inserciones en periódico impreso y digital»" in oficina.di(
        "/contrato editar CS-001-2026 concepto Inserciones en periódico impreso y digital")
    assert "número de «CS-001-2026» a «CS-001/2026»" in oficina.di("/contrato editar CS-001-2026 numero cs-001/2026")
    assert "ya tenía esos datos: nada cambió" in oficina.di("/contrato editar CS-001/2026 monto 13,920.00")
    ver = oficina.di("/contrato ver CS-001/2026")
    assert "Contrato CS-001/2026 — Editorial del Sur SA de CV (EDS010203AB1)" in ver
    assert "Facturas (2, $11,600.00):" in ver and "Firmado: 05/01/2026" in ver
    assert "Correcciones (6):" in ver and "• 14/05/2026 10:00, Dir: monto «$11,600.00» → «$13,920.00»" in ver, ver
    with oficina.app.fabrica() as s:
        cambios = list(s.scalars(select(CambioDeContrato).order_by(CambioDeContrato.id)))
        assert [k.campo for k in cambios] == ["proveedor", "monto", "rfc", "firmado", "concepto", "numero"]
        assert all(k.persona_id is not None and k.cuando == MAYO for k in cambios)
        assert s.scalar(select(func.count(Factura.id)).where(Factura.contrato_id == antes.id)) == 2
    # El formato del SIPOT sale del contrato tal como quedó.
    libro = _trimestre(oficina, "/transparencia trimestre 1 2026")
    fila = _fila_por(libro["23b Tabla contratos"], "ID", antes.id)
    assert (fila["Número o referencia de identificación del contrato"], fila["Monto total del contrato"],
            fila["Fecha de firma del contrato"], fila["Objeto del contrato"]) == (
        "CS-001/2026", 13920, datetime(2026, 1, 5), "Inserciones en periódico impreso y digital")
    proveedor = _fila_por(libro["23b Tabla proveedores"], "ID", antes.id)
    assert (proveedor["Razón social"], proveedor["Registro Federal de Contribuyente"]) == (
        "Editorial del Sur SA de CV", "EDS010203AB1")
    # La campaña también: el contrato pasa a la de lluvias (junio), fuera del primer trimestre.
    assert "campaña de «Predial 2026» a «Temporada de lluvias»" in oficina.di(
        "/contrato editar CS-002-2026 campaña temporada de lluvias")


def test_sin_campo_el_contrato_se_corrige_en_un_formulario(oficina: Charla) -> None:
    from asistente.nucleo.formularios import ErroresDeFormulario
    from modelos import CambioDeContrato

    r = oficina.respuesta("/contrato editar cs-002-2026")
    assert r.form is not None and r.form.id == "contrato.editar"
    iniciales = {c.nombre: c.inicial for c in r.form.campos}
    assert iniciales == {"proveedor": "Juan Pérez López", "rfc": "PELJ800229XY3", "numero": "CS-002-2026",
                         "concepto": "Spots de radio", "monto": "5,800.00", "campana": "1", "firmado": "10/02/2026"}
    p = oficina.peticion("contrato", "", "dir")
    for cambio, campo in (({"rfc": "PELJ80"}, "rfc"), ({"firmado": "el día del juicio"}, "firmado"),
                          ({"numero": "TO-01"}, "numero"), ({"monto": "cero"}, "monto")):
        with pytest.raises(ErroresDeFormulario) as error:
            oficina.app.despachador.formulario(p, "contrato.editar", iniciales | cambio, r.form.contexto)
        assert list(error.value.errores) == [campo], error.value.errores
    hecho = oficina.app.despachador.formulario(p, "contrato.editar", iniciales | {"monto": "6,960"}, r.form.contexto)
    assert "Contrato CS-002-2026 corregido por Dir: monto de «$5,800.00» a «$6,960.00»." in hecho.cuerpo
    with oficina.app.fabrica() as s:
        assert [k.campo for k in s.scalars(select(CambioDeContrato))] == ["monto"]  # lo que no cambió no se anota
    # Con facturas, el monto no baja de lo facturado: el error va junto al monto.
    r = oficina.respuesta("/contrato editar CS-001-2026")
    assert r.form is not None
    valores = {c.nombre: c.inicial for c in r.form.campos} | {"monto": "5,000"}
    with pytest.raises(ErroresDeFormulario) as error:
        oficina.app.despachador.formulario(p, "contrato.editar", valores, r.form.contexto)
    assert list(error.value.errores) == ["monto"] and "facturado" in error.value.errores["monto"]
    assert "Solo un director" in oficina.di("/contrato editar CS-002-2026", como="beto")
    ayuda = oficina.di("/ayuda contrato")
    assert "/contrato editar NÚMERO campo valor" in ayuda and "Uso: /contrato" in ayuda
