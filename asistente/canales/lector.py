"""El lector de páginas de noticias y fuentes RSS/Atom: un cliente HTTP acotado y cortés.

- Solo ``http``/``https``; cada dirección (también cada redirección, a lo más ``MAX_REDIRECCIONES``) se
  resuelve y se rechaza si alguna IP es local, privada, de enlace local, reservada o multicast, salvo con
  ``ASISTENTE_PERMITIR_RED_LOCAL=1``. La conexión va a la IP ya revisada (con el nombre en ``Host`` y en
  SNI), así un DNS que cambia de respuesta entre la revisión y la conexión no cuela una dirección interna.
- Tiempo total acotado (``ESPERA``) y tamaño acotado (``MAX_BYTES``): se deja de leer al pasarlo.
- User-Agent de navegador con el nombre del asistente (muchos sitios de noticias rechazan a los
  desconocidos) y GET condicional con ``If-None-Match``/``If-Modified-Since``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urlsplit, urlunsplit

import httpx

from asistente.nucleo.config import Config
from asistente.nucleo.lector import ErrorDeLectura, Pagina

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECCIONES = 5
ESPERA = 15.0  # segundos para toda la lectura, redirecciones incluidas
AGENTE = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 "
          "AsistenteComunicacionSocial/1.0 (monitoreo de medios)")


def _ip_prohibida(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified)


class LectorHttp:
    def __init__(self, config: Config, *, espera: float = ESPERA, max_bytes: int = MAX_BYTES) -> None:
        self.permitir_red_local = config.permitir_red_local
        self.espera = espera
        self.max_bytes = max_bytes

    def _resolver(self, host: str, puerto: int) -> str:
        """La IP a la que se conecta, ya revisada."""
        try:
            infos = socket.getaddrinfo(host, puerto, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise ErrorDeLectura(f"No existe el sitio «{host}» (el nombre no se pudo resolver).") from None
        ips = [ipaddress.ip_address(str(i[4][0]).split("%", 1)[0]) for i in infos]
        if not ips:
            raise ErrorDeLectura(f"No existe el sitio «{host}».")
        if not self.permitir_red_local and any(_ip_prohibida(ip) for ip in ips):
            raise ErrorDeLectura(f"«{host}» es una dirección local o privada: no la leo "
                                 "(ASISTENTE_PERMITIR_RED_LOCAL=1 lo permite para medios en la intranet).")
        return str(ips[0])

    def leer(self, url: str, *, etag: str = "", modificado: str = "") -> Pagina:
        fin = time.monotonic() + self.espera
        actual = url.strip()
        with httpx.Client(timeout=httpx.Timeout(self.espera, connect=min(5.0, self.espera)),
                          follow_redirects=False, verify=True) as cliente:
            for _ in range(MAX_REDIRECCIONES + 1):
                respuesta = self._pedir(cliente, actual, etag, modificado, fin)
                if respuesta is None:
                    continue
                if isinstance(respuesta, str):
                    actual = respuesta
                    continue
                return respuesta
        raise ErrorDeLectura(f"Demasiadas redirecciones (más de {MAX_REDIRECCIONES}) desde {url}.")

    def _pedir(self, cliente: httpx.Client, url: str, etag: str, modificado: str, fin: float) -> Pagina | str | None:
        """Una petición: la ``Pagina``, o la dirección de la redirección."""
        partes = urlsplit(url)
        if partes.scheme not in ("http", "https") or not partes.hostname:
            raise ErrorDeLectura(f"«{url}» no es una dirección web (debe empezar con http:// o https://).")
        host = partes.hostname
        puerto = partes.port or (443 if partes.scheme == "https" else 80)
        ip = self._resolver(host, puerto)
        ip_url = f"[{ip}]" if ":" in ip else ip
        destino = urlunsplit((partes.scheme, f"{ip_url}:{puerto}", partes.path or "/", partes.query, ""))
        encabezados = {"User-Agent": AGENTE, "Host": partes.netloc.rpartition("@")[2],
                       "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                                 "application/xml;q=0.9,*/*;q=0.8",
                       "Accept-Language": "es-MX,es;q=0.9"}
        if etag:
            encabezados["If-None-Match"] = etag
        if modificado:
            encabezados["If-Modified-Since"] = modificado
        try:
            with cliente.stream("GET", destino, headers=encabezados,
                                extensions={"sni_hostname": host}) as r:
                if r.status_code in (301, 302, 303, 307, 308):
                    lugar = r.headers.get("location", "")
                    if not lugar:
                        raise ErrorDeLectura(f"{host} redirigió sin decir a dónde.")
                    return str(httpx.URL(url).join(lugar))
                if r.status_code == 304:
                    return Pagina(url=url, tipo="", contenido=b"", etag=etag, modificado=modificado, sin_cambios=True)
                if r.status_code >= 400:
                    raise ErrorDeLectura(f"{host} contestó con error {r.status_code}.")
                partes_tipo = r.headers.get("content-type", "").split(";")
                tipo = partes_tipo[0].strip().lower()
                codificacion = next((p.split("=", 1)[1].strip().strip('"') for p in partes_tipo[1:]
                                     if p.strip().lower().startswith("charset=")), "")
                largo = r.headers.get("content-length", "")
                if largo.isdecimal() and int(largo) > self.max_bytes:
                    raise ErrorDeLectura(f"La página de {host} es demasiado grande ({int(largo) // 1024} KB).")
                trozos: list[bytes] = []
                total = 0
                for trozo in r.iter_bytes():
                    total += len(trozo)
                    if total > self.max_bytes:
                        raise ErrorDeLectura(f"La página de {host} es demasiado grande (más de "
                                             f"{self.max_bytes // (1024 * 1024)} MB).")
                    if time.monotonic() > fin:
                        raise ErrorDeLectura(f"{host} no terminó de contestar a tiempo.")
                    trozos.append(trozo)
                return Pagina(url=url, tipo=tipo, contenido=b"".join(trozos), codificacion=codificacion,
                              etag=r.headers.get("etag", ""), modificado=r.headers.get("last-modified", ""))
        except httpx.TimeoutException:
            raise ErrorDeLectura(f"{host} no contestó a tiempo.") from None
        except httpx.TransportError:
            raise ErrorDeLectura(f"No me pude conectar con {host}.") from None
