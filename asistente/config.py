"""La configuración: un objeto inmutable construido una sola vez desde el entorno (y `.env`).

Cada variable está en ``AJUSTES`` con su valor por omisión y su ayuda; el README documenta
todas (una prueba falla si falta alguna). Nada dentro del proyecto lee ``os.environ``: recibe un
``Config``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asistente.errores import ErrorDeUsuario


@dataclass(frozen=True)
class Ajuste:
    variable: str
    defecto: str
    ayuda: str


AJUSTES: tuple[Ajuste, ...] = (
    Ajuste("ASISTENTE_BD", "sqlite:///asistente.db", "URL de SQLAlchemy; PostgreSQL cuando corren varios procesos"),
    Ajuste("ASISTENTE_ARCHIVO", "./archivo", "carpeta donde vive el archivo de fotos, audio, video y PDF"),
    Ajuste("ASISTENTE_ZONA", "America/Mexico_City", "zona horaria de la oficina (America/Tijuana, America/Cancun, America/Hermosillo…)"),
    Ajuste("ASISTENTE_CANAL", "", "canal del equipo para las publicaciones programadas"),
    Ajuste("ASISTENTE_MUNICIPIO", "", "municipio, para membretes y fechas de boletín (Tlalchapa)"),
    Ajuste("ASISTENTE_ESTADO", "", "abreviatura del estado para la fecha de boletín (Gro.)"),
    Ajuste("ASISTENTE_DIRECTORES", "", "ids de usuario de la plataforma que empiezan como directores, separados por comas (si no, la primera persona)"),
    Ajuste("ASISTENTE_MAX_MB", "200", "tamaño máximo de un archivo que se archiva, en MB"),
    Ajuste("ASISTENTE_HORA_AGENDA", "07:00", "hora de la agenda del día (cada espacio puede cambiarla)"),
    Ajuste("ASISTENTE_RESUMEN", "lunes 08:00", "día y hora del resumen semanal"),
    Ajuste("ASISTENTE_RECORDATORIO_MIN", "60", "minutos antes del evento para recordar a cada persona asignada"),
    Ajuste("ASISTENTE_MARGEN_TRASLADO", "30", "minutos de traslado entre eventos al buscar empalmes de cobertura"),
    Ajuste("ASISTENTE_LOGO", "", "ruta de un PNG o JPG con el logotipo del ayuntamiento para los boletines (si no, plantillas/logo.png si existe)"),
    Ajuste("ASISTENTE_SECRETO", "", "secreto para firmar botones y diálogos (si no, se deriva de los tokens configurados)"),
    Ajuste("ASISTENTE_LOG", "INFO", "nivel de registro (DEBUG, INFO, WARNING, ERROR)"),
    Ajuste("PORT", "3000", "puerto de `asistente servir` cuando no se da --puerto"),
    Ajuste("SLACK_BOT_TOKEN", "", "token del bot de Slack (xoxb-…)"),
    Ajuste("SLACK_SIGNING_SECRET", "", "secreto de firma de la app de Slack (modo HTTP)"),
    Ajuste("SLACK_APP_TOKEN", "", "token de app (xapp-…): activa Socket Mode, sin URL pública"),
    Ajuste("SLACK_API_URL", "https://slack.com/api/", "URL de la Web API de Slack (para pruebas con un servidor local)"),
    Ajuste("MATTERMOST_URL", "", "URL del servidor de Mattermost (https://chat.municipio.gob.mx)"),
    Ajuste("MATTERMOST_BOT_TOKEN", "", "token de acceso de la cuenta bot de Mattermost"),
    Ajuste("MATTERMOST_TOKENS", "", "tokens de los comandos slash de Mattermost, separados por comas"),
    Ajuste("ASISTENTE_URL_PUBLICA", "", "URL pública de asistente servir, para los botones y diálogos de Mattermost"),
)

_DEFECTOS = {a.variable: a.defecto for a in AJUSTES}


def _lista(texto: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in texto.split(",") if p.strip())


def _entero(entorno: Mapping[str, str], variable: str, minimo: int = 0) -> int:
    texto = entorno.get(variable) or _DEFECTOS[variable]
    try:
        valor = int(texto)
    except ValueError:
        raise ErrorDeUsuario(f"{variable} debe ser un número entero, no «{texto}».") from None
    if valor < minimo:
        raise ErrorDeUsuario(f"{variable} debe ser al menos {minimo}.")
    return valor


@dataclass(frozen=True)
class Config:
    bd: str = _DEFECTOS["ASISTENTE_BD"]
    archivo: Path = Path(_DEFECTOS["ASISTENTE_ARCHIVO"])
    zona: str = _DEFECTOS["ASISTENTE_ZONA"]
    canal: str = ""
    municipio: str = ""
    estado: str = ""
    directores: tuple[str, ...] = ()
    max_mb: int = 200
    hora_agenda: str = "07:00"
    resumen: str = "lunes 08:00"
    recordatorio_min: int = 60
    margen_traslado: int = 30
    logo: str = ""
    secreto: str = ""
    nivel_log: str = "INFO"
    puerto: int = 3000
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = _DEFECTOS["SLACK_API_URL"]
    mattermost_url: str = ""
    mattermost_bot_token: str = ""
    mattermost_tokens: tuple[str, ...] = field(default=())
    url_publica: str = ""

    @property
    def max_bytes(self) -> int:
        """``ASISTENTE_MAX_MB`` en bytes (MB de 1024 × 1024), el mismo tope para el archivo y cada plataforma."""
        return self.max_mb * 1024 * 1024

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zona)

    @property
    def secreto_firma(self) -> bytes:
        """El secreto de las firmas HMAC: el configurado, o uno estable derivado de los tokens."""
        if self.secreto:
            return self.secreto.encode()
        base = "|".join([self.mattermost_bot_token, *self.mattermost_tokens, self.slack_signing_secret, self.bd])
        return hashlib.sha256(("asistente:" + base).encode()).digest()


def leer_env(ruta: Path) -> dict[str, str]:
    """Las variables de un archivo `.env` (si existe)."""
    if not ruta.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(ruta).items() if v is not None}


def _validar_horario(hora_agenda: str, resumen: str) -> None:
    """Un error de estas variables sale al arrancar y dice cuál es, no en la primera pasada del programador."""
    from asistente.ajustes_espacio import leer_hora, leer_resumen

    lectores: tuple[tuple[str, Callable[[str], object], str], ...] = (
        ("ASISTENTE_HORA_AGENDA", leer_hora, hora_agenda), ("ASISTENTE_RESUMEN", leer_resumen, resumen))
    for nombre, leer, valor in lectores:
        try:
            leer(valor)
        except ErrorDeUsuario as error:
            raise ErrorDeUsuario(f"{nombre}: {error.mensaje}") from None


def desde_entorno(entorno: Mapping[str, str] | None = None, archivo_env: Path | None = Path(".env")) -> Config:
    """Construye la configuración: el entorno manda sobre `.env`, y `.env` sobre los valores por omisión."""
    valores: dict[str, str] = {}
    if archivo_env is not None:
        valores.update(leer_env(archivo_env))
    valores.update(os.environ if entorno is None else entorno)

    def v(nombre: str) -> str:
        return (valores.get(nombre) or _DEFECTOS[nombre]).strip()

    zona = v("ASISTENTE_ZONA")
    try:
        ZoneInfo(zona)
    except (ZoneInfoNotFoundError, ValueError):
        raise ErrorDeUsuario(f"ASISTENTE_ZONA «{zona}» no es una zona horaria conocida (ejemplo: America/Mexico_City).") from None
    _validar_horario(v("ASISTENTE_HORA_AGENDA"), v("ASISTENTE_RESUMEN"))
    api = v("SLACK_API_URL")
    return Config(
        bd=v("ASISTENTE_BD"),
        archivo=Path(v("ASISTENTE_ARCHIVO")),
        zona=zona,
        canal=v("ASISTENTE_CANAL"),
        municipio=v("ASISTENTE_MUNICIPIO"),
        estado=v("ASISTENTE_ESTADO"),
        directores=_lista(v("ASISTENTE_DIRECTORES")),
        max_mb=_entero(valores, "ASISTENTE_MAX_MB", 1),
        hora_agenda=v("ASISTENTE_HORA_AGENDA"),
        resumen=v("ASISTENTE_RESUMEN"),
        recordatorio_min=_entero(valores, "ASISTENTE_RECORDATORIO_MIN", 0),
        margen_traslado=_entero(valores, "ASISTENTE_MARGEN_TRASLADO", 0),
        logo=v("ASISTENTE_LOGO"),
        secreto=v("ASISTENTE_SECRETO"),
        nivel_log=v("ASISTENTE_LOG").upper(),
        puerto=_entero(valores, "PORT", 0),
        slack_bot_token=v("SLACK_BOT_TOKEN"),
        slack_signing_secret=v("SLACK_SIGNING_SECRET"),
        slack_app_token=v("SLACK_APP_TOKEN"),
        slack_api_url=api if api.endswith("/") else api + "/",
        mattermost_url=v("MATTERMOST_URL").rstrip("/"),
        mattermost_bot_token=v("MATTERMOST_BOT_TOKEN"),
        mattermost_tokens=_lista(v("MATTERMOST_TOKENS")),
        url_publica=v("ASISTENTE_URL_PUBLICA").rstrip("/"),
    )
