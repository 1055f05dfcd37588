"""Campañas, contratos y facturas de comunicación social, validados antes de escribir nada.

El RFC se valida por su forma (SAT): persona moral, 3 letras + fecha AAMMDD + homoclave de 3 (12);
persona física, 4 letras + fecha + homoclave (13). Los montos se guardan con IVA: «11,600» es el
total; «10,000 + IVA» se convierte al total con la tasa general (16 %).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from asistente.datos.bd import agregar_sin_repetir
from asistente.fechas import interpretar
from asistente.fechas.palabras import ANIO_ESCRITO, DIAS_ATRAS, MESES_LEIDOS
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, NoProcede
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_DE_CAMPANA, CambioDeContrato, Campana, Contrato, Factura, Persona

TASA_IVA = Decimal("0.16")
MAX_MONTO = Decimal("9999999999.99")
_CENTAVO = Decimal("0.01")
_RFC = re.compile(r"^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z\d]{2}[A\d])$")
_MAS_IVA = re.compile(r"\s*(\+|mas|más)\s*iva\s*$", re.IGNORECASE)
_CON_IVA = re.compile(r"\s*(iva incluido|con iva|incluye iva)\s*$", re.IGNORECASE)
_NUMERO_CONTRATO = re.compile(r"^[\w./-]{1,60}$")
_FOLIO = re.compile(r"^[\w./-]{1,60}$")
_SINONIMOS_TIPO = {"campana": "campaña", "aviso": "aviso institucional", "aviso institucional": "aviso institucional",
                   "avisoinstitucional": "aviso institucional"}


# --- RFC y montos ------------------------------------------------------------------------------------------
def _fecha_de_rfc(aa: int, mm: int, dd: int) -> bool:
    for siglo in (1900, 2000):
        try:
            date(siglo + aa, mm, dd)
            return True
        except ValueError:
            continue
    return False


def leer_rfc(texto: str) -> str:
    """El RFC en mayúsculas, o un error que dice qué le falta."""
    rfc = "".join(texto.split()).upper().replace("-", "")
    if not rfc:
        raise ErrorDeUsuario("Falta el RFC del proveedor.")
    m = _RFC.match(rfc)
    if not m and len(rfc) in (12, 13) and _RFC.match(rfc[:-1] + "0"):
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un RFC: el último carácter de la homoclave es el dígito "
                             "verificador, un número o la letra A (p. ej. ABC010203XY1). Cópialo de la factura.")
    if not m or len(rfc) not in (12, 13):
        raise ErrorDeUsuario(
            f"«{texto.strip()}» no es un RFC: una persona moral lleva 12 caracteres (3 letras, la fecha AAMMDD y "
            "3 de homoclave, p. ej. ABC010203XY1) y una persona física 13 (4 letras, la fecha y la homoclave).")
    if not _fecha_de_rfc(int(m.group(2)), int(m.group(3)), int(m.group(4))):
        raise ErrorDeUsuario(f"El RFC «{rfc}» trae una fecha que no existe ({m.group(2)}{m.group(3)}{m.group(4)}, AAMMDD).")
    return rfc


def es_persona_moral(rfc: str) -> bool:
    return len(rfc) == 12


_COMA_DECIMAL = re.compile(r",(?!\d{3}(?:[,.]|$))")


def leer_monto(texto: str) -> tuple[Decimal, Decimal]:
    """``(total con IVA, IVA)``. «$11,600.00» es el total; «10000 + IVA» suma el 16 %."""
    limpio = texto.strip()
    if not limpio:
        raise ErrorDeUsuario("Falta el monto (con IVA, p. ej. 11,600.00, o 10,000 + IVA).")
    mas_iva = bool(_MAS_IVA.search(limpio))
    limpio = _CON_IVA.sub("", _MAS_IVA.sub("", limpio))
    cifra = re.sub(r"(?i)\b(mxn|m\.n\.|pesos)\b|\$", "", limpio).replace(" ", "")
    # En México la coma separa miles y el punto los centavos: «1,234.50». Una coma que no va seguida de
    # tres cifras («1234,5», «1 234,50») es una coma decimal; leerla como miles multiplicaría el monto.
    if _COMA_DECIMAL.search(cifra):
        raise ErrorDeUsuario(f"«{texto.strip()}»: la coma separa los miles y el punto los centavos "
                             "(escribe p. ej. 1,234.50).")
    cifra = cifra.replace(",", "")
    try:
        valor = Decimal(cifra)
    except InvalidOperation:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un monto (escribe p. ej. 11,600.00 o 10,000 + IVA).") from None
    if not valor.is_finite() or valor <= 0:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un monto: debe ser mayor que cero.")
    if valor > MAX_MONTO:
        raise ErrorDeUsuario(f"«{texto.strip()}» es demasiado (máximo {MAX_MONTO:,}).")
    if valor.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ErrorDeUsuario(f"«{texto.strip()}» tiene más de dos decimales: los montos van en pesos y centavos.")
    total = (valor * (1 + TASA_IVA) if mas_iva else valor).quantize(_CENTAVO, ROUND_HALF_UP)
    if total > MAX_MONTO:
        raise ErrorDeUsuario(f"«{texto.strip()}» es demasiado (máximo {MAX_MONTO:,}).")
    iva = (total - total / (1 + TASA_IVA)).quantize(_CENTAVO, ROUND_HALF_UP)
    return total, iva


def pesos(monto: Decimal) -> str:
    return f"${monto:,.2f}"


# --- campañas ------------------------------------------------------------------------------------------
def leer_tipo_de_campana(texto: str) -> str:
    t = normalizar(texto)
    tipo = _SINONIMOS_TIPO.get(t) or _SINONIMOS_TIPO.get(t.replace(" ", ""))
    if tipo is None:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un tipo: es «campaña» o «aviso institucional».")
    return tipo



def leer_vigencia(texto: str, ahora: datetime) -> tuple[date, date]:
    """«del 1 de marzo al 30 de abril de 2026», «del 1 al 31 de marzo de 2026», «01/03/2026 al 30/04/2026»."""
    t = " ".join(texto.split())
    t = re.sub(r"^(del|de|desde)\s+", "", t, flags=re.IGNORECASE)
    partes = re.split(r"\s+(?:al|hasta(?: el)?|a)\s+", t, maxsplit=1, flags=re.IGNORECASE)
    if len(partes) != 2 or not partes[0] or not partes[1]:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es una vigencia: escribe «del 1 de marzo al 30 de abril de 2026».")
    fin = interpretar(partes[1], ahora).inicio.date()
    hoy = ahora.date()
    if not ANIO_ESCRITO.search(partes[1]) and (fin - hoy).days > 183:
        # Sin año, el calendario mira adelante («28 de febrero» escrito en marzo es el de 2027); una campaña
        # se registra casi siempre después (para el informe de transparencia): la que acaba de terminar.
        try:
            fin = fin.replace(year=fin.year - 1)
        except ValueError:  # un 29 de febrero
            pass
    primero = partes[0].strip()
    anio_en_primero = bool(ANIO_ESCRITO.search(primero))
    if primero.isdecimal():
        try:
            inicio = date(fin.year, fin.month, int(primero))
        except ValueError:
            raise ErrorDeUsuario(f"El día {primero} no existe en ese mes.") from None
    else:
        if not re.search(r"\b\d{4}\b", primero) and re.search(r"[a-z]", normalizar(primero)):
            primero = f"{primero} de {fin.year}"
        inicio = interpretar(primero, ahora).inicio.date()
        if inicio > fin and inicio.year == fin.year + 1:
            inicio = inicio.replace(year=fin.year)
        if inicio > fin and not anio_en_primero and inicio.month > fin.month:  # «del 1 de diciembre al 31 de enero»
            try:
                inicio = inicio.replace(year=fin.year - 1)
            except ValueError:
                pass
    if inicio > fin:
        raise ErrorDeUsuario("La campaña termina antes de empezar: revisa las fechas.")
    return inicio, fin


def nueva_campana(session: Session, espacio_id: int, ahora: datetime, nombre: str, tipo: str, tema: str,
                  vigencia: str) -> Campana:
    nombre = " ".join(nombre.split())
    if not nombre:
        raise ErrorDeUsuario("Falta el nombre de la campaña.")
    if len(nombre) > 200:
        raise ErrorDeUsuario("El nombre de la campaña es muy largo (máximo 200 caracteres).")
    tipo_leido = leer_tipo_de_campana(tipo) if tipo.strip() else TIPOS_DE_CAMPANA[0]
    tema = " ".join(tema.split())
    if len(tema) > 300:
        raise ErrorDeUsuario("El tema es muy largo (máximo 300 caracteres).")
    if not vigencia.strip():
        raise ErrorDeUsuario("Falta la vigencia: «del 1 de marzo al 30 de abril de 2026».")
    inicio, fin = leer_vigencia(vigencia, ahora)
    campana = Campana(espacio_id=espacio_id, nombre=nombre, nombre_normalizado=normalizar(nombre), tipo=tipo_leido,
                      tema=tema, inicio=inicio, fin=fin, creado=ahora)
    agregar_sin_repetir(session, campana, f"Ya hay una campaña «{nombre}».")
    return campana


def buscar_campana(session: Session, espacio_id: int, texto: str) -> Campana:
    """Por nombre (sin importar acentos ni mayúsculas) o por su ID."""
    limpio = texto.strip().lstrip("#")
    if not limpio:
        raise ErrorDeUsuario("Falta la campaña (su nombre o su ID, ver /campana).")
    condicion = (Campana.id == int(limpio)) if limpio.isdecimal() and len(limpio) < 10 else \
        (Campana.nombre_normalizado == normalizar(limpio))
    campana = session.scalar(select(Campana).where(Campana.espacio_id == espacio_id, condicion))
    if campana is None:
        raise NoEncontrado(f"No hay una campaña «{texto.strip()}». Regístrala antes con /campana nueva (ver /campana).")
    return campana


def campanas(session: Session, espacio_id: int) -> list[Campana]:
    return list(session.scalars(select(Campana).where(Campana.espacio_id == espacio_id)
                                .order_by(Campana.inicio, Campana.id)))


# --- contratos ------------------------------------------------------------------------------------------
def _leer_proveedor(texto: str) -> str:
    proveedor = " ".join(texto.split())
    if not proveedor:
        raise ErrorDeUsuario("Falta el proveedor (su razón social o nombre).")
    if len(proveedor) > 200:
        raise ErrorDeUsuario("El nombre del proveedor es muy largo (máximo 200 caracteres).")
    return proveedor


def _leer_numero(texto: str) -> str:
    # «c-01/2026» y «C-01/2026» son el mismo contrato: se guarda en mayúsculas, y el único de la base
    # (espacio, número) ya no deja registrar dos que solo difieren en eso.
    numero = texto.strip().upper()
    if not numero:
        raise ErrorDeUsuario("Falta el número del contrato.")
    if not _NUMERO_CONTRATO.match(numero):
        raise ErrorDeUsuario(f"«{numero}» no sirve como número de contrato: letras, números, «-», «/» o «.», sin espacios.")
    return numero


def _leer_concepto(texto: str) -> str:
    concepto = " ".join(texto.split())
    if not concepto:
        raise ErrorDeUsuario("Falta el concepto (qué se contrató: impresión de lonas, spots de radio…).")
    if len(concepto) > 500:
        raise ErrorDeUsuario("El concepto es muy largo (máximo 500 caracteres).")
    return concepto


def nuevo_contrato(session: Session, espacio_id: int, ahora: datetime, hoy: date, proveedor: str, rfc: str,
                   numero: str, concepto: str, monto: str, campana: str) -> Contrato:
    """Valida todo (proveedor, RFC, número, concepto, monto, campaña) y después escribe."""
    proveedor = _leer_proveedor(proveedor)
    rfc_leido = leer_rfc(rfc)
    numero = _leer_numero(numero)
    concepto = _leer_concepto(concepto)
    total, iva = leer_monto(monto)
    la_campana = buscar_campana(session, espacio_id, campana)
    contrato = Contrato(espacio_id=espacio_id, campana_id=la_campana.id, proveedor=proveedor, rfc=rfc_leido,
                        numero=numero, concepto=concepto, monto=total, iva=iva, firmado=hoy, creado=ahora)
    agregar_sin_repetir(session, contrato, f"Ya hay un contrato con el número {numero}.")
    return contrato


def buscar_contrato(session: Session, espacio_id: int, numero: str) -> Contrato:
    limpio = numero.strip()
    if not limpio:
        raise ErrorDeUsuario("Falta el número del contrato.")
    contrato = session.scalar(select(Contrato).where(Contrato.espacio_id == espacio_id, Contrato.numero == limpio))
    if contrato is None:
        contrato = session.scalar(select(Contrato).where(Contrato.espacio_id == espacio_id,
                                                         func.upper(Contrato.numero) == limpio.upper()))
    if contrato is None:
        raise NoEncontrado(f"No hay un contrato {limpio} (ver /contrato).")
    return contrato


def contratos(session: Session, espacio_id: int) -> list[Contrato]:
    return list(session.scalars(select(Contrato).where(Contrato.espacio_id == espacio_id)
                                .order_by(Contrato.firmado, Contrato.id)))


# --- facturas -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Saldo:
    facturado: Decimal
    restante: Decimal


def facturado(session: Session, contrato: Contrato) -> Decimal:
    suma = session.scalar(select(func.coalesce(func.sum(Factura.monto), 0)).where(Factura.contrato_id == contrato.id))
    return Decimal(suma or 0).quantize(_CENTAVO)


def nueva_factura(session: Session, espacio_id: int, ahora: datetime, hoy: date, numero: str, folio: str,
                  monto: str) -> tuple[Factura, Contrato, Saldo]:
    contrato = buscar_contrato(session, espacio_id, numero)
    folio = folio.strip().upper()  # «a-12» y «A-12» son la misma factura
    if not folio:
        raise ErrorDeUsuario("Falta el folio de la factura.")
    if not _FOLIO.match(folio):
        raise ErrorDeUsuario(f"«{folio}» no sirve como folio: letras, números, «-», «/» o «.», sin espacios.")
    total, _iva = leer_monto(monto)
    ya = facturado(session, contrato)
    if ya + total > contrato.monto:
        raise NoProcede(
            f"Con esta factura el contrato {contrato.numero} pasaría de su monto: lleva {pesos(ya)} facturado de "
            f"{pesos(contrato.monto)} y la factura es de {pesos(total)}.")
    factura = Factura(espacio_id=espacio_id, contrato_id=contrato.id, folio=folio, monto=total, fecha=hoy,
                      creado=ahora)
    agregar_sin_repetir(session, factura, f"El contrato {contrato.numero} ya tiene la factura {folio}.")
    return factura, contrato, Saldo(ya + total, contrato.monto - ya - total)


def facturas_de(session: Session, contrato: Contrato) -> list[Factura]:
    return list(session.scalars(select(Factura).where(Factura.contrato_id == contrato.id)
                                .order_by(Factura.fecha, Factura.id)))


# --- corregir un contrato ------------------------------------------------------------------------------------
# Un contrato mal capturado se corrige en su lugar (sus facturas siguen con él) y cada corrección queda anotada
# con quién y cuándo: el formato del SIPOT sale del contrato tal como quedó.
CAMPOS_DE_CONTRATO = ("proveedor", "rfc", "numero", "concepto", "monto", "campana", "firmado")
_SINONIMOS_CAMPO = {"numero": "numero", "no": "numero", "folio": "numero", "campana": "campana",
                    "firma": "firmado", "fecha": "firmado", "fecha de firma": "firmado", "importe": "monto",
                    "razon social": "proveedor", "nombre": "proveedor"}
NOMBRES_DE_CAMPO = {"proveedor": "proveedor", "rfc": "RFC", "numero": "número", "concepto": "concepto",
                    "monto": "monto", "campana": "campaña", "firmado": "fecha de firma"}


def leer_campo_de_contrato(texto: str) -> str | None:
    """«Número», «campaña», «fecha» → el campo del contrato; ``None`` si no es uno."""
    t = normalizar(texto).strip()
    return t if t in CAMPOS_DE_CONTRATO else _SINONIMOS_CAMPO.get(t)


# Un día del mes escrito con su mes («20 de diciembre», «20/12», «20 dic»): sin año, es el último que pasó.
_DIA_Y_MES = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|\b(?:" + "|".join(MESES_LEIDOS) + r")\b")


def leer_firma(texto: str, ahora: datetime, hoy: date) -> date:
    """La fecha en que se firmó un contrato: ya pasó, así que un día y mes sin año es el último que pasó
    («20 de diciembre» escrito en enero es el del año pasado); «hoy», «ayer» y «antier» también valen.
    Lo que cae en el futuro por otra razón («pasado mañana», «el viernes») se rechaza, no se mueve de año."""
    limpio = normalizar(texto)
    if not limpio:
        raise ErrorDeUsuario("Falta la fecha de firma (p. ej. 15/01/2026 o 15 de enero de 2026).")
    if limpio in DIAS_ATRAS:
        return hoy - timedelta(days=DIAS_ATRAS[limpio])
    try:
        dia = interpretar(texto, ahora).inicio.date()
    except ErrorDeUsuario:
        raise ErrorDeUsuario(f"No entendí la fecha de firma «{texto.strip()}»: escríbela como 15/01/2026 o "
                             "15 de enero de 2026.") from None
    if dia > hoy and not ANIO_ESCRITO.search(texto) and _DIA_Y_MES.search(limpio):
        try:
            dia = dia.replace(year=dia.year - 1)
        except ValueError:  # un 29 de febrero
            pass
    if dia > hoy:
        raise ErrorDeUsuario(f"La fecha de firma ({dia:%d/%m/%Y}) todavía no llega: un contrato se registra ya firmado.")
    return dia


def _como_texto(session: Session, contrato: Contrato, campo: str) -> str:
    """El valor de un campo como lo lee una persona (y como queda anotado en sus cambios)."""
    if campo == "monto":
        return pesos(contrato.monto)
    if campo == "firmado":
        return f"{contrato.firmado:%d/%m/%Y}"
    if campo == "campana":
        campana = session.get(Campana, contrato.campana_id)
        return campana.nombre if campana else ""
    return str(getattr(contrato, campo))


def editar_contrato(session: Session, contrato: Contrato, ahora: datetime, hoy: date, quien: Persona,
                    valores: dict[str, str]) -> list[CambioDeContrato]:
    """Corrige los campos dados (``{"monto": "12,000 + IVA"}``) con las reglas del alta: valida todos
    antes de escribir; un monto menor que lo ya facturado o una firma posterior a una factura no proceden.
    Anota cada campo que cambió con su valor de antes, quién y cuándo; lo que queda igual no se anota."""
    nuevos: dict[str, Any] = {}
    for campo, texto in valores.items():
        if campo == "proveedor":
            nuevos["proveedor"] = _leer_proveedor(texto)
        elif campo == "rfc":
            nuevos["rfc"] = leer_rfc(texto)
        elif campo == "numero":
            nuevos["numero"] = _leer_numero(texto)
        elif campo == "concepto":
            nuevos["concepto"] = _leer_concepto(texto)
        elif campo == "monto":
            nuevos["monto"], nuevos["iva"] = leer_monto(texto)
        elif campo == "campana":
            nuevos["campana_id"] = buscar_campana(session, contrato.espacio_id, texto).id
        elif campo == "firmado":
            nuevos["firmado"] = leer_firma(texto, ahora, hoy)
        else:
            raise ErrorDeUsuario(f"«{campo}» no es un campo del contrato.")
    if "monto" in nuevos and nuevos["monto"] < (ya := facturado(session, contrato)):
        raise NoProcede(f"El contrato {contrato.numero} ya lleva {pesos(ya)} facturado: su monto no puede quedar en "
                        f"{pesos(nuevos['monto'])}. Si una factura está mal, quítala antes "
                        f"(/factura quitar {contrato.numero} FOLIO).")
    facturas = facturas_de(session, contrato)
    if "firmado" in nuevos and facturas and nuevos["firmado"] > facturas[0].fecha:
        raise NoProcede(f"El contrato {contrato.numero} tiene la factura {facturas[0].folio} del "
                        f"{facturas[0].fecha:%d/%m/%Y}: no pudo firmarse después ({nuevos['firmado']:%d/%m/%Y}).")
    if "numero" in nuevos and nuevos["numero"] != contrato.numero and session.scalar(
            select(Contrato.id).where(Contrato.espacio_id == contrato.espacio_id, Contrato.numero == nuevos["numero"])):
        raise NoProcede(f"Ya hay un contrato con el número {nuevos['numero']}.")
    campos = [c for c in CAMPOS_DE_CONTRATO if c in valores]
    antes = {c: _como_texto(session, contrato, c) for c in campos}
    try:
        with session.begin_nested():  # el número, único en la base: también si otro lo tomó en este instante
            for atributo, valor in nuevos.items():
                setattr(contrato, atributo, valor)
            session.flush()
    except IntegrityError:
        session.refresh(contrato)
        raise NoProcede(f"Ya hay un contrato con el número {nuevos['numero']}.") from None
    cambios = [CambioDeContrato(espacio_id=contrato.espacio_id, contrato_id=contrato.id, campo=c, antes=antes[c][:500],
                                despues=despues[:500], persona_id=quien.id, quien=quien.nombre_visible[:200],
                                cuando=ahora)
               for c in campos if (despues := _como_texto(session, contrato, c)) != antes[c]]
    session.add_all(cambios)
    return cambios


def cambios_de(session: Session, contrato: Contrato) -> list[CambioDeContrato]:
    return list(session.scalars(select(CambioDeContrato).where(CambioDeContrato.contrato_id == contrato.id)
                                .order_by(CambioDeContrato.cuando, CambioDeContrato.id)))


# --- quitar lo registrado por error ------------------------------------------------------------------------
# Un contrato o una factura con un dato mal escrito sale así en el formato del SIPOT: se quita y se vuelve a
# registrar. Lo que tiene algo colgado (una campaña con contratos, un contrato con facturas) se quita en orden.
def quitar_factura(session: Session, espacio_id: int, numero: str, folio: str) -> tuple[Factura, Contrato]:
    contrato = buscar_contrato(session, espacio_id, numero)
    limpio = folio.strip().upper()
    if not limpio:
        raise ErrorDeUsuario("Falta el folio de la factura.")
    factura = session.scalar(select(Factura).where(Factura.contrato_id == contrato.id,
                                                  func.upper(Factura.folio) == limpio))
    if factura is None:
        raise NoEncontrado(f"El contrato {contrato.numero} no tiene una factura {limpio} (ver /contrato ver {contrato.numero}).")
    session.delete(factura)
    session.flush()
    return factura, contrato


def quitar_contrato(session: Session, espacio_id: int, numero: str) -> Contrato:
    contrato = buscar_contrato(session, espacio_id, numero)
    if facturas := facturas_de(session, contrato):
        primera = facturas[0].folio
        raise ErrorDeUsuario(f"El contrato {contrato.numero} tiene {len(facturas)} factura{'s' if len(facturas) != 1 else ''}: "
                             f"quítalas antes (/factura quitar {contrato.numero} {primera}).")
    session.delete(contrato)
    session.flush()
    return contrato


def quitar_campana(session: Session, espacio_id: int, texto: str) -> Campana:
    campana = buscar_campana(session, espacio_id, texto)
    cuantos_contratos = session.scalar(select(func.count(Contrato.id)).where(Contrato.campana_id == campana.id)) or 0
    if cuantos_contratos:
        raise ErrorDeUsuario(f"La campaña «{campana.nombre}» tiene {cuantos_contratos} contrato"
                             f"{'s' if cuantos_contratos != 1 else ''}: quítalos antes (/contrato quitar NÚMERO).")
    session.delete(campana)
    session.flush()
    return campana
