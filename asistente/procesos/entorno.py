"""Leer la configuración del entorno (y de un archivo `.env`) una sola vez, al arrancar un proceso.

Un valor mal escrito se explica aquí, con el nombre de su variable, antes de que el proceso haga
nada: es un ``ErrorDeConfiguracion`` (lo lee quien instala, no quien usa el chat).
"""

from __future__ import annotations

import logging
import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from asistente.canales.correo import leer_remitente, leer_url
from asistente.nucleo.ajustes import leer_hora, leer_resumen
from asistente.nucleo.config import DEFECTOS, Config
from asistente.nucleo.errores import ErrorDeConfiguracion, ErrorDeUsuario
from asistente.nucleo.texto import normalizar


def _lista(texto: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in texto.split(",") if p.strip())


def _entero(entorno: Mapping[str, str], variable: str, minimo: int = 0) -> int:
    texto = entorno.get(variable) or DEFECTOS[variable]
    try:
        valor = int(texto)
    except ValueError:
        raise ErrorDeConfiguracion(f"{variable} debe ser un número entero, no «{texto}».") from None
    if valor < minimo:
        raise ErrorDeConfiguracion(f"{variable} debe ser al menos {minimo}, no {valor}.")
    return valor


def leer_env(ruta: Path) -> dict[str, str]:
    """Las variables de un archivo `.env` (si existe)."""
    if not ruta.is_file():
        return {}
    return {k: v for k, v in dotenv_values(ruta).items() if v is not None}


def _validar_horario(hora_agenda: str, resumen: str) -> None:
    """Un error de estas variables sale al arrancar y dice cuál es, no en la primera pasada del programador."""
    lectores: tuple[tuple[str, Callable[[str], object], str], ...] = (
        ("ASISTENTE_HORA_AGENDA", leer_hora, hora_agenda), ("ASISTENTE_RESUMEN", leer_resumen, resumen))
    for nombre, leer, valor in lectores:
        try:
            leer(valor)
        except ErrorDeUsuario as error:  # el lector es el mismo de ``/asistente config``
            raise ErrorDeConfiguracion(f"{nombre}: {error.mensaje}") from None


def _hora(nombre: str, valor: str) -> str:
    try:
        return f"{leer_hora(valor):%H:%M}"
    except ErrorDeUsuario as error:
        raise ErrorDeConfiguracion(f"{nombre}: {error.mensaje}") from None


def _exigir_url_publica(mattermost: str, url_publica: str) -> None:
    """Los botones y diálogos de Mattermost vuelven a ``ASISTENTE_URL_PUBLICA``. No se adivina de la
    petición: cualquiera podría mandar un ``Host`` ajeno y llevarse los clics."""
    if mattermost and not url_publica:
        raise ErrorDeConfiguracion(
            "Con MATTERMOST_URL hace falta ASISTENTE_URL_PUBLICA: la dirección con la que Mattermost alcanza a "
            "`asistente servir` (https://asistente.municipio.gob.mx), adonde llegan los botones y diálogos.")
    if url_publica and not url_publica.startswith(("https://", "http://")):
        raise ErrorDeConfiguracion(f"ASISTENTE_URL_PUBLICA «{url_publica}» debe empezar con https:// (o http:// en una red interna).")


def _origenes(valor: str) -> tuple[str, ...]:
    """``MATTERMOST_ORIGENES``: cada una, una IP o una red (``10.0.0.0/24``) válida."""
    origenes = _lista(valor)
    for origen in origenes:
        try:
            ipaddress.ip_network(origen, strict=False)
        except ValueError:
            raise ErrorDeConfiguracion(
                f"MATTERMOST_ORIGENES: «{origen}» no es una dirección IP ni una red (10.0.0.5, 10.0.0.0/24).") from None
    return origenes


