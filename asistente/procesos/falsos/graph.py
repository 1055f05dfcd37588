"""Una Graph API de Facebook de mentira, para ``FACEBOOK_API_URL``: revisa lo que recibe como la de
verdad (el token de la página, la foto en ``source`` como multipart, ``published=false``, las fotos de
``attached_media`` subidas antes por la misma página) y lo registra.

Uso::

    graph = FalsoGraph(pagina="123", token="EAAtoken").iniciar()
    config = Config(facebook_api_url=graph.url, facebook_pagina="123", facebook_token="EAAtoken", …)
    graph.fotos          # cada foto recibida: bytes, nombre, pie, published
    graph.publicaciones  # cada entrada del feed: message, attached_media (ids), permalink
    graph.fallar(190, "Error validating access token", veces=1)   # la próxima llamada contesta ese error
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

from asistente.procesos.falsos.servidor import (
    Peticion,
    Respuesta,
    ServidorFalso,
    es_imagen,
    formulario,
    partes_multipart,
)

VERSION = "v21.0"


@dataclass
class FotoRecibida:
    id: str
    nombre: str
    datos: bytes
    tipo: str
    pie: str
    published: str


@dataclass
class PublicacionRecibida:
    id: str
    message: str
    attached_media: list[str]
    permalink: str
    campos: dict[str, str] = field(default_factory=dict)


def _error(estado: int, codigo: int, mensaje: str, subcodigo: int | None = None, tipo: str = "OAuthException") -> Respuesta:
    error: dict[str, object] = {"message": mensaje, "type": tipo, "code": codigo, "fbtrace_id": "AbCdEf"}
    if subcodigo is not None:
        error["error_subcode"] = subcodigo
    return Respuesta(estado, {"error": error})


class FalsoGraph(ServidorFalso):
    nombre_hilo = "falso-graph"

    def __init__(self, pagina: str = "1029384756", token: str = "EAAtoken-de-pagina") -> None:
        super().__init__()
        self.pagina = pagina
        self.token = token
        self.fotos: list[FotoRecibida] = []
        self.publicaciones: list[PublicacionRecibida] = []
        self._ids = itertools.count(5000)

    @property
    def url(self) -> str:
        return f"{self.base}/{VERSION}/"

    def fallar(self, codigo: int, mensaje: str, veces: int = 1, estado: int = 400, subcodigo: int | None = None) -> None:
        with self.candado:
            self._fallas += [_error(estado, codigo, mensaje, subcodigo)] * veces

    def _atender(self, p: Peticion) -> Respuesta:
        partes = p.ruta.strip("/").split("/")
        if not partes or partes[0] != VERSION:
            return _error(400, 2500, "Unknown path components")
        campos = formulario(p) if p.metodo == "POST" else {}
        token = campos.get("access_token") or p.query.get("access_token") or \
            p.headers.get("authorization", "").removeprefix("Bearer ")
        if token != self.token:
            return _error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if p.metodo == "POST" and len(partes) == 3 and partes[2] in ("photos", "feed"):
            if partes[1] != self.pagina:
                return _error(400, 100, f"Unsupported post request. Object with ID '{partes[1]}' does not exist",
                              subcodigo=33, tipo="GraphMethodException")
            return self._fotos(p, campos) if partes[2] == "photos" else self._feed(campos)
        if p.metodo == "GET" and len(partes) == 3 and partes[2] == "feed":
            if partes[1] != self.pagina:
                return _error(400, 100, f"Object with ID '{partes[1]}' does not exist", subcodigo=33,
                              tipo="GraphMethodException")
            limite = int(p.query.get("limit", "25"))
            recientes = self.publicaciones[::-1][:limite]
            return Respuesta(200, {"data": [{"id": x.id, "message": x.message, "permalink_url": x.permalink}
                                            for x in recientes]})
        if p.metodo == "GET" and len(partes) == 2:
            for pub in self.publicaciones:
                if pub.id == partes[1]:
                    return Respuesta(200, {"permalink_url": pub.permalink, "id": pub.id})
            return _error(400, 100, f"Object with ID '{partes[1]}' does not exist", subcodigo=33,
                          tipo="GraphMethodException")
        return _error(400, 100, "Unsupported request", tipo="GraphMethodException")

    def _fotos(self, p: Peticion, campos: dict[str, str]) -> Respuesta:
        fuente = partes_multipart(p).get("source")
        if fuente is None or fuente.archivo is None or not fuente.datos:
            return _error(400, 324, "(#324) Requires upload file", tipo="OAuthException")
        if not es_imagen(fuente.datos):
            return _error(400, 1366, "Your photo couldn't be uploaded. Photos should be saved as JPG, PNG.")
        if len(fuente.datos) > 4 * 1024 * 1024:
            return _error(400, 100, "(#100) The photo size is too large")
        ident = str(next(self._ids))
        self.fotos.append(FotoRecibida(ident, fuente.archivo, fuente.datos, fuente.tipo, campos.get("caption", ""),
                                       campos.get("published", "")))
        return Respuesta(200, {"id": ident})

    def _feed(self, campos: dict[str, str]) -> Respuesta:
        adjuntas: list[str] = []
        i = 0
        while f"attached_media[{i}]" in campos:
            try:
                media = json.loads(campos[f"attached_media[{i}]"])["media_fbid"]
            except (ValueError, KeyError, TypeError):
                return _error(400, 100, f"(#100) param attached_media[{i}] must be a JSON object with media_fbid")
            foto = next((f for f in self.fotos if f.id == str(media)), None)
            if foto is None or foto.published != "false":
                return _error(400, 100, f"(#100) Invalid media_fbid {media}: only unpublished photos may be attached")
            adjuntas.append(str(media))
            i += 1
        if not campos.get("message") and not adjuntas:
            return _error(400, 100, "(#100) Missing message or attachment")
        numero = next(self._ids)
        ident = f"{self.pagina}_{numero}"
        permalink = f"https://www.facebook.com/{self.pagina}/posts/{numero}"
        self.publicaciones.append(PublicacionRecibida(ident, campos.get("message", ""), adjuntas, permalink, campos))
        return Respuesta(200, {"id": ident})
