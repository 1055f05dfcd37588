"""Un medio de noticias de mentira en 127.0.0.1, puerto 0: páginas con las formas que usan los sitios
mexicanos (OpenGraph, JSON-LD ``NewsArticle``, solo ``<title>``), una fuente RSS, y los casos malos
(lento, no HTML, fuente rota, redirección a una dirección privada). Anota cada petición."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Ruta:
    cuerpo: bytes
    tipo: str = "text/html; charset=utf-8"
    estado: int = 200
    espera: float = 0.0
    encabezados: dict[str, str] = field(default_factory=dict)


@dataclass
class MedioFalso:
    url: str
    rutas: dict[str, Ruta]
    peticiones: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def en(self, ruta: str) -> str:
        return self.url + ruta


@contextmanager
def medio_falso(rutas: dict[str, Ruta]) -> Iterator[MedioFalso]:
    medio = MedioFalso("", rutas)

    class Manejador(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (nombre de http.server)
            medio.peticiones.append((self.path, dict(self.headers.items())))
            ruta = medio.rutas.get(self.path) or medio.rutas.get(self.path.split("?", 1)[0])
            if ruta is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if ruta.espera:
                time.sleep(ruta.espera)
            etag = ruta.encabezados.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(ruta.estado)
            self.send_header("Content-Type", ruta.tipo)
            self.send_header("Content-Length", str(len(ruta.cuerpo)))
            for k, v in ruta.encabezados.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(ruta.cuerpo)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *_args: object) -> None:
            pass

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    servidor.daemon_threads = True
    medio.url = f"http://127.0.0.1:{servidor.server_address[1]}"
    hilo = threading.Thread(target=servidor.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    hilo.start()
    try:
        yield medio
    finally:
        servidor.shutdown()
        servidor.server_close()
        hilo.join(timeout=5)
