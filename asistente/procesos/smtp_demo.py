"""Un servidor SMTP mínimo para ``asistente demo``: recibe en 127.0.0.1 (puerto libre) y guarda cada
correo como ``.eml`` en una carpeta, para abrirlo con cualquier programa de correo. No reenvía nada."""

from __future__ import annotations

import socketserver
import threading
from pathlib import Path
from typing import Any


class _Sesion(socketserver.StreamRequestHandler):
    server: "_Servidor"

    def _decir(self, texto: str) -> None:
        self.wfile.write(texto.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._decir("220 demo ESMTP")
        while linea := self.rfile.readline(4096):
            orden = linea.decode("latin-1").strip().upper()
            if orden.startswith("EHLO"):
                self.wfile.write(b"250-demo\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif orden.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                self._decir("250 OK")
            elif orden == "DATA":
                self._decir("354 Termina con <CRLF>.<CRLF>")
                partes: list[bytes] = []
                while (renglon := self.rfile.readline(1 << 20)) not in (b".\r\n", b".\n", b""):
                    partes.append(renglon[1:] if renglon.startswith(b"..") else renglon)
                self.server.guardar(b"".join(partes))
                self._decir("250 Recibido")
            elif orden == "QUIT":
                self._decir("221 Adios")
                return
            else:
                self._decir("502 No implementado")


class _Servidor(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, carpeta: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Sesion)
        self.carpeta = carpeta
        self.recibidos: list[Path] = []
        self._candado = threading.Lock()

    def guardar(self, mensaje: bytes) -> None:
        with self._candado:
            ruta = self.carpeta / f"correo-{len(self.recibidos) + 1:02d}.eml"
            ruta.write_bytes(mensaje)
            self.recibidos.append(ruta)


class SMTPDeDemo:
    def __init__(self, carpeta: Path) -> None:
        carpeta.mkdir(parents=True, exist_ok=True)
        self._servidor = _Servidor(carpeta)
        self.puerto: int = self._servidor.server_address[1]
        threading.Thread(target=self._servidor.serve_forever, name="smtp-demo", daemon=True).start()

    @property
    def recibidos(self) -> list[Path]:
        return list(self._servidor.recibidos)

    def __enter__(self) -> "SMTPDeDemo":
        return self

    def __exit__(self, *_: Any) -> None:
        self._servidor.shutdown()
        self._servidor.server_close()
