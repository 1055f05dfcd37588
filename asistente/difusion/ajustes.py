"""Los canales de difusión propios de un espacio de trabajo, que un director fija desde el chat
(SPEC §7: «configurados por despliegue, y por espacio desde el chat»). Se guardan en
``Espacio.difusion`` (JSON) y mandan sobre las variables del entorno; un despliegue que sirve a varios
municipios publica así en la página y el sitio de cada uno."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from asistente.nucleo.canal import leer_ajustes_de_canales
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from modelos import Espacio

_HASHTAG = re.compile(r"^#[\w]{1,60}$")


def _guardar(espacio: Espacio, cambios: dict[str, str | None]) -> None:
    ajustes = leer_ajustes_de_canales(espacio.difusion)
    for clave, valor in cambios.items():
        if valor:
            ajustes[clave] = valor
        else:
            ajustes.pop(clave, None)
    espacio.difusion = json.dumps(ajustes, ensure_ascii=False, sort_keys=True) if ajustes else ""


def fijar_facebook(espacio: Espacio, pagina: str, token: str) -> None:
    if not pagina.isdecimal() or len(pagina) > 30:
        raise ErrorDeUsuario(f"«{pagina}» no es el id de una página de Facebook: son solo números (Página → "
                             "Información → Id. de la página).")
    if not token or len(token) > 500 or not token.isprintable() or " " in token:
        raise ErrorDeUsuario("Falta el token de acceso de la página (una sola palabra larga, sin espacios).")
    _guardar(espacio, {"facebook_pagina": pagina, "facebook_token": token})


def fijar_web(espacio: Espacio, url: str, usuario: str, clave: str) -> None:
    try:
        partes = urlsplit(url)
    except ValueError:
        partes = None
    if partes is None or partes.scheme not in ("https", "http") or not partes.hostname or len(url) > 300:
        raise ErrorDeUsuario(f"«{url}» no es la dirección del sitio: debe empezar con https://.")
    if not usuario or len(usuario) > 100:
        raise ErrorDeUsuario("Falta el usuario de WordPress que publica.")
    if not clave or len(clave) > 200:
        raise ErrorDeUsuario("Falta la contraseña de aplicación de WordPress (Usuarios → Perfil → Contraseñas de aplicación).")
    _guardar(espacio, {"wordpress_url": url.rstrip("/"), "wordpress_usuario": usuario, "wordpress_clave": clave})


def fijar_hashtags(espacio: Espacio, texto: str) -> str:
    etiquetas = texto.split()
    malas = [e for e in etiquetas if not _HASHTAG.match(e)]
    if not etiquetas or malas:
        raise ErrorDeUsuario(f"Los hashtags van con # y sin espacios: «{' '.join(malas) or texto}» no sirve "
                             "(por ejemplo #Tlalchapa #GobiernoDeTlalchapa).")
    hashtags = " ".join(etiquetas)[:300]
    _guardar(espacio, {"hashtags": hashtags})
    return hashtags


QUITABLES = {
    "facebook": ("facebook_pagina", "facebook_token"),
    "web": ("wordpress_url", "wordpress_usuario", "wordpress_clave"),
    "hashtags": ("hashtags",),
}


def quitar(espacio: Espacio, que: str) -> None:
    """Vuelve a lo del entorno para ``facebook``, ``web`` o ``hashtags``."""
    if que not in QUITABLES:
        raise ErrorDeUsuario(f"«{que}» no es un canal: usa facebook, web o hashtags.")
    _guardar(espacio, dict.fromkeys(QUITABLES[que]))


def _oculto(secreto: str) -> str:
    return f"{secreto[:4]}…{secreto[-4:]}" if len(secreto) > 12 else "…"


def describir(espacio: Espacio, config: Config) -> list[str]:
    """Cada canal, de dónde viene su configuración (de este espacio o del entorno) y sin secretos."""
    propios = leer_ajustes_de_canales(espacio.difusion)
    lineas = []
    if "facebook_pagina" in propios:
        lineas.append(f"Facebook: página {propios['facebook_pagina']}, token {_oculto(propios['facebook_token'])} "
                      "(de este espacio)")
    elif config.facebook_pagina and config.facebook_token:
        lineas.append(f"Facebook: página {config.facebook_pagina} (del entorno)")
    else:
        lineas.append("Facebook: sin configurar")
    if "wordpress_url" in propios:
        lineas.append(f"Sitio web: {propios['wordpress_url']}, usuario {propios['wordpress_usuario']} (de este espacio)")
    elif config.wordpress_url and config.wordpress_usuario and config.wordpress_clave:
        lineas.append(f"Sitio web: {config.wordpress_url} (del entorno)")
    else:
        lineas.append("Sitio web: sin configurar")
    hashtags = propios.get("hashtags") or config.hashtags
    origen = "de este espacio" if "hashtags" in propios else "del entorno"
    lineas.append(f"Hashtags: {hashtags} ({origen})" if hashtags else "Hashtags: ninguno")
    return lineas
