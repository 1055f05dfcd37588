"""Lo común a los servicios de mentira de la difusión (Graph API, WordPress): un servidor HTTP en
127.0.0.1 (puerto 0) que pasa cada petición a ``atender`` y contesta en una sola escritura."""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Peticion:
    metodo: str
    ruta: str
    query: dict[str, str]
    headers: dict[str, str]
    cuerpo: bytes


@dataclass
class Respuesta:
    estado: int
    datos: Any
    headers: dict[str, str] = field(default_factory=dict)
    crudo: bytes | None = None  # en lugar de JSON (una página HTML)


@dataclass
class Parte:
    nombre: str
    archivo: str | None
    tipo: str
    datos: bytes


def partes_multipart(peticion: Peticion) -> dict[str, Parte]:
    """Las partes de un ``multipart/form-data`` (como las lee un servidor de verdad)."""
    tipo = peticion.headers.get("content-type", "")
    if not tipo.startswith("multipart/form-data"):
        return {}
    mensaje = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {tipo}\r\n\r\n".encode() + peticion.cuerpo)
    partes: dict[str, Parte] = {}
    for parte in mensaje.iter_parts():
        nombre = parte.get_param("name", header="content-disposition")
        if not isinstance(nombre, str):
            continue
        datos = parte.get_payload(decode=True)
        partes[nombre] = Parte(nombre, parte.get_filename(), parte.get_content_type(),
                               datos if isinstance(datos, bytes) else b"")
    return partes


def formulario(peticion: Peticion) -> dict[str, str]:
    """Los campos de un cuerpo ``application/x-www-form-urlencoded`` o de un multipart (sin archivos)."""
    tipo = peticion.headers.get("content-type", "")
    if tipo.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(peticion.cuerpo.decode(), keep_blank_values=True))
    return {p.nombre: p.datos.decode() for p in partes_multipart(peticion).values() if p.archivo is None}


def es_imagen(datos: bytes) -> bool:
    return datos.startswith(b"\xff\xd8\xff") or datos.startswith(b"\x89PNG\r\n\x1a\n")


class ServidorFalso:
    nombre_hilo = "falso"

    def __init__(self) -> None:
        self.candado = threading.Lock()
        self.servidor: ThreadingHTTPServer | None = None
        self.peticiones: list[Peticion] = []  # todo lo que recibió, en orden
        self._fallas: list[Respuesta] = []  # errores que contestará antes de atender de verdad

    def atender(self, peticion: Peticion) -> Respuesta:
        """Anota la petición y contesta la siguiente falla pendiente, o lo que el servicio contestaría."""
        with self.candado:
            self.peticiones.append(peticion)
            if self._fallas:
                return self._fallas.pop(0)
            return self._atender(peticion)

    def _atender(self, peticion: Peticion) -> Respuesta:  # pragma: no cover - lo define cada falso
        raise NotImplementedError

    def iniciar(self) -> "ServidorFalso":
        falso = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _uno(self) -> None:
                largo = int(self.headers.get("Content-Length") or 0)
                cuerpo = self.rfile.read(largo) if largo else b""
                partes = urlsplit(self.path)
                peticion = Peticion(self.command, partes.path, dict(parse_qsl(partes.query, keep_blank_values=True)),
                                    {k.lower(): v for k, v in self.headers.items()}, cuerpo)
                r = falso.atender(peticion)
                datos = r.crudo if r.crudo is not None else json.dumps(r.datos).encode()
                cabeceras = {"Content-Type": "application/json; charset=UTF-8"} | r.headers
                texto = f"HTTP/1.1 {r.estado} X\r\nContent-Length: {len(datos)}\r\n" + "".join(
                    f"{k}: {v}\r\n" for k, v in cabeceras.items()) + "\r\n"
                self.wfile.write(texto.encode() + datos)

            do_GET = do_POST = _uno

        class Servidor(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.servidor = Servidor(("127.0.0.1", 0), Manejador)
        threading.Thread(target=self.servidor.serve_forever, name=self.nombre_hilo, daemon=True).start()
        return self

    def detener(self) -> None:
        if self.servidor is not None:
            self.servidor.shutdown()
            self.servidor.server_close()
            self.servidor = None

    @property
    def base(self) -> str:
        assert self.servidor is not None, "primero iniciar()"
        return f"http://127.0.0.1:{self.servidor.server_address[1]}"
