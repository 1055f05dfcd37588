"""La configuración: un objeto inmutable que cada capa recibe (``Config``), y sus variables como datos.

Cada variable está en ``AJUSTES`` con su valor por omisión y su ayuda; el README documenta
todas (una prueba falla si falta alguna). Quién la lee del entorno (y de `.env`) es
``asistente.procesos.entorno``; nada más dentro del proyecto lee ``os.environ``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Ajuste:
    variable: str
    defecto: str
    ayuda: str


AJUSTES: tuple[Ajuste, ...] = (
    Ajuste("ASISTENTE_BD", "sqlite:///asistente.db", "URL de SQLAlchemy; PostgreSQL cuando corren varios procesos"),
    Ajuste("ASISTENTE_ARCHIVO", "./archivo", "carpeta donde vive el archivo de fotos, audio, video y PDF, o s3://bucket/prefijo para guardarlo en un servicio compatible con S3 que comparten varios servidores"),
    Ajuste("ASISTENTE_CACHE", "./cache", "con ASISTENTE_ARCHIVO=s3://…: carpeta local para temporales y la caché de lo leído del bucket (los documentos generados van al bucket)"),
    Ajuste("AWS_ACCESS_KEY_ID", "", "llave del bucket S3 (si no, la cadena de credenciales de boto3: perfil, rol de la instancia)"),
    Ajuste("AWS_SECRET_ACCESS_KEY", "", "secreto de esa llave"),
    Ajuste("AWS_DEFAULT_REGION", "us-east-1", "región del bucket S3"),
    Ajuste("AWS_ENDPOINT_URL", "", "URL de un servicio compatible con S3 que no es AWS (MinIO: http://minio:9000)"),
    Ajuste("ASISTENTE_ZONA", "America/Mexico_City", "zona horaria de la oficina (America/Tijuana, America/Cancun, America/Hermosillo…)"),
    Ajuste("ASISTENTE_CANAL", "", "canal del equipo para las publicaciones programadas"),
    Ajuste("ASISTENTE_MUNICIPIO", "", "municipio, para membretes y fechas de boletín (Tlalchapa)"),
    Ajuste("ASISTENTE_ESTADO", "", "abreviatura del estado para la fecha de boletín (Gro.)"),
    Ajuste("ASISTENTE_DIRECTORES", "", "ids de usuario de la plataforma que empiezan como directores, separados por comas (si no, la primera persona)"),
    Ajuste("ASISTENTE_MAX_MB", "200", "tamaño máximo de un archivo que se archiva, en MB"),
    Ajuste("ASISTENTE_MEMORIA_FOTOS_MB", "1024", "memoria que pueden ocupar a la vez las fotos que se están decodificando, en MB; una foto que sola no cabe se rechaza"),
    Ajuste("ASISTENTE_HORA_AGENDA", "07:00", "hora de la agenda del día (cada espacio puede cambiarla)"),
    Ajuste("ASISTENTE_RESUMEN", "lunes 08:00", "día y hora del resumen semanal"),
    Ajuste("ASISTENTE_RECORDATORIO_MIN", "60", "minutos antes del evento para recordar a cada persona asignada"),
    Ajuste("ASISTENTE_MARGEN_TRASLADO", "30", "minutos de traslado entre eventos al buscar empalmes de cobertura"),
    Ajuste("ASISTENTE_LOGO", "", "ruta de un PNG o JPG con el logotipo del ayuntamiento para los boletines (si no, plantillas/logo.png si existe)"),
    Ajuste("ASISTENTE_CABEZA", "Presidente Municipal", "cómo nombra la oficina a quien encabeza el ayuntamiento (Presidente Municipal o Presidenta Municipal), en todo lo que redacta el asistente"),
    Ajuste("ASISTENTE_ADMINISTRACION", "", "periodo de la administración para el membrete y la numeración por administración (2024-2027)"),
    Ajuste("ASISTENTE_LEMA", "", "lema de la administración, bajo el membrete de los boletines"),
    Ajuste("ASISTENTE_DOMICILIO", "", "domicilio del ayuntamiento, al pie de los boletines (Plaza Principal s/n, Centro)"),
    Ajuste("ASISTENTE_TELEFONO", "", "teléfono de Comunicación Social, al pie de los boletines"),
    Ajuste("ASISTENTE_CORREO_PRENSA", "", "correo de Comunicación Social, al pie de los boletines"),
    Ajuste("ASISTENTE_WEB", "", "sitio web del ayuntamiento, al pie de los boletines (tlalchapa.gob.mx)"),
    Ajuste("ASISTENTE_REDES", "", "cuentas en redes sociales, al pie de los boletines (@GobTlalchapa)"),
    Ajuste("ASISTENTE_COLOR", "#333333", "color institucional del membrete de los boletines, en hexadecimal (#6d1a36); por omisión un gris neutro"),
    Ajuste("ASISTENTE_CREDITO_FOTO", "nombre", "crédito de las fotos: «nombre» (el nombre completo de quien la tomó) o un texto fijo (Comunicación Social)"),
    Ajuste("ASISTENTE_NUMERACION", "anual", "numeración de boletines y documentos: «anual» (vuelve a 1 cada enero) o «administracion» (sigue toda la administración; pide ASISTENTE_ADMINISTRACION)"),
    Ajuste("ASISTENTE_SECRETO", "", "secreto para firmar botones y diálogos (si no, se deriva de los tokens configurados)"),
    Ajuste("ASISTENTE_LOG", "INFO", "nivel de registro (DEBUG, INFO, WARNING, ERROR)"),
    Ajuste("PORT", "3000", "puerto de `asistente servir` cuando no se da --puerto"),
    Ajuste("SLACK_BOT_TOKEN", "", "token del bot de Slack (xoxb-…)"),
    Ajuste("SLACK_SIGNING_SECRET", "", "secreto de firma de la app de Slack (modo HTTP)"),
    Ajuste("SLACK_APP_TOKEN", "", "token de app (xapp-…): activa Socket Mode, sin URL pública"),
    Ajuste("SLACK_CLIENT_ID", "", "distribución de la app por OAuth (un despliegue para muchos espacios de Slack): el Client ID de la app; activa /slack/install"),
    Ajuste("SLACK_CLIENT_SECRET", "", "el Client Secret de esa app"),
    Ajuste("SLACK_SCOPES", "", "permisos del bot que pide la instalación, separados por comas (si no, los del manifiesto)"),
    Ajuste("SLACK_API_URL", "https://slack.com/api/", "URL de la Web API de Slack (para pruebas con un servidor local)"),
    Ajuste("MATTERMOST_URL", "", "URL del servidor de Mattermost (https://chat.municipio.gob.mx)"),
    Ajuste("MATTERMOST_BOT_TOKEN", "", "token de acceso de la cuenta bot de Mattermost"),
    Ajuste("MATTERMOST_TOKENS", "", "tokens de los comandos slash de Mattermost, separados por comas, cada uno como equipo:token"),
    Ajuste("MATTERMOST_ORIGENES", "", "direcciones IP o redes (10.0.0.5, 10.0.0.0/24) desde las que Mattermost llama a /mattermost/…, separadas por comas; otra recibe 403 (si no, cualquiera)"),
    Ajuste("ASISTENTE_URL_PUBLICA", "", "URL pública de asistente servir, adonde vuelven los botones y diálogos de Mattermost (obligatoria con MATTERMOST_URL) y base de los enlaces del portal (/portal/…)"),
    Ajuste("ASISTENTE_HASHTAGS", "", "hashtags del municipio al pie de cada publicación de Facebook, separados por espacios (#Tlalchapa #GobiernoDeTlalchapa)"),
    Ajuste("FACEBOOK_PAGINA", "", "id de la página de Facebook del ayuntamiento (difusión)"),
    Ajuste("FACEBOOK_TOKEN", "", "token de acceso de esa página (con pages_manage_posts y pages_read_engagement)"),
    Ajuste("FACEBOOK_API_URL", "https://graph.facebook.com/v21.0/", "URL de la Graph API de Facebook (para pruebas con un servidor local)"),
    Ajuste("WORDPRESS_URL", "", "raíz del sitio web municipal en WordPress (https://tlalchapa.gob.mx)"),
    Ajuste("WORDPRESS_USUARIO", "", "usuario de WordPress que publica (rol Autor o Editor)"),
    Ajuste("WORDPRESS_CLAVE", "", "contraseña de aplicación de ese usuario (no la de entrar al sitio)"),
    Ajuste("ASISTENTE_PORTAL_DIAS", "30", "días que dura un enlace del portal si no se dice otra cosa"),
    Ajuste("ASISTENTE_SMTP_URL", "", "servidor de correo: smtp://usuario:clave@servidor:587 (STARTTLS) o smtps://usuario:clave@servidor:465 (TLS); sin él no se envían invitaciones ni boletines"),
    Ajuste("ASISTENTE_CORREO_REMITENTE", "", "remitente de los correos: Comunicación Social <prensa@municipio.gob.mx>"),
    Ajuste("ASISTENTE_HORA_SINTESIS", "08:30", "hora de la síntesis informativa en el canal del equipo y por mensaje directo (SPEC §10)"),
    Ajuste("ASISTENTE_PERMITIR_RED_LOCAL", "0", "1: el monitoreo puede leer páginas y fuentes en direcciones locales o privadas (pruebas, medios en la intranet); si no, se rechazan"),
    Ajuste("ASISTENTE_DIAS_SOLICITUD", "3", "días hábiles de anticipación que pide la oficina a las solicitudes de las áreas (/solicitud); con menos, se avisa"),
    Ajuste("ASISTENTE_CONTACTO", "", "el contacto de prensa que firma las invitaciones (nombre y teléfono); si no, el remitente"),
)

DEFECTOS = {a.variable: a.defecto for a in AJUSTES}


@dataclass(frozen=True)
class Config:
    bd: str = DEFECTOS["ASISTENTE_BD"]
    archivo: Path = Path(DEFECTOS["ASISTENTE_ARCHIVO"])
    archivo_s3: str = ""  # s3://bucket/prefijo; entonces ``archivo`` es la carpeta local (ASISTENTE_CACHE)
    aws_llave: str = ""
    aws_secreto: str = ""
    aws_region: str = DEFECTOS["AWS_DEFAULT_REGION"]
    aws_url: str = ""
    zona: str = DEFECTOS["ASISTENTE_ZONA"]
    canal: str = ""
    municipio: str = ""
    estado: str = ""
    directores: tuple[str, ...] = ()
    max_mb: int = 200
    memoria_fotos_mb: int = 1024
    hora_agenda: str = "07:00"
    resumen: str = "lunes 08:00"
    recordatorio_min: int = 60
    margen_traslado: int = 30
    logo: str = ""
    cabeza: str = DEFECTOS["ASISTENTE_CABEZA"]
    administracion: str = ""
    lema: str = ""
    domicilio: str = ""
    telefono: str = ""
    correo_prensa: str = ""
    web: str = ""
    redes: str = ""
    color: str = DEFECTOS["ASISTENTE_COLOR"]
    credito_foto: str = DEFECTOS["ASISTENTE_CREDITO_FOTO"]
    numeracion: str = DEFECTOS["ASISTENTE_NUMERACION"]
    secreto: str = ""
    nivel_log: str = "INFO"
    puerto: int = 3000
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = DEFECTOS["SLACK_API_URL"]
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_scopes: tuple[str, ...] = ()
    mattermost_url: str = ""
    mattermost_bot_token: str = ""
    mattermost_tokens: tuple[str, ...] = field(default=())
    mattermost_origenes: tuple[str, ...] = field(default=())
    url_publica: str = ""
    hashtags: str = ""
    facebook_pagina: str = ""
    facebook_token: str = ""
    facebook_api_url: str = DEFECTOS["FACEBOOK_API_URL"]
    wordpress_url: str = ""
    wordpress_usuario: str = ""
    wordpress_clave: str = ""
    portal_dias: int = 30
    smtp_url: str = ""
    correo_remitente: str = ""
    contacto: str = ""
    hora_sintesis: str = "08:30"
    permitir_red_local: bool = False
    dias_solicitud: int = 3

    @property
    def slack_oauth(self) -> bool:
        """La app se distribuye por OAuth: cada espacio de Slack que la instala trae su token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def slack_configurado(self) -> bool:
        return bool(self.slack_bot_token) or self.slack_oauth

    @property
    def max_bytes(self) -> int:
        """``ASISTENTE_MAX_MB`` en bytes (MB de 1024 × 1024), el mismo tope para el archivo y cada plataforma."""
        return self.max_mb * 1024 * 1024

    @property
    def periodo_numeracion(self) -> str:
        """La serie de los números: vacío si vuelven a 1 cada año, o el periodo de la administración."""
        return self.administracion if self.numeracion == "administracion" else ""

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
