"""Registrar las notas de los medios: de un enlace (se lee la página), escritas a mano (impreso, radio,
tv) o de una fuente RSS; calificar su tono y su tema; corregirlas; contarlas para los informes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.archivo.paginas import ligar_pagina, paginas_de, quitar_pagina
from asistente.datos.bd import insertar_si_falta
from asistente.monitoreo.empate import empatar
from asistente.monitoreo.extraccion import Ficha, leer_pagina
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.lector import ErrorDeLectura
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_DE_MEDIO, TONOS, ContactoDeMedio, FuenteDeMedio, Medio, MedioDeComunicacion, Nota

MAX_URL = 2000
MAX_TEMA = 60
A_MANO = "Regístrala a mano: /nota portal medio | titular | enlace | tono"
_RASTREO = ("utm_", "fbclid", "gclid", "mc_", "igshid")


def normalizar_url(texto: str) -> str:
    """La dirección de una nota sin fragmento ni parámetros de rastreo, con el sitio en minúsculas: el mismo
    enlace compartido desde Facebook o WhatsApp es la misma nota. Lanza ``ErrorDeUsuario`` si no es web."""
    url = texto.strip().strip("<>")
    url = url.split("|", 1)[0]  # Slack: <https://…|texto>
    if url.lower().startswith("www."):  # como se copia de la barra del navegador o de WhatsApp
        url = "https://" + url
    partes = urlsplit(url)
    if partes.scheme.lower() not in ("http", "https") or not partes.hostname:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un enlace (debe empezar con http:// o https://).")
    consulta = urlencode([(k, v) for k, v in parse_qsl(partes.query, keep_blank_values=True)
                          if not k.lower().startswith(_RASTREO)])
    limpia = urlunsplit((partes.scheme.lower(), partes.netloc.lower(), partes.path or "/", consulta, ""))
    if len(limpia) > MAX_URL:
        raise ErrorDeUsuario(f"El enlace es demasiado largo ({len(limpia)} caracteres; máximo {MAX_URL}).")
    return limpia


def dominio(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def es_del_portal(peticion: Peticion, url: str) -> bool:
    publica = peticion.config.url_publica
    return bool(publica) and dominio(url) == dominio(publica)


def medio_de(session: Session, espacio_id: int, nombre: str, url: str = "") -> MedioDeComunicacion | None:
    """El medio del directorio que publicó la nota: por su nombre (sin acentos ni mayúsculas), por el
    sitio de alguna de sus fuentes o por el dominio del correo de sus contactos."""
    if nombre:
        medio = session.scalars(select(MedioDeComunicacion).where(
            MedioDeComunicacion.espacio_id == espacio_id,
            MedioDeComunicacion.nombre_normalizado == normalizar(nombre))).first()
        if medio is not None:
            return medio
    sitio = dominio(url) if url else ""
    if not sitio:
        return None
    for fuente in session.scalars(select(FuenteDeMedio).where(FuenteDeMedio.espacio_id == espacio_id)):
        if dominio(fuente.url) == sitio:
            return session.get(MedioDeComunicacion, fuente.medio_id)
    for contacto in session.scalars(select(ContactoDeMedio).where(ContactoDeMedio.espacio_id == espacio_id,
                                                                 ContactoDeMedio.correo != "")):
        correo = contacto.correo.lower().rpartition("@")[2]
        if sitio == correo or sitio.endswith("." + correo):
            return session.get(MedioDeComunicacion, contacto.medio_id)
    return None


def _por_url(session: Session, espacio_id: int, url: str) -> Nota | None:
    return session.scalars(select(Nota).where(Nota.espacio_id == espacio_id, Nota.url == url)).first()


@dataclass(frozen=True)
class Registro:
    nota: Nota
    nueva: bool


def _llenar(session: Session, nota: Nota, ficha: Ficha, ahora: datetime) -> None:
    nota.titular = ficha.titular
    nota.entradilla = ficha.entradilla
    nota.texto = ficha.texto
    nota.publicada = ficha.fecha if ficha.fecha and ficha.fecha.tzinfo else ahora
    medio = medio_de(session, nota.espacio_id, ficha.medio, nota.url or "")
    nota.medio_id = medio.id if medio else None
    nota.medio = medio.nombre if medio else ficha.medio
    nota.tipo = medio.tipo if medio else "portal"


def registrar_enlace(session: Session, peticion: Peticion, texto: str, tema: str = "") -> Registro:
    """Lee la página del enlace y registra la nota; si el enlace ya estaba, devuelve la nota que había.
    La fila se aparta antes de leer (así el mismo enlace soltado dos veces a la vez es una nota)."""
    url = normalizar_url(texto)
    if es_del_portal(peticion, url):
        raise ErrorDeUsuario("Ese enlace es de nuestro propio portal, no de un medio: no lo registro como nota.")
    previa = _por_url(session, peticion.espacio_id, url)
    if previa is not None:
        return Registro(previa, False)
    if peticion.lector is None:
        raise ErrorDeUsuario(f"Este asistente no puede leer páginas web. {A_MANO}")
    # En un punto de guardado: si la página no se puede leer, la fila apartada se deshace (también cuando
    # quien llama contesta el error sin deshacer la transacción, como el canal de monitoreo).
    with session.begin_nested():
        if not insertar_si_falta(session, Nota, espacio_id=peticion.espacio_id, url=url, origen="enlace",
                                 tipo="portal", medio="", titular="", entradilla="", texto="", pagina="", tono="",
                                 tema=tema[:MAX_TEMA], publicada=peticion.ahora,
                                 persona_id=peticion.persona_id or None, creado=peticion.ahora):
            nota = _por_url(session, peticion.espacio_id, url)
            assert nota is not None
            return Registro(nota, False)
        nota = _por_url(session, peticion.espacio_id, url)
        assert nota is not None
        try:
            pagina = peticion.lector.leer(url)
        except ErrorDeLectura as error:
            raise ErrorDeUsuario(f"No pude leer la nota: {error.mensaje} {A_MANO}") from None
        if pagina.url != url and es_del_portal(peticion, pagina.url):
            raise ErrorDeUsuario("Ese enlace lleva a nuestro propio portal, no a un medio: no lo registro como nota.")
        _llenar(session, nota, leer_pagina(pagina), peticion.ahora)
        session.flush()
    empatar(session, nota)
    return Registro(nota, True)


# Como se dice en la oficina: «positivo», «negativo», «neutro», «buena», «mala», «+», «-».
_TONOS_DICHOS = {"positivo": "positiva", "negativo": "negativa", "neutro": "neutral", "neutra": "neutral",
                 "buena": "positiva", "bueno": "positiva", "mala": "negativa", "malo": "negativa",
                 "+": "positiva", "-": "negativa", "=": "neutral"}


def leer_tono(texto: str) -> str:
    t = normalizar(texto).strip()
    t = _TONOS_DICHOS.get(t, t)
    for tono in TONOS:
        if t and tono.startswith(t[:3]) and tono.startswith(t):
            return tono
    raise ErrorDeUsuario(f"El tono «{texto}» no existe: usa positiva, neutral o negativa.")


def registrar_a_mano(session: Session, peticion: Peticion, tipo: str, medio: str, titular: str, pagina: str,
                     tono: str) -> Nota:
    """Una nota sin enlace (impreso, radio, tv) o de un portal que no se pudo leer (``pagina`` es el enlace)."""
    tipo = normalizar(tipo)
    if tipo not in TIPOS_DE_MEDIO:
        raise ErrorDeUsuario(f"El tipo «{tipo}» no existe: usa {', '.join(TIPOS_DE_MEDIO)}.")
    medio, titular, pagina = " ".join(medio.split()), " ".join(titular.split()), " ".join(pagina.split())
    if not medio:
        raise ErrorDeUsuario("Falta el nombre del medio.")
    if not titular:
        raise ErrorDeUsuario("Falta el titular de la nota.")
    if len(titular) > 500 or len(medio) > 200 or len(pagina) > 2000:
        raise ErrorDeUsuario("El titular (500), el medio (200) o la página (2000) son demasiado largos.")
    url: str | None = None
    if pagina.lower().startswith(("http://", "https://")):
        url = normalizar_url(pagina)
        if es_del_portal(peticion, url):
            raise ErrorDeUsuario("Ese enlace es de nuestro propio portal, no de un medio.")
        previa = _por_url(session, peticion.espacio_id, url)
        if previa is not None:
            raise ErrorDeUsuario(f"Esa nota ya está registrada (nota {previa.id}: «{previa.titular}»).")
        pagina = ""
    directorio = medio_de(session, peticion.espacio_id, medio, url or "")
    nota = Nota(espacio_id=peticion.espacio_id, url=url, origen="manual", tipo=tipo,
                medio=directorio.nombre if directorio else medio, medio_id=directorio.id if directorio else None,
                titular=titular, entradilla="", texto="", pagina=pagina[:120], tono=leer_tono(tono) if tono else "",
                tema="", publicada=peticion.ahora, persona_id=peticion.persona_id or None, creado=peticion.ahora)
    session.add(nota)
    session.flush()
    empatar(session, nota)
    return nota


def buscar(session: Session, espacio_id: int, texto: str) -> Nota:
    t = texto.strip().lstrip("#")
    if not t.isdecimal() or len(t) > 9:
        if not t:
            raise ErrorDeUsuario("Falta el número de la nota.")
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un número de nota (escribe por ejemplo 12).")
    nota = session.get(Nota, int(t))
    if nota is None or nota.espacio_id != espacio_id:
        raise NoEncontrado(f"No hay nota {t} en este espacio.")
    return nota


def calificar(nota: Nota, tono: str) -> None:
    nota.tono = leer_tono(tono)


def fijar_tema(nota: Nota, tema: str) -> None:
    tema = " ".join(tema.split())
    if not tema:
        raise ErrorDeUsuario("Falta el tema (por ejemplo: obras, seguridad, salud).")
    if len(tema) > MAX_TEMA:
        raise ErrorDeUsuario(f"El tema es muy largo ({len(tema)} caracteres; máximo {MAX_TEMA}).")
    nota.tema = tema.lower()


def editar(session: Session, nota: Nota, titular: str, medio: str, tono: str, tema: str) -> list[str]:
    """Cambia lo que no venga vacío; devuelve qué cambió."""
    cambios: list[str] = []
    titular, medio = " ".join(titular.split()), " ".join(medio.split())
    if titular:
        if len(titular) > 500:
            raise ErrorDeUsuario("El titular es demasiado largo (máximo 500 caracteres).")
        nota.titular = titular
        cambios.append("titular")
    if medio:
        directorio = medio_de(session, nota.espacio_id, medio)
        nota.medio, nota.medio_id = (directorio.nombre, directorio.id) if directorio else (medio[:200], None)
        cambios.append("medio")
    if tono:
        calificar(nota, tono)
        cambios.append("tono")
    if tema:
        fijar_tema(nota, tema)
        cambios.append("tema")
    if not cambios:
        raise ErrorDeUsuario("No dijiste qué cambiar.")
    if "titular" in cambios:
        nota.boletin_id = None
        empatar(session, nota)
    return cambios


def _archivo_de_pagina(session: Session, nota: Nota, texto: str) -> Medio:
    t = texto.strip().lstrip("#")
    if not t.isdecimal() or len(t) > 9:
        raise ErrorDeUsuario("Falta el ID del archivo de la foto (sale al subirla, o en /archivo buscar)."
                             if not t else f"«{texto.strip()}» no es un ID de archivo.")
    medio = session.get(Medio, int(t))
    if medio is None or medio.espacio_id != nota.espacio_id:
        raise NoEncontrado(f"No hay archivo {t} en este espacio.")
    return medio


def adjuntar_foto(session: Session, nota: Nota, texto: str) -> tuple[Medio, bool]:
    """Liga a la nota una foto (o el PDF) de su página impresa, ya archivada (su ID sale al subirla), tras
    las que ya tenía. ``(archivo, False)`` si ya era una de sus páginas."""
    medio = _archivo_de_pagina(session, nota, texto)
    if medio.tipo not in ("foto", "pdf"):
        raise ErrorDeUsuario(f"El archivo {medio.id} es {medio.tipo}: la página de la nota va como foto o PDF.")
    return medio, ligar_pagina(session, nota.id, medio.id)


def quitar_foto(session: Session, nota: Nota, texto: str) -> Medio:
    """Quita una página ligada por error (el archivo sigue en el archivo)."""
    medio = _archivo_de_pagina(session, nota, texto)
    if not quitar_pagina(session, nota.id, medio.id):
        raise NoEncontrado(f"El archivo {medio.id} no es una página de la nota {nota.id}.")
    return medio


def paginas(session: Session, nota: Nota) -> list[Medio]:
    """Las fotos (o PDF) de la página impresa de la nota, en el orden en que se ligaron."""
    return paginas_de(session, [nota.id]).get(nota.id, [])


def notas_entre(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> list[Nota]:
    return list(session.scalars(select(Nota).where(
        Nota.espacio_id == espacio_id, Nota.publicada >= desde, Nota.publicada < hasta, Nota.titular != "")
        .order_by(Nota.publicada, Nota.id)))


def contar_notas(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> int:
    """Cuántas notas de medios se registraron con fecha en ``[desde, hasta)`` (para los informes, #18)."""
    return session.scalar(select(func.count(Nota.id)).where(
        Nota.espacio_id == espacio_id, Nota.publicada >= desde, Nota.publicada < hasta, Nota.titular != "")) or 0


def contar_por_tono(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> dict[str, int]:
    """``{"positiva": 3, "neutral": 5, "negativa": 1, "": 2}`` (``""``: sin calificar)."""
    filas = session.execute(select(Nota.tono, func.count(Nota.id)).where(
        Nota.espacio_id == espacio_id, Nota.publicada >= desde, Nota.publicada < hasta, Nota.titular != "")
        .group_by(Nota.tono)).all()
    conteo = dict.fromkeys((*TONOS, ""), 0)
    conteo.update({tono: n for tono, n in filas})
    return conteo
