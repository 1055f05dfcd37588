"""El sitio web municipal en WordPress, por su API REST.

Cada foto va a la mediateca (``POST /wp-json/wp/v2/media``, el cuerpo son los bytes de la foto) y la
pieza se publica como entrada (``POST /wp-json/wp/v2/posts``: título, contenido HTML con la galería,
``status: publish``, la primera foto como imagen destacada); se guarda el ``link`` que devuelve.
La autenticación es HTTP Basic con una contraseña de aplicación (WordPress 5.6 o más nuevo).
"""

from __future__ import annotations

from html import escape
from typing import Any

import httpx

from asistente.canales.http import cliente, sin_conexion
from asistente.nucleo.canal import Pieza, Publicado, RechazoDelCanal

MAX_FOTOS = 20


class CanalWordPress:
    nombre = "web"
    titulo = "el sitio web"
    variables: tuple[str, ...] = ("WORDPRESS_URL", "WORDPRESS_USUARIO", "WORDPRESS_CLAVE")
    configurado = True

    def __init__(self, url: str, usuario: str, clave: str) -> None:
        self.url = url.rstrip("/")
        self.usuario = usuario
        self.clave = clave

    def publicar(self, pieza: Pieza) -> Publicado:
        try:
            with cliente(base_url=self.url + "/wp-json/wp/v2/", auth=(self.usuario, self.clave)) as http:
                subidas: list[tuple[int, str, str]] = []
                for foto in pieza.fotos[:MAX_FOTOS]:
                    medio = self._pedir(http, "media", foto.nombre, content=foto.ruta.read_bytes(), headers={
                        "Content-Type": foto.mime,
                        "Content-Disposition": f'attachment; filename="{_nombre_seguro(foto.nombre)}"',
                    })
                    subidas.append((int(medio["id"]), str(medio.get("source_url", "")), foto.leyenda))
                # El slug es la clave de la pieza: así se la encuentra si un proceso murió a la mitad.
                entrada: dict[str, Any] = {"title": pieza.titulo, "content": pieza.html + _galeria(subidas),
                                           "status": "publish", "slug": pieza.clave}
                if subidas:
                    entrada["featured_media"] = subidas[0][0]
                post = self._pedir(http, "posts", "", json=entrada)
        except httpx.TransportError as error:
            raise sin_conexion("El sitio web", error) from None
        return Publicado(permalink=str(post.get("link", "")), id_externo=str(post.get("id", "")))

    def buscar(self, pieza: Pieza) -> Publicado | None:
        """La entrada publicada con el slug de la pieza (``GET /wp-json/wp/v2/posts?slug=…``)."""
        try:
            with cliente(base_url=self.url + "/wp-json/wp/v2/", auth=(self.usuario, self.clave)) as http:
                respuesta = http.get("posts", params={"slug": pieza.clave, "status": "publish", "context": "edit"})
        except httpx.TransportError as error:
            raise sin_conexion("El sitio web", error) from None
        try:
            entradas = respuesta.json()
        except ValueError:
            entradas = None
        if respuesta.status_code != 200 or not isinstance(entradas, list):
            raise rechazo_de_wordpress(respuesta.status_code, entradas, "")
        for entrada in entradas:
            if isinstance(entrada, dict) and entrada.get("slug") == pieza.clave:
                return Publicado(str(entrada.get("link", "")), str(entrada.get("id", "")))
        return None

    def _pedir(self, http: httpx.Client, ruta: str, foto: str, **opciones: Any) -> dict[str, Any]:
        respuesta = http.post(ruta, **opciones)
        try:
            cuerpo = respuesta.json()
        except ValueError:
            cuerpo = None
        if respuesta.status_code in (200, 201) and isinstance(cuerpo, dict) and "id" in cuerpo:
            return cuerpo
        raise rechazo_de_wordpress(respuesta.status_code, cuerpo, foto)


def _nombre_seguro(nombre: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in nombre) or "foto.jpg"


def _galeria(subidas: list[tuple[int, str, str]]) -> str:
    if not subidas:
        return ""
    figuras = "".join(
        f'<figure class="wp-block-image"><img src="{escape(url)}" alt="{escape(leyenda)}" class="wp-image-{ident}"/>'
        f"<figcaption>{escape(leyenda)}</figcaption></figure>"
        for ident, url, leyenda in subidas
    )
    return f'\n<figure class="wp-block-gallery has-nested-images columns-2">{figuras}</figure>\n'


def rechazo_de_wordpress(estado: int, cuerpo: Any, foto: str) -> RechazoDelCanal:
    """Una respuesta de error de WordPress en una frase para el director."""
    mensaje = str(cuerpo.get("message", "")) if isinstance(cuerpo, dict) else ""
    if estado == 401:
        return RechazoDelCanal(
            "El sitio web no aceptó el usuario o la contraseña de aplicación: revisa WORDPRESS_USUARIO y "
            "WORDPRESS_CLAVE (una contraseña de aplicación de su perfil, no la de entrar).")
    if estado == 403:
        return RechazoDelCanal(
            "El usuario de WordPress no tiene permiso para subir fotos o publicar entradas: necesita el rol Autor "
            "o Editor.")
    if estado == 413 or (foto and estado == 400 and "size" in mensaje.lower()):
        return RechazoDelCanal(f"El sitio web no aceptó la foto {foto}: es más grande de lo que admite el servidor.")
    if estado == 404:
        return RechazoDelCanal(
            "No encontré la API de WordPress en WORDPRESS_URL: debe ser la raíz del sitio (https://municipio.gob.mx) "
            "con los enlaces permanentes activados.")
    if estado >= 500 or estado == 429:
        return RechazoDelCanal(f"El sitio web tuvo un problema de su lado (HTTP {estado}). Intenta de nuevo en unos minutos.",
                               reintentable=True)
    return RechazoDelCanal(f"El sitio web rechazó la publicación (HTTP {estado}){': ' + mensaje if mensaje else ''}.")
