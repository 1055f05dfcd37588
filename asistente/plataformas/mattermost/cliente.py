"""Un cliente pequeño de la API REST v4 de Mattermost sobre ``httpx``: solo lo que el asistente usa.

``mattermostdriver`` está archivado; esto son unas cuantas llamadas con el token del bot
(``Authorization: Bearer …``). Un error de Mattermost se convierte en ``ErrorDeEnvio`` con el mensaje
que dio el servidor; un 429 se reintenta después de lo que indiquen sus encabezados.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible

registro_log = logging.getLogger("asistente.plataformas.mattermost")

REINTENTOS_429 = 4
ESPERA_MAXIMA_429 = 30.0


class DescargaFallida(ErrorDeEnvio):
    """``GET /files/{id}`` falló: ``estado`` es el código HTTP, o 0 si la conexión se cortó."""

    def __init__(self, mensaje: str, *, estado: int) -> None:
        super().__init__(mensaje)
        self.estado = estado

    @property
    def pasajera(self) -> bool:
        return self.estado == 0 or self.estado >= 500 or self.estado == 429


def _espera_429(respuesta: httpx.Response) -> float:
    """Segundos a esperar: ``Retry-After`` o, como hace Mattermost, ``X-Ratelimit-Reset``."""
    for encabezado in ("Retry-After", "X-Ratelimit-Reset"):
        valor = respuesta.headers.get(encabezado)
        if valor:
            try:
                return min(max(float(valor), 0.0), ESPERA_MAXIMA_429)
            except ValueError:
                continue
    return 1.0


def _mensaje_de_error(respuesta: httpx.Response) -> str:
    try:
        datos = respuesta.json()
        mensaje = datos.get("message") or datos.get("id") or ""
    except (ValueError, AttributeError):
        mensaje = respuesta.text[:200]
    return f"Mattermost respondió {respuesta.status_code}: {mensaje or respuesta.reason_phrase}"


class ClienteMattermost:
    def __init__(self, url: str, token: str, *, timeout: float = 15.0, transporte: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.url + "/api/v4",
            headers={"Authorization": f"Bearer {token}", "X-Requested-With": "XMLHttpRequest"},
            timeout=timeout,
            transport=transporte,
        )
        self._yo: dict[str, Any] | None = None

    def cerrar(self) -> None:
        self._http.close()

    # --- base -------------------------------------------------------------------------------
    def _pedir(self, metodo: str, ruta: str, **opciones: Any) -> httpx.Response:
        for intento in range(REINTENTOS_429 + 1):
            try:
                respuesta = self._http.request(metodo, ruta, **opciones)
            except httpx.HTTPError as error:
                raise ErrorDeEnvio(f"No pude hablar con Mattermost ({self.url}): {error}") from error
            if respuesta.status_code == 429 and intento < REINTENTOS_429:
                espera = _espera_429(respuesta)
                registro_log.warning("Mattermost pidió esperar %.1f s (429) en %s %s", espera, metodo, ruta)
                time.sleep(espera)
                continue
            if respuesta.status_code == 401:
                # El token del bot ya no sirve (revocado, cuenta desactivada): nada saldrá a este servidor.
                raise EspacioInaccesible(_mensaje_de_error(respuesta) + " (el token del bot ya no sirve)")
            if respuesta.status_code >= 400:
                raise ErrorDeEnvio(_mensaje_de_error(respuesta))
            return respuesta
        raise AssertionError("inalcanzable")

    def _json(self, metodo: str, ruta: str, **opciones: Any) -> Any:
        respuesta = self._pedir(metodo, ruta, **opciones)
        if not respuesta.content:
            return {}
        try:
            return respuesta.json()
        except ValueError as error:
            raise ErrorDeEnvio(f"Mattermost contestó algo que no es JSON en {ruta}.") from error

    # --- usuarios -----------------------------------------------------------------------------
    def yo(self) -> dict[str, Any]:
        """La cuenta del bot (se pide una vez)."""
        if self._yo is None:
            self._yo = self._json("GET", "/users/me")
        return self._yo

    def equipos_del_bot(self) -> set[str]:
        """Los ids de los equipos a los que pertenece el bot (``GET /users/me/teams``)."""
        datos: list[dict[str, Any]] = self._json("GET", "/users/me/teams")
        return {str(e.get("id", "")) for e in datos if e.get("id")}

    def usuario(self, usuario_id: str) -> dict[str, Any]:
        datos: dict[str, Any] = self._json("GET", f"/users/{usuario_id}")
        return datos

    def usuarios_por_nombre(self, nombres: list[str]) -> list[dict[str, Any]]:
        datos: list[dict[str, Any]] = self._json("POST", "/users/usernames", json=nombres)
        return datos

    # --- canales -------------------------------------------------------------------------------
    def canal(self, canal_id: str) -> dict[str, Any]:
        datos: dict[str, Any] = self._json("GET", f"/channels/{canal_id}")
        return datos

    def canal_por_nombre(self, equipo_id: str, nombre: str) -> dict[str, Any]:
        datos: dict[str, Any] = self._json("GET", f"/teams/{equipo_id}/channels/name/{nombre}")
        return datos

    def canal_directo(self, usuario_id: str) -> str:
        """El id del canal directo entre el bot y la persona (Mattermost lo crea si no existe)."""
        datos = self._json("POST", "/channels/direct", json=[self.yo()["id"], usuario_id])
        return str(datos["id"])

    # --- mensajes -------------------------------------------------------------------------------
    def crear_post(
        self, canal_id: str, mensaje: str, *, raiz: str | None = None,
        adjuntos: list[dict[str, Any]] | None = None, archivos: list[str] | None = None,
        props: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        post: dict[str, Any] = {"channel_id": canal_id, "message": mensaje}
        if raiz:
            post["root_id"] = raiz
        if adjuntos or props:
            post["props"] = {**(props or {}), **({"attachments": adjuntos} if adjuntos else {})}
        if archivos:
            post["file_ids"] = archivos
        datos: dict[str, Any] = self._json("POST", "/posts", json=post)
        return datos

    def posts_desde(self, canal_id: str, desde_ms: int) -> list[dict[str, Any]]:
        """Los posts del canal creados o cambiados desde ``desde_ms`` (``GET /channels/{id}/posts?since=``;
        Mattermost los da todos de una vez, sin páginas)."""
        datos = self._json("GET", f"/channels/{canal_id}/posts", params={"since": desde_ms})
        posts = datos.get("posts") if isinstance(datos, dict) else None
        return [p for p in (posts or {}).values() if isinstance(p, dict)]

    def post_efimero(
        self, usuario_id: str, canal_id: str, mensaje: str, *, adjuntos: list[dict[str, Any]] | None = None,
        raiz: str | None = None,
    ) -> dict[str, Any]:
        post: dict[str, Any] = {"channel_id": canal_id, "message": mensaje}
        if adjuntos:
            post["props"] = {"attachments": adjuntos}
        if raiz:
            post["root_id"] = raiz
        datos: dict[str, Any] = self._json("POST", "/posts/ephemeral", json={"user_id": usuario_id, "post": post})
        return datos

    # --- archivos --------------------------------------------------------------------------------
    def subir_archivo(self, canal_id: str, ruta: Path, nombre: str | None = None, tipo_mime: str | None = None) -> str:
        nombre = nombre or ruta.name
        tipo = tipo_mime or mimetypes.guess_type(nombre)[0] or "application/octet-stream"
        with ruta.open("rb") as contenido:
            datos = self._json("POST", "/files", data={"channel_id": canal_id}, files={"files": (nombre, contenido, tipo)})
        try:
            return str(datos["file_infos"][0]["id"])
        except (KeyError, IndexError, TypeError) as error:
            raise ErrorDeEnvio("Mattermost no devolvió el id del archivo subido.") from error

    def info_archivo(self, archivo_id: str) -> dict[str, Any]:
        datos: dict[str, Any] = self._json("GET", f"/files/{archivo_id}/info")
        return datos

    @contextmanager
    def descargar(self, archivo_id: str) -> Iterator[httpx.Response]:
        """La respuesta en flujo de ``GET /files/{id}`` (sus bytes se leen con ``iter_bytes``)."""
        try:
            with self._http.stream("GET", f"/files/{archivo_id}") as respuesta:
                if respuesta.status_code >= 400:
                    respuesta.read()
                    raise DescargaFallida(_mensaje_de_error(respuesta), estado=respuesta.status_code)
                yield respuesta
        except httpx.HTTPError as error:  # cortada a medio archivo, sin respuesta a tiempo, rechazada
            registro_log.warning("la descarga de %s se cortó: %r", archivo_id, error)
            raise DescargaFallida(f"No pude descargar de Mattermost: {error}", estado=0) from error

    # --- diálogos ---------------------------------------------------------------------------------
    def abrir_dialogo(self, trigger_id: str, url: str, dialogo: dict[str, Any]) -> None:
        self._pedir("POST", "/actions/dialogs/open", json={"trigger_id": trigger_id, "url": url, "dialog": dialogo})

    # --- comandos slash (con el token de un administrador: ``asistente manifiesto mattermost --instalar``) --
    def equipos(self) -> list[dict[str, Any]]:
        """Los equipos de la cuenta del token (``GET /users/me/teams``)."""
        datos: list[dict[str, Any]] = self._json("GET", "/users/me/teams")
        return datos

    def comandos(self, equipo_id: str) -> list[dict[str, Any]]:
        """Los comandos slash personalizados del equipo (``GET /commands?team_id=…&custom_only=true``)."""
        datos: list[dict[str, Any]] = self._json("GET", "/commands", params={"team_id": equipo_id, "custom_only": "true"})
        return datos

    def crear_comando(self, comando: dict[str, Any]) -> dict[str, Any]:
        datos: dict[str, Any] = self._json("POST", "/commands", json=comando)
        return datos

    def actualizar_comando(self, comando: dict[str, Any]) -> dict[str, Any]:
        """``PUT /commands/{id}`` con el comando entero (Mattermost conserva su id, token y equipo)."""
        datos: dict[str, Any] = self._json("PUT", f"/commands/{comando['id']}", json=comando)
        return datos