def _color(texto: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", texto):
        raise ErrorDeConfiguracion(f"ASISTENTE_COLOR «{texto}» no es un color: escríbelo en hexadecimal, como #6d1a36.")
    return texto.lower()


def _numeracion(texto: str, administracion: str) -> str:
    valor = normalizar(texto)
    valor = {"anual": "anual", "por año": "anual", "por ano": "anual", "administracion": "administracion",
             "por administracion": "administracion"}.get(valor, "")
    if not valor:
        raise ErrorDeConfiguracion(f"ASISTENTE_NUMERACION «{texto}» no se entiende: usa «anual» o «administracion».")
    if valor == "administracion" and not administracion:
        raise ErrorDeConfiguracion("Con ASISTENTE_NUMERACION=administracion hace falta ASISTENTE_ADMINISTRACION "
                                   "(el periodo, por ejemplo 2024-2027).")
    return valor


def desde_entorno(entorno: Mapping[str, str] | None = None, archivo_env: Path | None = Path(".env")) -> Config:
    """Construye la configuración: el entorno manda sobre `.env`, y `.env` sobre los valores por omisión."""
    valores: dict[str, str] = {}
    if archivo_env is not None:
        valores.update(leer_env(archivo_env))
    valores.update(os.environ if entorno is None else entorno)

    def v(nombre: str) -> str:
        return (valores.get(nombre) or DEFECTOS[nombre]).strip()

    _exigir_url_publica(v("MATTERMOST_URL"), v("ASISTENTE_URL_PUBLICA"))
    zona = v("ASISTENTE_ZONA")
    try:
        ZoneInfo(zona)
    except (ZoneInfoNotFoundError, ValueError):
        raise ErrorDeConfiguracion(f"ASISTENTE_ZONA «{zona}» no es una zona horaria conocida (ejemplo: America/Mexico_City).") from None
    _validar_horario(v("ASISTENTE_HORA_AGENDA"), v("ASISTENTE_RESUMEN"))
    nivel_log = v("ASISTENTE_LOG").upper()
    if nivel_log not in logging.getLevelNamesMapping():  # antes, un nivel mal escrito se volvía INFO sin aviso
        raise ErrorDeConfiguracion(
            f"ASISTENTE_LOG «{v('ASISTENTE_LOG')}» no es un nivel de registro: usa DEBUG, INFO, WARNING o ERROR.")
    administracion = "-".join(p.strip() for p in re.split(r"[-–—]", v("ASISTENTE_ADMINISTRACION")))
    numeracion = _numeracion(v("ASISTENTE_NUMERACION"), administracion)
    api = v("SLACK_API_URL")
    if bool(v("SLACK_CLIENT_ID")) != bool(v("SLACK_CLIENT_SECRET")):
        raise ErrorDeConfiguracion("SLACK_CLIENT_ID y SLACK_CLIENT_SECRET van juntos (en la app de Slack: Basic "
                                   "Information → App Credentials).")
    if v("SLACK_CLIENT_ID") and not v("SLACK_SIGNING_SECRET"):
        raise ErrorDeConfiguracion("Con SLACK_CLIENT_ID hace falta SLACK_SIGNING_SECRET: la instalación por OAuth "
                                   "recibe los eventos de cada espacio por HTTP, firmados.")
    graph = v("FACEBOOK_API_URL")
    smtp, remitente = v("ASISTENTE_SMTP_URL"), v("ASISTENTE_CORREO_REMITENTE")
    if smtp:
        leer_url(smtp)
        if not remitente:
            raise ErrorDeConfiguracion("Con ASISTENTE_SMTP_URL hace falta ASISTENTE_CORREO_REMITENTE "
                                 "(ejemplo: Comunicación Social <prensa@municipio.gob.mx>).")
    if remitente:
        leer_remitente(remitente)
    archivo = v("ASISTENTE_ARCHIVO")
    archivo_s3 = ""
    if archivo.lower().startswith("s3://"):
        archivo_s3 = archivo
        if not archivo[5:].split("/", 1)[0]:
            raise ErrorDeConfiguracion(f"ASISTENTE_ARCHIVO «{archivo}» no dice el bucket (ejemplo: s3://prensa-guerrero/tlalchapa).")
        archivo = v("ASISTENTE_CACHE")
    return Config(
        bd=v("ASISTENTE_BD"),
        archivo=Path(archivo),
        archivo_s3=archivo_s3,
        aws_llave=v("AWS_ACCESS_KEY_ID"),
        aws_secreto=v("AWS_SECRET_ACCESS_KEY"),
        aws_region=v("AWS_DEFAULT_REGION"),
        aws_url=v("AWS_ENDPOINT_URL").rstrip("/"),
        zona=zona,
        canal=v("ASISTENTE_CANAL"),
        municipio=v("ASISTENTE_MUNICIPIO"),
        estado=v("ASISTENTE_ESTADO"),
        directores=_lista(v("ASISTENTE_DIRECTORES")),
        max_mb=_entero(valores, "ASISTENTE_MAX_MB", 1),
        memoria_fotos_mb=_entero(valores, "ASISTENTE_MEMORIA_FOTOS_MB", 64),
        hora_agenda=v("ASISTENTE_HORA_AGENDA"),
        resumen=v("ASISTENTE_RESUMEN"),
        recordatorio_min=_entero(valores, "ASISTENTE_RECORDATORIO_MIN", 0),
        margen_traslado=_entero(valores, "ASISTENTE_MARGEN_TRASLADO", 0),
        logo=v("ASISTENTE_LOGO"),
        cabeza=" ".join(v("ASISTENTE_CABEZA").split()),
        administracion=administracion,
        lema=v("ASISTENTE_LEMA"),
        domicilio=v("ASISTENTE_DOMICILIO"),
        telefono=v("ASISTENTE_TELEFONO"),
        correo_prensa=v("ASISTENTE_CORREO_PRENSA"),
        web=v("ASISTENTE_WEB"),
        redes=" ".join(v("ASISTENTE_REDES").split()),
        color=_color(v("ASISTENTE_COLOR")),
        credito_foto=v("ASISTENTE_CREDITO_FOTO"),
        numeracion=numeracion,
        secreto=v("ASISTENTE_SECRETO"),
        nivel_log=nivel_log,
        puerto=_entero(valores, "PORT", 0),
        slack_bot_token=v("SLACK_BOT_TOKEN"),
        slack_signing_secret=v("SLACK_SIGNING_SECRET"),
        slack_app_token=v("SLACK_APP_TOKEN"),
        slack_api_url=api if api.endswith("/") else api + "/",
        slack_client_id=v("SLACK_CLIENT_ID"),
        slack_client_secret=v("SLACK_CLIENT_SECRET"),
        slack_scopes=_lista(v("SLACK_SCOPES")),
        mattermost_url=v("MATTERMOST_URL").rstrip("/"),
        mattermost_bot_token=v("MATTERMOST_BOT_TOKEN"),
        mattermost_tokens=_lista(v("MATTERMOST_TOKENS")),
        mattermost_origenes=_origenes(v("MATTERMOST_ORIGENES")),
        url_publica=v("ASISTENTE_URL_PUBLICA").rstrip("/"),
        hashtags=" ".join(v("ASISTENTE_HASHTAGS").split()),
        facebook_pagina=v("FACEBOOK_PAGINA"),
        facebook_token=v("FACEBOOK_TOKEN"),
        facebook_api_url=graph if graph.endswith("/") else graph + "/",
        wordpress_url=v("WORDPRESS_URL").rstrip("/"),
        wordpress_usuario=v("WORDPRESS_USUARIO"),
        wordpress_clave=v("WORDPRESS_CLAVE"),
        portal_dias=_entero(valores, "ASISTENTE_PORTAL_DIAS", 1),
        smtp_url=smtp,
        correo_remitente=remitente,
        contacto=v("ASISTENTE_CONTACTO"),
        hora_sintesis=_hora("ASISTENTE_HORA_SINTESIS", v("ASISTENTE_HORA_SINTESIS")),
        permitir_red_local=normalizar(v("ASISTENTE_PERMITIR_RED_LOCAL")) in ("1", "si", "true", "verdadero"),
        dias_solicitud=_entero(valores, "ASISTENTE_DIAS_SOLICITUD", 0),
    )


def guardar_en_env(ruta: Path, variable: str, valor: str) -> None:
    """Fija ``variable=valor`` en el archivo `.env` (cambia su línea o la agrega; crea el archivo si
    no existe), sin tocar las demás líneas ni sus comentarios."""
    lineas = ruta.read_text(encoding="utf-8").splitlines() if ruta.is_file() else []
    nueva = f"{variable}={valor}"
    patron = re.compile(rf"^\s*(?:export\s+)?{re.escape(variable)}\s*=")
    cambiadas = [nueva if patron.match(linea) else linea for linea in lineas]
    if nueva not in cambiadas:
        cambiadas.append(nueva)
    ruta.write_text("\n".join(cambiadas) + "\n", encoding="utf-8")


def definida_en_el_entorno(variable: str) -> bool:
    """Si ``variable`` viene del entorno del proceso (y entonces manda sobre `.env`)."""
    return variable in os.environ
