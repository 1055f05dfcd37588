"""Leer una página de noticias: titular, medio, fecha, entradilla y texto.

En el orden en que los sitios de noticias mexicanos lo dicen mejor: el JSON-LD ``NewsArticle`` (los
que usan un CMS de periódico), las etiquetas OpenGraph (casi todos, por Facebook) y, al final, el
``<title>`` y el ``<meta name="description">``. El cuerpo lo saca trafilatura (quita menús, anuncios y
comentarios). El HTML se lee con lxml, nunca con expresiones regulares.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.lector import Pagina

TIPOS_HTML = ("text/html", "application/xhtml+xml", "")
MAX_TITULAR = 500
MAX_ENTRADILLA = 1000
MAX_TEXTO = 20000
_SEPARADORES = (" | ", " - ", " – ", " — ", " :: ")


@dataclass(frozen=True)
class Ficha:
    titular: str
    medio: str
    fecha: datetime | None
    entradilla: str
    texto: str


def _limpio(texto: object, maximo: int) -> str:
    return " ".join(str(texto or "").split())[:maximo]


def _fecha(texto: str) -> datetime | None:
    texto = texto.strip()
    if not texto:
        return None
    try:
        return datetime.fromisoformat(texto.replace("Z", "+00:00"))
    except ValueError:
        return None


def _articulos_jsonld(documento: Any) -> list[dict[str, Any]]:
    """Los objetos ``NewsArticle`` (o ``Article``, ``ReportageNewsArticle``…) de los bloques JSON-LD."""
    encontrados: list[dict[str, Any]] = []

    def recorrer(dato: object) -> None:
        if isinstance(dato, list):
            for d in dato:
                recorrer(d)
        elif isinstance(dato, dict):
            tipo = dato.get("@type")
            tipos = tipo if isinstance(tipo, list) else [tipo]
            if any(isinstance(t, str) and t.endswith("Article") for t in tipos):
                encontrados.append(dato)
            if "@graph" in dato:
                recorrer(dato["@graph"])

    for bloque in documento.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            recorrer(json.loads(bloque))
        except ValueError:
            continue  # un JSON-LD roto no impide leer lo demás
    return encontrados


def _meta(documento: Any, *nombres: str) -> str:
    for nombre in nombres:
        for atributo in ("property", "name", "itemprop"):
            valores = documento.xpath(f'//meta[@{atributo}="{nombre}"]/@content')
            if valores and str(valores[0]).strip():
                return str(valores[0])
    return ""


def _sin_sitio(titulo: str, medio: str) -> str:
    """«Inauguran la cancha | El Sol de Tierra Caliente» → «Inauguran la cancha»."""
    for sep in _SEPARADORES:
        if sep in titulo:
            cabeza, _, cola = titulo.rpartition(sep)
            if cabeza.strip() and (not medio or medio.lower() in cola.lower() or len(cola) < 40):
                return cabeza.strip()
    return titulo


def leer_pagina(pagina: Pagina) -> Ficha:
    """La ficha de una nota. Lanza ``ErrorDeUsuario`` si no es HTML o no tiene titular."""
    if pagina.tipo not in TIPOS_HTML:
        raise ErrorDeUsuario(f"El enlace no es una página web sino un archivo «{pagina.tipo}»: no puedo leer "
                             "la nota. Regístrala a mano con /nota portal medio | titular | enlace | tono.")
    try:
        documento = lxml.html.document_fromstring(pagina.contenido)
    except (etree.ParserError, ValueError):
        raise ErrorDeUsuario("La página está vacía o no se puede leer: regístrala a mano con "
                             "/nota portal medio | titular | enlace | tono.") from None
    articulos = _articulos_jsonld(documento)
    articulo = articulos[0] if articulos else {}
    editor = articulo.get("publisher")
    medio_ld = editor.get("name", "") if isinstance(editor, dict) else ""
    medio = _limpio(medio_ld or _meta(documento, "og:site_name", "application-name")
                    or (urlsplit(pagina.url).hostname or "").removeprefix("www."), 200)
    titulos = documento.xpath("//title/text()")
    titulo_html = _sin_sitio(" ".join(str(titulos[0]).split()), medio) if titulos else ""
    titular = _limpio(articulo.get("headline") or _meta(documento, "og:title", "twitter:title") or titulo_html,
                      MAX_TITULAR)
    if not titular:
        raise ErrorDeUsuario("La página no tiene titular (ni JSON-LD, ni OpenGraph, ni <title>): regístrala a "
                             "mano con /nota portal medio | titular | enlace | tono.")
    fecha = _fecha(str(articulo.get("datePublished") or "")) or _fecha(
        _meta(documento, "article:published_time", "datePublished", "date", "pubdate"))
    entradilla = _limpio(articulo.get("description") or _meta(documento, "og:description", "description"),
                         MAX_ENTRADILLA)
    texto = str(articulo.get("articleBody") or "")
    if not texto:
        import trafilatura  # pesa (y arrastra numpy): se importa al leer una nota, no al arrancar
        texto = trafilatura.extract(pagina.contenido.decode(pagina.codificacion or "utf-8", errors="replace"),
                                    include_comments=False, include_tables=False, favor_precision=True) or ""
    return Ficha(titular, medio, fecha, entradilla or _limpio(texto, 300), texto[:MAX_TEXTO])
