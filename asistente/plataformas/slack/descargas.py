"""Bajar los archivos que la gente suelta en un canal: con el token del bot, y solo desde Slack."""

from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga
from asistente.nucleo.config import Config
from asistente.plataformas.slack.cliente import hosts_de_slack

BLOQUE = 1 << 16
CORTADA = "la conexión con Slack se cortó a medio archivo"

registro_log = logging.getLogger("asistente.slack")


class _SoloSlack(urllib.request.HTTPRedirectHandler):
    """Una redirección a otro host se rechaza: el encabezado con el token no debe salir de Slack."""

    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if (urlsplit(newurl).hostname or "") not in self.hosts:
            raise ErrorDeDescarga(f"Slack redirigió la descarga a un host ajeno ({urlsplit(newurl).hostname}).")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class DescargadorSlack:
    """Con ``token_de`` (la app instalada en muchos espacios), el token del bot del espacio de cada
    archivo; si no, ``SLACK_BOT_TOKEN``."""

    def __init__(self, config: Config, token_de: Callable[[str], str | None] | None = None) -> None:
        self.token = config.slack_bot_token
        self.token_de = token_de
        self.hosts = hosts_de_slack(config)
        self.maximo = config.max_bytes
        self._abridor = urllib.request.build_opener(_SoloSlack(self.hosts))

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        partes = urlsplit(archivo.url)
        if partes.scheme not in ("https", "http") or (partes.hostname or "") not in self.hosts:
            raise ErrorDeDescarga(f"No descargo {archivo.nombre}: su dirección no es de Slack ({partes.hostname or 'sin host'}).")
        if archivo.tamanio is not None and archivo.tamanio > self.maximo:
            raise ErrorDeDescarga(f"{archivo.nombre} pesa más de {self.maximo // (1024 * 1024)} MB.")
        token = self.token or (self.token_de(archivo.espacio) if self.token_de else None)
        if not token:
            raise ErrorDeDescarga(f"No puedo bajar {archivo.nombre}: la app ya no está instalada en {archivo.espacio or 'ese espacio'}.")
        peticion = urllib.request.Request(archivo.url, headers={"Authorization": f"Bearer {token}"})
        try:
            with self._abridor.open(peticion, timeout=60) as respuesta:
                total = 0
                while True:
                    bloque = respuesta.read(BLOQUE)
                    if not bloque:
                        break
                    total += len(bloque)
                    if total > self.maximo:
                        raise ErrorDeDescarga(f"{archivo.nombre} pesa más de {self.maximo // (1024 * 1024)} MB.")
                    destino.write(bloque)
                # ``read(n)`` no avisa si la conexión se cerró antes de tiempo: se compara con lo anunciado.
                if respuesta.length:
                    registro_log.warning("la descarga de %s se cortó: faltaron %s bytes", archivo.nombre, respuesta.length)
                    raise ErrorDeDescarga(CORTADA, transitorio=True)
        except urllib.error.HTTPError as error:
            pasajero = error.code >= 500 or error.code == 429
            raise ErrorDeDescarga(f"Slack no entregó {archivo.nombre} (HTTP {error.code})", transitorio=pasajero) from error
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            # Conexión cortada a medio archivo (IncompleteRead), rechazada o sin respuesta a tiempo: el
            # detalle de la biblioteca va al registro; al hilo, una razón en español.
            registro_log.warning("la descarga de %s se cortó: %r", archivo.nombre, error)
            raise ErrorDeDescarga(CORTADA, transitorio=True) from error
