"""Firmas HMAC-SHA256 para lo que viaja por Mattermost y regresa: el contexto de un botón y el
``state`` de un diálogo. Sin firma válida no se hace nada: cualquiera con una cuenta puede publicar
un mensaje con botones que apunten a nuestro servidor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


def _mac(secreto: bytes, datos: bytes) -> str:
    return hmac.new(secreto, datos, hashlib.sha256).hexdigest()


def _igual(firma: str, esperada: str) -> bool:
    """Comparación en tiempo constante; una firma con caracteres no ASCII (que ``compare_digest``
    no acepta como texto) simplemente no coincide."""
    return hmac.compare_digest(firma.encode("utf-8", "replace"), esperada.encode())


def _canonico(datos: dict[str, Any]) -> bytes:
    return json.dumps(datos, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


# Un botón vale 30 días: lo bastante para una invitación o una cobertura, no para siempre.
VIGENCIA_BOTON = 30 * 24 * 3600
_CAMPOS = ("accion", "valor", "espacio", "vence", "para")


def firmar_contexto(secreto: bytes, accion: str, valor: str, espacio: str, *, vence: int, para: str = "",
                    canal: str = "") -> dict[str, str]:
    """El contexto firmado de un botón: qué hace, en qué espacio, hasta cuándo vale (segundos de la
    época), si el mensaje es de una sola persona (un mensaje directo, una respuesta efímera) para quién
    y, si se sabe, en qué canal se publicó (pulsado desde otro canal, no vale)."""
    datos = {"accion": accion, "valor": valor, "espacio": espacio, "vence": str(vence), "para": para}
    if canal:  # los botones firmados antes no lo llevan y siguen valiendo
        datos["canal"] = canal
    return {**datos, "firma": _mac(secreto, _canonico(datos))}


def verificar_contexto(secreto: bytes, contexto: object, ahora: float) -> dict[str, str] | None:
    """El contexto si su firma es buena y no ha vencido; si no, ``None``."""
    if not isinstance(contexto, dict):
        return None
    try:
        datos = {k: str(contexto[k]) for k in _CAMPOS}
        if "canal" in contexto:
            datos["canal"] = str(contexto["canal"])
        firma = str(contexto["firma"])
    except KeyError:
        return None
    if not _igual(firma, _mac(secreto, _canonico(datos))):
        return None
    if not datos["vence"].isdecimal() or int(datos["vence"]) < ahora:
        return None
    return datos


def firmar_estado(secreto: bytes, datos: dict[str, Any]) -> str:
    cuerpo = base64.urlsafe_b64encode(_canonico(datos)).decode().rstrip("=")
    return f"{cuerpo}.{_mac(secreto, cuerpo.encode())}"


def verificar_estado(secreto: bytes, estado: object) -> dict[str, Any] | None:
    if not isinstance(estado, str) or "." not in estado:
        return None
    cuerpo, _, firma = estado.rpartition(".")
    if not _igual(firma, _mac(secreto, cuerpo.encode())):
        return None
    try:
        datos = json.loads(base64.urlsafe_b64decode(cuerpo + "=" * (-len(cuerpo) % 4)))
    except (ValueError, TypeError):
        return None
    return datos if isinstance(datos, dict) else None
