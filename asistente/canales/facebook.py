"""La página de Facebook del ayuntamiento, por la Graph API.

Una pieza con fotos sube cada foto sin publicar (``POST {pagina}/photos`` con ``published=false``) y
luego publica una sola entrada con todas (``POST {pagina}/feed`` con ``message`` y
``attached_media``); el enlace permanente se lee de la entrada (``GET {post}?fields=permalink_url``).
Los errores de la Graph API (``{"error": {"code": …}}``) se vuelven frases para el director.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from asistente.canales.http import cliente, megas, sin_conexion
from asistente.nucleo.canal import Pieza, Publicado, RechazoDelCanal

MAX_FOTOS = 10  # las que caben en una publicación con varias fotos
MAX_BYTES_FOTO = 4 * 1024 * 1024  # Facebook pide fotos de menos de 4 MB
_LIMITES = {4, 17, 32, 613}  # límites de llamadas: de la app, del usuario, de la página, personalizado


class CanalFacebook:
    nombre = "facebook"
    titulo = "Facebook"
    variables: tuple[str, ...] = ("FACEBOOK_PAGINA", "FACEBOOK_TOKEN")
    configurado = True

    def __init__(self, pagina: str, token: str, api_url: str) -> None:
        self.pagina = pagina
        self.token = token
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"

    def publicar(self, pieza: Pieza) -> Publicado:
        for foto in pieza.fotos[:MAX_FOTOS]:
            tamanio = foto.ruta.stat().st_size
            if tamanio > MAX_BYTES_FOTO:
                raise RechazoDelCanal(
                    f"La foto {foto.nombre} pesa {megas(tamanio)} y Facebook acepta fotos de hasta "
                    f"{megas(MAX_BYTES_FOTO)}: quítala de la pieza o súbela más chica.")
        try:
            with cliente(base_url=self.api_url) as http:
                ids = [self._subir_foto(http, foto.ruta.read_bytes(), foto.nombre, foto.mime, foto.leyenda)
                       for foto in pieza.fotos[:MAX_FOTOS]]
                datos: dict[str, str] = {"message": pieza.texto, "access_token": self.token}
                for i, media in enumerate(ids):
                    datos[f"attached_media[{i}]"] = json.dumps({"media_fbid": media})
                post = self._pedir(http, "POST", f"{self.pagina}/feed", data=datos)
                post_id = str(post.get("id", ""))
                if not post_id:
                    raise RechazoDelCanal("Facebook no devolvió el id de la publicación.", reintentable=True)
                leido = self._pedir(http, "GET", post_id, params={"fields": "permalink_url", "access_token": self.token})
        except httpx.TransportError as error:
            raise sin_conexion("Facebook", error) from None
        enlace = str(leido.get("permalink_url") or f"https://www.facebook.com/{post_id}")
        return Publicado(permalink=enlace, id_externo=post_id)

    def buscar(self, pieza: Pieza) -> Publicado | None:
        """Entre las últimas publicaciones de la página, la que tiene exactamente el texto de la pieza."""
        try:
            with cliente(base_url=self.api_url) as http:
                feed = self._pedir(http, "GET", f"{self.pagina}/feed", params={
                    "fields": "id,message,permalink_url", "limit": "50", "access_token": self.token})
        except httpx.TransportError as error:
            raise sin_conexion("Facebook", error) from None
        for post in feed.get("data", []):
            if isinstance(post, dict) and post.get("message") == pieza.texto:
                ident = str(post.get("id", ""))
                return Publicado(str(post.get("permalink_url") or f"https://www.facebook.com/{ident}"), ident)
        return None

    def _subir_foto(self, http: httpx.Client, contenido: bytes, nombre: str, mime: str, leyenda: str) -> str:
        respuesta = self._pedir(
            http, "POST", f"{self.pagina}/photos",
            data={"published": "false", "caption": leyenda, "access_token": self.token},
            files={"source": (nombre, contenido, mime)},
        )
        return str(respuesta["id"])

    def _pedir(self, http: httpx.Client, metodo: str, ruta: str, **opciones: Any) -> dict[str, Any]:
        respuesta = http.request(metodo, ruta, **opciones)
        try:
            cuerpo = respuesta.json()
        except ValueError:
            cuerpo = {}
        if respuesta.is_success and isinstance(cuerpo, dict) and "error" not in cuerpo:
            return cuerpo
        raise rechazo_de_graph(respuesta.status_code, cuerpo.get("error") if isinstance(cuerpo, dict) else None,
                               self.pagina)


def rechazo_de_graph(estado: int, error: Any, pagina: str) -> RechazoDelCanal:
    """Un error de la Graph API en una frase para el director, y si vale la pena reintentar."""
    if not isinstance(error, dict):
        error = {}
    codigo = error.get("code")
    subcodigo = error.get("error_subcode")
    mensaje = str(error.get("message") or f"HTTP {estado}")
    if codigo == 190:
        return RechazoDelCanal(
            "Facebook rechazó el token de la página: venció o fue revocado. Genera un token de página nuevo "
            "(README, «Los canales de difusión») y ponlo en FACEBOOK_TOKEN.")
    if codigo == 10 or (isinstance(codigo, int) and 200 <= codigo <= 299):
        return RechazoDelCanal(
            "Facebook dice que el token no tiene permiso para publicar en la página: hace falta un token de "
            "página con pages_manage_posts y pages_read_engagement, de alguien que administre la página.")
    if codigo in _LIMITES:
        return RechazoDelCanal(
            "Facebook pide esperar: la página llegó a su límite de publicaciones por ahora. Se puede volver a "
            "intentar más tarde.", reintentable=True)
    if codigo == 100 and subcodigo == 33:
        return RechazoDelCanal(
            f"Facebook no encuentra la página {pagina}, o el token no es de esa página: revisa FACEBOOK_PAGINA.")
    if codigo in (324, 352) or "too large" in mensaje.lower() or "size" in mensaje.lower():
        return RechazoDelCanal(f"Facebook no aceptó una de las fotos (demasiado grande o en un formato que no lee): {mensaje}")
    if estado >= 500 or codigo in (1, 2) or error.get("is_transient"):
        return RechazoDelCanal(f"Facebook tuvo un problema de su lado ({mensaje}). Intenta de nuevo en unos minutos.",
                               reintentable=True)
    return RechazoDelCanal(f"Facebook rechazó la publicación: {mensaje}")
