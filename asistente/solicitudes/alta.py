"""Una solicitud nueva (por el chat o por el portal): se valida todo antes de escribir nada, toma su
folio (``S-031``) y dice si llegó con menos días hábiles de los que pide la oficina."""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from asistente.datos.numeracion import siguiente_numero
from asistente.fechas.habiles import dias_habiles_entre
from asistente.fechas.interprete import interpretar
from asistente.fechas.palabras import ANIO_ESCRITO, DIAS_ATRAS, fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario, NoProcede
from asistente.nucleo.texto import normalizar
from asistente.solicitudes.areas import area_de, leer_area
from asistente.solicitudes.inhabiles import dias_inhabiles
from asistente.solicitudes.tipos import leer_tipo
from modelos import CambioDeSolicitud, EstadoSolicitud, Persona, Solicitud

CONTADOR = "solicitudes"
MAX_DESCRIPCION = 2000
MAX_PIEZAS = 100_000


@dataclass(frozen=True)
class Pedido:
    """Lo que escribió quien pide, ya leído."""

    area: str
    tipo: str
    para: date
    descripcion: str
    impreso: bool = False
    medida: str = ""
    piezas: int | None = None


_LEJOS = 183  # días: más allá, una fecha sin año se confirma con el año
# «antes del viernes», «a más tardar el 15», «para el lunes»: el plazo es ese día.
_PLAZO = re.compile(r"^(?:antes del?|a mas tardar|para|maximo|hasta)\s+")


def leer_para(texto: str, ahora: datetime, tz: ZoneInfo) -> date:
    """«el viernes», «15 de marzo», «20/03»: el día de entrega, que no puede haber pasado."""
    if not texto.strip():
        raise ErrorDeUsuario("Falta para cuándo (por ejemplo: viernes, 15 de marzo).")
    local = ahora.astimezone(tz)
    limpio = _PLAZO.sub("", normalizar(texto).strip()).strip() or texto
    if limpio in ("fin de mes", "fin del mes", "el fin de mes", "a fin de mes", "finales de mes", "a finales de mes"):
        siguiente = (local.date().replace(day=28) + timedelta(days=4)).replace(day=1)
        return siguiente - timedelta(days=1)
    if atras := DIAS_ATRAS.get(limpio):  # «ayer»: el intérprete de la agenda solo mira hacia adelante
        dia = local.date() - timedelta(days=atras)
        raise NoProcede(f"La fecha de entrega ({fecha_en_palabras(dia, con_anio=True)}) ya pasó: escribe para cuándo "
                        "se necesita (hoy, mañana, el viernes, 15 de marzo).")
    momento = interpretar(limpio, local)
    if not momento.con_dia:  # «15.03» o «a las 10»: una hora de hoy, no un día de entrega
        raise ErrorDeUsuario(f"«{texto.strip()}» parece una hora, no un día: escribe el día de entrega "
                             "(15/03, 15 de marzo, el viernes).")
    dia = momento.inicio.date()
    if dia < local.date():
        raise NoProcede(f"La fecha de entrega ({fecha_en_palabras(dia, con_anio=True)}) ya pasó.")
    # «27 de febrero» escrito el 2 de marzo es el de 2027 para el calendario, pero casi siempre es un
    # error (o una fecha que ya pasó): sin el año escrito, el año que viene y a más de medio año se pregunta.
    anio_escrito = ANIO_ESCRITO.search(texto)
    if dia.year > local.year and (dia - local.date()).days > _LEJOS and not anio_escrito:
        raise ErrorDeUsuario(f"«{texto.strip()}» sería el {fecha_en_palabras(dia, con_anio=True)}: si era de este año, "
                             f"ya pasó; si de verdad es para entonces, escribe el año («{texto.strip()}"
                             f"{'/' if '/' in texto else ' de '}{dia.year}»).")
    return dia


def leer_piezas(texto: str) -> int | None:
    limpio = texto.strip().replace(",", "").replace(" ", "")
    if not limpio:
        return None
    if not limpio.isdecimal() or not 1 <= int(limpio) <= MAX_PIEZAS:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un número de piezas (de 1 a {MAX_PIEZAS:,}).".replace(",", " "))
    return int(limpio)


def leer_pedido(session: Session, espacio_id: int, *, area: str, tipo: str, para: str, descripcion: str,
                ahora: datetime, tz: ZoneInfo, impreso: bool = False, medida: str = "", piezas: str = "") -> Pedido:
    # En el orden en que se escriben: área, tipo, fecha y luego lo demás.
    nombre_area = leer_area(session, espacio_id, area)
    tipo_leido = leer_tipo(tipo)
    dia = leer_para(para, ahora, tz)
    descripcion = descripcion.strip()
    if not descripcion:
        raise ErrorDeUsuario("Falta la descripción: qué se necesita y para qué.")
    if len(descripcion) > MAX_DESCRIPCION:
        raise ErrorDeUsuario(f"La descripción es muy larga (a lo más {MAX_DESCRIPCION} letras).")
    medida = " ".join(medida.split())
    if len(medida) > 60:
        raise ErrorDeUsuario("La medida es muy larga (a lo más 60 letras, por ejemplo 90 x 60 cm).")
    return Pedido(area=nombre_area, tipo=tipo_leido, para=dia, descripcion=descripcion, impreso=impreso or bool(medida) or bool(piezas.strip()), medida=medida,
                  piezas=leer_piezas(piezas))


@dataclass(frozen=True)
class Alta:
    solicitud: Solicitud
    aviso_plazo: str  # «» si llegó a tiempo


def crear(session: Session, espacio_id: int, pedido: Pedido, *, ahora: datetime, tz: ZoneInfo, dias_regla: int,
          solicitante: Persona | None, solicitante_nombre: str = "", origen: str = "chat", canal: str = "") -> Alta:
    hoy = ahora.astimezone(tz).date()
    dias = dias_habiles_entre(hoy, pedido.para, dias_inhabiles(session, espacio_id))
    area = area_de(session, espacio_id, pedido.area, ahora)
    quien = solicitante_nombre or (solicitante.nombre_visible if solicitante else "")
    solicitud = Solicitud(
        espacio_id=espacio_id, numero=siguiente_numero(session, espacio_id, CONTADOR), area_id=area.id,
        tipo=pedido.tipo, para=pedido.para, descripcion=pedido.descripcion, impreso=pedido.impreso, medida=pedido.medida,
        piezas=pedido.piezas, estado=EstadoSolicitud.RECIBIDA, solicitante_id=solicitante.id if solicitante else None,
        solicitante_nombre=quien[:200], origen=origen, dias_habiles=dias, canal=canal[:120], hilo="", creada=ahora,
        actualizada=ahora,
    )
    session.add(solicitud)
    session.flush()
    session.add(CambioDeSolicitud(espacio_id=espacio_id, solicitud_id=solicitud.id, estado=EstadoSolicitud.RECIBIDA,
                                  persona_id=solicitante.id if solicitante else None, quien=quien[:200], cuando=ahora,
                                  nota="por el portal" if origen == "portal" else ""))
    aviso = ""
    if dias < dias_regla:
        aviso = (f"Ojo: llegó con {dias} día{'s' if dias != 1 else ''} hábil{'es' if dias != 1 else ''} de anticipación y "
                 f"la oficina pide {dias_regla} (sin contar fines de semana, feriados ni días inhábiles de la oficina); "
                 "puede no estar a tiempo.")
    return Alta(solicitud, aviso)
