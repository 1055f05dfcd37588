"""Los textos de un boletín: sus límites, las direcciones donde se publicó y el cuerpo partido en
varios campos (un modal de Slack admite 3000 caracteres por campo)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from asistente.nucleo.errores import ErrorDeUsuario

MAX_TITULAR = 300
MAX_RESUMEN = 3000
MAX_PARTE = 3000  # lo que cabe en un campo de texto de un modal de Slack
# Los trozos se cortan entre párrafos, así que no siempre se llenan: con un cuerpo de a lo más
# MAX_CUERPO caracteres nunca hacen falta más de MAX_PARTES campos (dos trozos seguidos suman más de 3000).
MAX_CUERPO = 15000
MAX_PARTES = 12
MAX_URL = 500
MAX_URLS = 10


def validar_textos(titular: str, resumen: str, cuerpo: str) -> dict[str, str]:
    """Los errores de largo o de campos vacíos, por campo (vacío si todo está bien)."""
    errores: dict[str, str] = {}
    if not titular.strip():
        errores["titular"] = "El titular no puede quedar vacío."
    elif len(titular) > MAX_TITULAR:
        errores["titular"] = f"El titular es muy largo ({len(titular)} caracteres; máximo {MAX_TITULAR})."
    if len(resumen) > MAX_RESUMEN:
        errores["resumen"] = f"El resumen es muy largo ({len(resumen)} caracteres; máximo {MAX_RESUMEN})."
    if not cuerpo.strip():
        errores["cuerpo"] = "El cuerpo no puede quedar vacío."
    elif len(cuerpo) > MAX_CUERPO:
        errores["cuerpo"] = f"El cuerpo es muy largo ({len(cuerpo)} caracteres; máximo {MAX_CUERPO})."
    return errores


# Lo que RFC 3986 no admite en una URL (ni escapado por el navegador al copiarla).
_NO_VA_EN_URL = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def leer_urls(texto: str) -> list[str]:
    """Las direcciones donde apareció: solo http(s), con servidor, sin repetir."""
    partes = [p.strip("<>,;") for p in texto.split()]
    partes = [p.split("|", 1)[0] for p in partes if p]  # Slack manda <https://…|texto>
    if not partes:
        raise ErrorDeUsuario("Falta la dirección (URL) donde se publicó, por ejemplo https://diario.mx/nota.")
    if len(partes) > MAX_URLS:
        raise ErrorDeUsuario(f"Son demasiadas direcciones a la vez (máximo {MAX_URLS}).")
    urls: list[str] = []
    for parte in partes:
        if len(parte) > MAX_URL:
            raise ErrorDeUsuario(f"La dirección «{parte[:60]}…» es muy larga (máximo {MAX_URL} caracteres).")
        try:
            trozos = urlsplit(parte)
        except ValueError:
            trozos = None
        if trozos is None or trozos.scheme.lower() not in ("http", "https") or not trozos.hostname:
            raise ErrorDeUsuario(f"«{parte}» no es una dirección web: debe empezar con http:// o https://.")
        if _NO_VA_EN_URL.search(parte):
            # «https://x.mx/a>x<!channel>» rompería el enlace al dibujarlo y colaría una mención.
            raise ErrorDeUsuario(f"«{parte}» no es una dirección web válida: lleva caracteres que no van en una URL "
                                 "(espacios, < > \" { } | \\ ^ `).")
        if parte not in urls:
            urls.append(parte)
    return urls


# --- el cuerpo en varios campos (un modal de Slack admite 3000 caracteres por campo) --------------
def partir_cuerpo(cuerpo: str, largo: int = MAX_PARTE) -> list[str]:
    """Trozos de a lo más ``largo`` caracteres, cortados entre párrafos (o entre palabras si un
    párrafo solo no cabe)."""
    trozos: list[str] = []
    actual = ""
    for parrafo in [p.strip() for p in re.split(r"\n\s*\n", cuerpo.strip()) if p.strip()]:
        while len(parrafo) > largo:
            corte = parrafo.rfind(" ", 0, largo)
            corte = corte if corte > largo // 2 else largo
            if actual:
                trozos.append(actual)
                actual = ""
            trozos.append(parrafo[:corte].rstrip())
            parrafo = parrafo[corte:].lstrip()
        candidato = f"{actual}\n\n{parrafo}" if actual else parrafo
        if len(candidato) <= largo:
            actual = candidato
        else:
            trozos.append(actual)
            actual = parrafo
    if actual:
        trozos.append(actual)
    return trozos or [""]


def unir_partes(partes: list[str]) -> str:
    return "\n\n".join(p.strip() for p in partes if p.strip())
