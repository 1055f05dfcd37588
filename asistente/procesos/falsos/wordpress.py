"""Un WordPress de mentira (su API REST ``/wp-json/wp/v2/``): revisa lo que recibe como uno de verdad
(HTTP Basic con la contraseña de aplicación, la foto como cuerpo con ``Content-Disposition``, la entrada
en JSON con ``featured_media`` que exista) y lo registra. Los caminos de error de un WordPress real
(401, 403, 500…) se piden con ``fallar``.

Uso::

    wp = FalsoWordPress(usuario="prensa", clave="abcd efgh ijkl mnop qrst uvwx").iniciar()
    config = Config(wordpress_url=wp.base, wordpress_usuario="prensa", wordpress_clave=wp.clave, …)
    wp.medios    # cada foto: bytes, nombre, tipo
    wp.entradas  # cada entrada: title, content, status, featured_media, link
"""

from __future__ import annotations

import base64
import itertools
import json
import re
from dataclasses import dataclass
from typing import Any

from asistente.procesos.falsos.servidor import (
    Peticion,
    Respuesta,
    ServidorFalso,
    es_imagen,
)


@dataclass
class MedioRecibido:
    id: int
    nombre: str
    datos: bytes
    tipo: str
    source_url: str


@dataclass
class EntradaRecibida:
    id: int
    title: str
    content: str
    status: str
    featured_media: int
    link: str
    slug: str = ""


def _error(estado: int, codigo: str, mensaje: str) -> Respuesta:
    return Respuesta(estado, {"code": codigo, "message": mensaje, "data": {"status": estado}})


class FalsoWordPress(ServidorFalso):
    nombre_hilo = "falso-wordpress"

    def __init__(self, usuario: str = "prensa", clave: str = "abcd EFGH ijkl MNOP qrst UVWX") -> None:
        super().__init__()
        self.usuario = usuario
        self.clave = clave
        self.medios: list[MedioRecibido] = []
        self.entradas: list[EntradaRecibida] = []
        self._ids = itertools.count(40)

    def fallar(self, estado: int, codigo: str = "rest_error", mensaje: str = "Error", veces: int = 1) -> None:
        with self.candado:
            self._fallas += [_error(estado, codigo, mensaje)] * veces

    def _atender(self, p: Peticion) -> Respuesta:
        if p.metodo == "GET" and p.ruta == "/wp-json/wp/v2/posts":
            if p.query.get("context") == "edit" and not self._autorizado(p):
                return _error(401, "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.")
            slug = p.query.get("slug")
            return Respuesta(200, [{"id": e.id, "slug": e.slug, "link": e.link, "status": e.status,
                                    "title": {"rendered": e.title}} for e in self.entradas if slug in (None, e.slug)])
        if p.metodo == "GET":
            for entrada in self.entradas:
                if entrada.link.endswith(f"?p={p.query.get('p')}"):
                    html = f"<html><title>{entrada.title}</title><h1>{entrada.title}</h1>{entrada.content}</html>"
                    return Respuesta(200, None, {"Content-Type": "text/html"}, crudo=html.encode())
            return _error(404, "rest_no_route", "No route was found matching the URL and request method.")
        if p.ruta not in ("/wp-json/wp/v2/media", "/wp-json/wp/v2/posts"):
            return _error(404, "rest_no_route", "No route was found matching the URL and request method.")
        if not self._autorizado(p):
            return _error(401, "incorrect_password", "The provided password is an invalid application password.")
        return self._medio(p) if p.ruta.endswith("/media") else self._entrada(p)

    def _autorizado(self, p: Peticion) -> bool:
        esperada = "Basic " + base64.b64encode(f"{self.usuario}:{self.clave}".encode()).decode()
        return p.headers.get("authorization", "") == esperada

    def _medio(self, p: Peticion) -> Respuesta:
        disposicion = p.headers.get("content-disposition", "")
        nombre = re.search(r'filename="?([^";]+)"?', disposicion)
        if not nombre:
            return _error(400, "rest_upload_no_content_disposition", "No Content-Disposition supplied.")
        if not p.cuerpo:
            return _error(400, "rest_upload_no_data", "No data supplied.")
        tipo = p.headers.get("content-type", "")
        if not tipo.startswith("image/") or not es_imagen(p.cuerpo):
            return _error(400, "rest_upload_sideload_error", "Sorry, you are not allowed to upload this file type.")
        ident = next(self._ids)
        url = f"{self.base}/wp-content/uploads/2026/03/{nombre.group(1)}"
        self.medios.append(MedioRecibido(ident, nombre.group(1), p.cuerpo, tipo, url))
        return Respuesta(201, {"id": ident, "source_url": url, "media_type": "image", "mime_type": tipo})

    def _entrada(self, p: Peticion) -> Respuesta:
        if not p.headers.get("content-type", "").startswith("application/json"):
            return _error(400, "rest_invalid_json", "Invalid JSON body passed.")
        try:
            datos: dict[str, Any] = json.loads(p.cuerpo)
        except ValueError:
            return _error(400, "rest_invalid_json", "Invalid JSON body passed.")
        destacada = int(datos.get("featured_media") or 0)
        if destacada and destacada not in {m.id for m in self.medios}:
            return _error(400, "rest_invalid_featured_media", "Invalid featured media ID.")
        if datos.get("status") not in ("publish", "draft", "future", "pending", "private"):
            return _error(400, "rest_invalid_param", "Invalid parameter(s): status")
        ident = next(self._ids)
        slug = str(datos.get("slug") or f"entrada-{ident}")
        if any(e.slug == slug for e in self.entradas):  # como WordPress: el slug no se repite
            slug = f"{slug}-2"
        entrada = EntradaRecibida(ident, str(datos.get("title", "")), str(datos.get("content", "")),
                                  str(datos["status"]), destacada, f"{self.base}/?p={ident}", slug)
        self.entradas.append(entrada)
        return Respuesta(201, {"id": ident, "link": entrada.link, "status": entrada.status,
                               "title": {"rendered": entrada.title}})
