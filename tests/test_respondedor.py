"""Las respuestas a ``response_url`` viajan por conexiones reutilizadas (``Respondedor``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from asistente.plataformas.slack.cliente import Respondedor


class _Servidor(ThreadingHTTPServer):
    daemon_threads = True
    recibidos: list[dict[str, Any]]
    conexiones: int
    cerrar_tras_responder: bool


@pytest.fixture
def servidor() -> Iterator[_Servidor]:
    class Manejador(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server: _Servidor

        def log_message(self, *_: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            self.server.conexiones += 1

        def do_POST(self) -> None:
            cuerpo = self.rfile.read(int(self.headers["Content-Length"]))
            self.server.recibidos.append(json.loads(cuerpo))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            # Como un servidor que cierra una conexión ociosa sin avisar con «Connection: close».
            self.close_connection = self.server.cerrar_tras_responder

    s = _Servidor(("127.0.0.1", 0), Manejador)
    s.recibidos, s.conexiones, s.cerrar_tras_responder = [], 0, False
    hilo = threading.Thread(target=s.serve_forever, daemon=True)
    hilo.start()
    yield s
    s.shutdown()
    s.server_close()


def test_varias_respuestas_por_una_sola_conexion(servidor: _Servidor) -> None:
    respondedor = Respondedor()
    url = f"http://127.0.0.1:{servidor.server_address[1]}/commands/T1/1/abc"
    for i in range(3):
        assert respondedor.enviar(url, {"text": f"Agenda {i}", "response_type": "ephemeral"}) == 200
    assert [m["text"] for m in servidor.recibidos] == ["Agenda 0", "Agenda 1", "Agenda 2"]
    assert servidor.conexiones == 1


def test_la_respuesta_llega_aunque_el_servidor_haya_cerrado_la_conexion(servidor: _Servidor) -> None:
    """Una conexión que el otro lado cerró se reabre y el mensaje llega una sola vez."""
    servidor.cerrar_tras_responder = True
    respondedor = Respondedor()
    url = f"http://127.0.0.1:{servidor.server_address[1]}/commands/T1/1/abc"
    assert respondedor.enviar(url, {"text": "primero"}) == 200
    assert respondedor.enviar(url, {"text": "segundo"}) == 200
    assert [m["text"] for m in servidor.recibidos] == ["primero", "segundo"]
    assert servidor.conexiones == 2
