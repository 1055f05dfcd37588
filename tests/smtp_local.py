"""Un servidor SMTP de verdad para las pruebas (aiosmtpd en el puerto 0): guarda lo que recibe, rechaza
los buzones que se le digan con 550, y habla STARTTLS o TLS implícito con un certificado hecho aquí."""

from __future__ import annotations

import email
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class _PuertoCero(Controller):
    """El controlador de aiosmtpd con el puerto que elige el sistema (se lee del socket ya abierto)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class Recibido:
    de: str
    para: list[str]
    mensaje: EmailMessage


@dataclass
class Buzon:
    rechazar: set[str] = field(default_factory=set)
    recibidos: list[Recibido] = field(default_factory=list)
    sesiones_cifradas: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address.lower() in self.rechazar:
            return "550 5.1.1 El buzon no existe"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None:
            self.sesiones_cifradas += 1
        mensaje = email.message_from_bytes(envelope.original_content or envelope.content, policy=default)
        self.recibidos.append(Recibido(envelope.mail_from, list(envelope.rcpt_tos), mensaje))  # type: ignore[arg-type]
        return "250 Recibido"


@dataclass
class ServidorSMTP:
    buzon: Buzon
    puerto: int
    contexto_cliente: ssl.SSLContext | None = None

    def url(self, esquema: str = "smtp", credenciales: str = "") -> str:
        return f"{esquema}://{credenciales + '@' if credenciales else ''}127.0.0.1:{self.puerto}"


def certificado(carpeta: Path) -> tuple[Path, Path]:
    """Un certificado autofirmado para 127.0.0.1 (openssl de Debian)."""
    llave, cert = carpeta / "llave.pem", carpeta / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(llave), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return llave, cert


def _autenticar(usuario: str, clave: str) -> Any:
    def autenticador(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == usuario and auth_data.password.decode() == clave
        return AuthResult(success=ok, handled=False)
    return autenticador


@contextmanager
def servidor_smtp(carpeta: Path | None = None, modo: str = "claro", usuario: str = "", clave: str = "",
                  buzon: Buzon | None = None) -> Iterator[ServidorSMTP]:
    """``modo``: ``claro`` (sin TLS, como un relevo interno), ``starttls`` o ``tls`` (implícito, smtps)."""
    buzon = buzon or Buzon()
    opciones: dict[str, Any] = {}
    contexto_cliente = None
    if modo != "claro":
        assert carpeta is not None
        llave, cert = certificado(carpeta)
        contexto = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        contexto.load_cert_chain(cert, llave)
        contexto_cliente = ssl.create_default_context(cafile=str(cert))
        if modo == "starttls":
            opciones.update(tls_context=contexto, require_starttls=True)
        else:
            opciones.update(ssl_context=contexto)
    if usuario:
        opciones.update(authenticator=_autenticar(usuario, clave), auth_require_tls=True)
    controlador = _PuertoCero(buzon, hostname="127.0.0.1", port=0, **opciones)
    controlador.start()
    try:
        yield ServidorSMTP(buzon, controlador.port, contexto_cliente)
    finally:
        controlador.stop()
