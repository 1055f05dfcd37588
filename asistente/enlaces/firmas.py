"""Crear, verificar y revocar los enlaces del portal.

Un enlace es ``/portal/<ruta>/<ficha>``: la ficha es una lista firmada (itsdangerous, HMAC-SHA1 con el
secreto del despliegue) ``[espacio, enlace, tipo, objeto, destinatario, vence]``. Verificar exige la
firma, una fila de ``enlaces_portal`` que diga exactamente lo mismo, que no esté revocada y que no haya
vencido. Cualquier falla es la misma ``EnlaceInvalido``: quien falsifica no aprende nada.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from modelos import EnlacePortal

SAL = "asistente.portal.v1"
RUTAS = {"galeria_evento": "galeria", "galeria_boletin": "galeria", "invitacion": "invitacion",
         # El formulario de solicitudes de un área (objeto: el área).
         "solicitud": "solicitud",
         # La agenda como calendario de suscripción: la de la oficina (objeto: el espacio) o la de una persona.
         "calendario_oficina": "calendario", "calendario_persona": "calendario"}
MAX_DIAS = 366


class EnlaceInvalido(Exception):
    """Firma mala, enlace alterado, vencido, revocado o de nada que exista: todo se ve igual (403)."""


def _firmante(config: Config) -> URLSafeSerializer:
    return URLSafeSerializer(config.secreto_firma, salt=SAL)


def _carga(enlace: EnlacePortal) -> list[object]:
    return [enlace.espacio_id, enlace.id, enlace.tipo, enlace.objeto_id, enlace.destinatario,
            int(enlace.vence.timestamp())]


def ficha_de(config: Config, enlace: EnlacePortal) -> str:
    return str(_firmante(config).dumps(_carga(enlace)))


def url_de(config: Config, enlace: EnlacePortal) -> str:
    if not config.url_publica:
        raise ErrorDeUsuario("Para dar enlaces del portal falta la dirección pública del asistente "
                             "(ASISTENTE_URL_PUBLICA, por ejemplo https://prensa.municipio.gob.mx). Pídesela a quien lo instaló.")
    return f"{config.url_publica}/portal/{RUTAS[enlace.tipo]}/{ficha_de(config, enlace)}"


def leer_dias(texto: str, por_omision: int) -> int:
    limpio = texto.strip()
    if not limpio:
        return por_omision
    palabras = limpio.split()
    if len(palabras) > 2 or not palabras[0].isdecimal() or (len(palabras) == 2 and palabras[1].lower() not in ("dia", "dias", "día", "días")):
        raise ErrorDeUsuario(f"«{limpio}» no es un número de días (ejemplo: 7).")
    dias = int(palabras[0])
    if not 1 <= dias <= MAX_DIAS:
        raise ErrorDeUsuario(f"Los días van de 1 a {MAX_DIAS}.")
    return dias


def crear(session: Session, *, espacio_id: int, tipo: str, objeto_id: int, ahora: datetime, dias: int,
          destinatario: str = "equipo", medio_id: int | None = None, creado_por_id: int | None = None) -> EnlacePortal:
    enlace = EnlacePortal(
        espacio_id=espacio_id, tipo=tipo, objeto_id=objeto_id, destinatario=destinatario, medio_id=medio_id,
        creado_por_id=creado_por_id, creado=ahora, vence=(ahora + timedelta(days=dias)).replace(microsecond=0),
    )
    session.add(enlace)
    session.flush()
    return enlace


def verificar(session: Session, config: Config, ficha: str, ahora: datetime) -> EnlacePortal:
    try:
        carga = _firmante(config).loads(ficha)
    except BadData:
        raise EnlaceInvalido("firma") from None
    if (not isinstance(carga, list) or len(carga) != 6 or not all(isinstance(carga[i], int) for i in (0, 1, 3, 5))
            or not all(isinstance(carga[i], str) for i in (2, 4))):
        raise EnlaceInvalido("forma")
    enlace = session.get(EnlacePortal, carga[1])
    if enlace is None or _carga(enlace) != carga:
        raise EnlaceInvalido("fila")
    if enlace.revocado is not None or ahora >= enlace.vence:
        raise EnlaceInvalido("vencido o revocado")
    return enlace


def revocar(session: Session, espacio_id: int, texto: str, ahora: datetime) -> EnlacePortal:
    limpio = texto.strip().lstrip("#")
    if not limpio.isdecimal() or len(limpio) > 12:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es el número de un enlace (sale al compartirlo).")
    enlace = session.scalar(select(EnlacePortal).where(EnlacePortal.espacio_id == espacio_id,
                                                       EnlacePortal.id == int(limpio)))
    if enlace is None:
        raise NoEncontrado(f"No hay un enlace {limpio} en este espacio.")
    if enlace.revocado is None:
        enlace.revocado = ahora
    return enlace


def anotar_apertura(enlace: EnlacePortal, ahora: datetime) -> None:
    if enlace.abierto is None:
        enlace.abierto = ahora


def anotar_descarga(enlace: EnlacePortal, ahora: datetime) -> None:
    anotar_apertura(enlace, ahora)
    if enlace.descargado is None:
        enlace.descargado = ahora
