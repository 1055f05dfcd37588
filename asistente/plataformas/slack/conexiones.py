"""Conexiones HTTP que se reutilizan, una por hilo y servidor: un pool por plataforma.

``WebClient`` de slack_sdk abre una conexión nueva (TCP, y TLS con slack.com) en cada llamada, y Bolt
hace lo mismo con cada ``respond``. El programador hace miles de llamadas por pasada y cada comando
una o dos: aquí se abren una vez por hilo y se reutilizan (``http.client``, no ``httpx``: cuesta la
mitad de CPU por petición). ``ClienteConPool`` es el ``WebClient`` de siempre con este transporte
(reintentos de 429, errores y todo lo demás, igual); con un proxy en el entorno se usa el de slack_sdk.
"""

from __future__ import annotations

import http.client
import io
import threading
import urllib.error
import urllib.request
import weakref
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient


class Conexiones:
    def __init__(self, timeout: float = 15.0) -> None:
        self.timeout = timeout
        self._local = threading.local()
        self._abiertas: list[http.client.HTTPConnection] = []
        self._candado = threading.Lock()
        self._proxies = urllib.request.getproxies()  # del entorno, una vez: leerlo cuesta
        # Las conexiones abiertas se cierran cuando el pool deja de usarse (o al salir).
        weakref.finalize(self, _cerrar_todas, self._abiertas, self._candado)

    def usa_proxy(self, url: str) -> bool:
        partes = urlsplit(url)
        return bool(self._proxies.get(partes.scheme)) and not urllib.request.proxy_bypass(partes.hostname or "")

    def abiertas(self) -> int:
        with self._candado:
            return len(self._abiertas)

    def _conexion(self, esquema: str, host: str, puerto: int | None) -> tuple[http.client.HTTPConnection, bool]:
        conexiones: dict[tuple[str, str, int | None], http.client.HTTPConnection] = self._local.__dict__.setdefault("c", {})
        conexion = conexiones.get((esquema, host, puerto))
        if conexion is not None:
            return conexion, True
        clase = http.client.HTTPSConnection if esquema == "https" else http.client.HTTPConnection
        conexion = clase(host, puerto, timeout=self.timeout)
        conexiones[(esquema, host, puerto)] = conexion
        with self._candado:
            self._abiertas.append(conexion)
        return conexion, False

    def _olvidar(self, esquema: str, host: str, puerto: int | None, conexion: http.client.HTTPConnection) -> None:
        conexion.close()
        self._local.__dict__.get("c", {}).pop((esquema, host, puerto), None)
        with self._candado:
            if conexion in self._abiertas:
                self._abiertas.remove(conexion)

    def pedir(self, metodo: str, url: str, cuerpo: bytes | None, cabeceras: dict[str, str]) -> tuple[int, Message, bytes]:
        """Estado, cabeceras y cuerpo. Si una conexión reutilizada resulta cerrada por el otro lado (pasa
        tras un rato sin uso), se abre otra y se manda de nuevo, una sola vez."""
        partes = urlsplit(url)
        esquema, host, puerto = partes.scheme, partes.hostname or "", partes.port
        ruta = (partes.path or "/") + (f"?{partes.query}" if partes.query else "")
        while True:
            conexion, reutilizada = self._conexion(esquema, host, puerto)
            try:
                conexion.request(metodo, ruta, body=cuerpo, headers=cabeceras)
                respuesta = conexion.getresponse()
                datos = respuesta.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._olvidar(esquema, host, puerto, conexion)
                if reutilizada:
                    continue
                raise
            except (OSError, http.client.HTTPException):
                self._olvidar(esquema, host, puerto, conexion)
                raise
            if respuesta.will_close:
                self._olvidar(esquema, host, puerto, conexion)
            return respuesta.status, respuesta.headers, datos


def _cerrar_todas(conexiones: list[http.client.HTTPConnection], candado: threading.Lock) -> None:
    with candado:
        for conexion in conexiones:
            conexion.close()
        conexiones.clear()


class ClienteConPool(WebClient):
    """Un ``WebClient`` cuyas llamadas van por ``Conexiones`` (compartidas entre los clientes de todos
    los espacios de una plataforma)."""

    def __init__(self, *args: Any, conexiones: Conexiones, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conexiones = conexiones

    def _perform_urllib_http_request_internal(self, url: str, req: urllib.request.Request) -> dict[str, Any]:
        if self.proxy or self.conexiones.usa_proxy(url) or not url.lower().startswith("http"):
            return super()._perform_urllib_http_request_internal(url, req)  # type: ignore[no-any-return]
        cabeceras = {k: str(v) for k, v in req.header_items()}
        cuerpo = req.data if isinstance(req.data, bytes) else None
        estado, respuesta, datos = self.conexiones.pedir(req.get_method(), url, cuerpo, cabeceras)
        if estado >= 400:
            # Como urlopen: un error HTTP es una excepción (así los reintentos de 429 siguen iguales).
            raise urllib.error.HTTPError(url, estado, respuesta.get("Status", ""), respuesta, io.BytesIO(datos))
        if respuesta.get_content_type() == "application/gzip":
            return {"status": estado, "headers": respuesta, "body": datos}
        return {"status": estado, "headers": respuesta, "body": datos.decode(respuesta.get_content_charset() or "utf-8")}
