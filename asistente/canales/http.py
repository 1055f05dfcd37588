"""Lo común a los canales que hablan HTTP: el cliente y cómo se dice que el servicio no contestó."""

from __future__ import annotations

import httpx

from asistente.nucleo.canal import RechazoDelCanal

ESPERA = httpx.Timeout(60.0, connect=10.0)  # subir fotos por un enlace municipal lento toma su tiempo


def cliente(**opciones: object) -> httpx.Client:
    return httpx.Client(timeout=ESPERA, follow_redirects=False, **opciones)  # type: ignore[arg-type]


def sin_conexion(servicio: str, error: httpx.TransportError) -> RechazoDelCanal:
    """Red caída, servicio apagado, tiempo agotado: vale la pena intentar más tarde."""
    if isinstance(error, httpx.TimeoutException):
        causa = "no contestó a tiempo"
    else:
        causa = "no se pudo conectar"
    return RechazoDelCanal(f"{servicio} {causa}; no se publicó nada. Intenta de nuevo en unos minutos.", reintentable=True)


def megas(tamanio: int) -> str:
    """«4 MB», «4.1 MB» (hacia arriba: 4 MB y un byte no se lee «4 MB»)."""
    decimas = -(-tamanio * 10 // (1024 * 1024))
    return (f"{decimas // 10}" if decimas % 10 == 0 else f"{decimas / 10:.1f}") + " MB"
