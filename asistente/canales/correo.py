"""El correo por SMTP: ``ASISTENTE_SMTP_URL`` y ``ASISTENTE_CORREO_REMITENTE``.

``smtp://usuario:clave@servidor:587`` usa STARTTLS (obligatorio si hay usuario y clave: nunca se manda
una contraseña en claro); ``smtps://usuario:clave@servidor:465``, TLS desde el principio. Sin usuario
no se inicia sesión (un relevo interno del ayuntamiento). Los errores se traducen a ``ErrorDeEnvio``:
los 5xx son permanentes (el buzón no existe), lo demás se reintenta.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

from asistente.nucleo.correo import Carta, ErrorDeEnvio
from asistente.nucleo.errores import ErrorDeConfiguracion

ESPERA = 30.0


@dataclass(frozen=True)
class DatosSMTP:
    servidor: str
    puerto: int
    tls_implicito: bool
    usuario: str
    clave: str


def leer_url(url: str) -> DatosSMTP:
    """Valida ``ASISTENTE_SMTP_URL`` al arrancar, con un error que nombra la variable."""
    partes = urlsplit(url.strip())
    if partes.scheme not in ("smtp", "smtps") or not partes.hostname:
        raise ErrorDeConfiguracion(f"ASISTENTE_SMTP_URL «{url}» no es válida: usa smtp://usuario:clave@servidor:587 "
                             "(STARTTLS) o smtps://usuario:clave@servidor:465 (TLS).")
    try:
        puerto = partes.port or (465 if partes.scheme == "smtps" else 587)
    except ValueError:
        raise ErrorDeConfiguracion(f"ASISTENTE_SMTP_URL: el puerto de «{partes.netloc}» no es un número.") from None
    return DatosSMTP(partes.hostname, puerto, partes.scheme == "smtps", unquote(partes.username or ""),
                     unquote(partes.password or ""))


def leer_remitente(texto: str) -> str:
    _, direccion = parseaddr(texto)
    if "@" not in direccion:
        raise ErrorDeConfiguracion(f"ASISTENTE_CORREO_REMITENTE «{texto}» no es un correo "
                             "(ejemplo: Comunicación Social <prensa@municipio.gob.mx>).")
    return texto.strip()


def armar(carta: Carta, remitente: str) -> EmailMessage:
    mensaje = EmailMessage(policy=SMTP)
    mensaje["From"] = remitente
    mensaje["To"] = carta.para
    mensaje["Subject"] = carta.asunto
    mensaje["Date"] = formatdate(localtime=False)
    mensaje["Message-ID"] = make_msgid(domain=parseaddr(remitente)[1].rpartition("@")[2] or None)
    mensaje.set_content(carta.texto, charset="utf-8")
    for anexo in carta.anexos:
        principal, _, sub = anexo.tipo_mime.partition("/")
        mensaje.add_attachment(anexo.datos, maintype=principal, subtype=sub or "octet-stream", filename=anexo.nombre)
    return mensaje


def _permanente(codigo: int) -> bool:
    return 500 <= codigo < 600


def _texto(codigo: int, detalle: bytes | str) -> str:
    texto = detalle.decode("utf-8", "replace") if isinstance(detalle, bytes) else str(detalle)
    return f"{codigo} {texto}".strip()


class CarteroSMTP:
    def __init__(self, datos: DatosSMTP, remitente: str, contexto_tls: ssl.SSLContext | None = None,
                 espera: float = ESPERA) -> None:
        self.datos = datos
        self.remitente = remitente
        self.contexto_tls = contexto_tls or ssl.create_default_context()
        self.espera = espera

    def _conectar(self) -> smtplib.SMTP:
        d = self.datos
        if d.tls_implicito:
            return smtplib.SMTP_SSL(d.servidor, d.puerto, timeout=self.espera, context=self.contexto_tls)
        conexion = smtplib.SMTP(d.servidor, d.puerto, timeout=self.espera)
        conexion.ehlo()
        if conexion.has_extn("starttls"):
            conexion.starttls(context=self.contexto_tls)
            conexion.ehlo()
        elif d.usuario:
            conexion.close()
            raise ErrorDeEnvio(f"{d.servidor} no ofrece STARTTLS: no mando la contraseña sin cifrar "
                               "(usa smtps:// o un servidor con STARTTLS).", permanente=False)
        return conexion

    def enviar(self, carta: Carta) -> None:
        mensaje = armar(carta, self.remitente)
        try:
            with self._conectar() as conexion:
                if self.datos.usuario:
                    conexion.login(self.datos.usuario, self.datos.clave)
                conexion.send_message(mensaje, from_addr=parseaddr(self.remitente)[1], to_addrs=[carta.para])
        except smtplib.SMTPRecipientsRefused as error:
            codigo, detalle = next(iter(error.recipients.values()))
            raise ErrorDeEnvio(_texto(codigo, detalle), permanente=_permanente(codigo)) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise ErrorDeEnvio(_texto(error.smtp_code, error.smtp_error), permanente=_permanente(error.smtp_code)) from None
        except smtplib.SMTPAuthenticationError as error:
            raise ErrorDeEnvio("el servidor de correo no aceptó el usuario y la clave de ASISTENTE_SMTP_URL: "
                               + _texto(error.smtp_code, error.smtp_error), permanente=False) from None
        except (smtplib.SMTPException, OSError) as error:
            raise ErrorDeEnvio(f"no se pudo hablar con {self.datos.servidor}:{self.datos.puerto}: {error}",
                               permanente=False) from None
