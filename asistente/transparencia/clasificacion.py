"""El cuadro general de clasificación archivística de la oficina (Ley General de Archivos, art. 4
fr. XX y art. 13): fondo, sección y series con clave, y la regla que pone cada registro en su serie.

Mientras un director no lo cambie vale ``CUADRO_POR_OMISION`` (nada se escribe al consultarlo); al
primer cambio se copia al espacio y desde ahí se edita. La regla va por *tipo de registro*: cada
archivo (foto, video, audio, pdf), boletín, evento, campaña, contrato o factura cae en la serie de su
tipo. Un tipo nuevo (las solicitudes, las notas de monitoreo) es una línea en ``REGLAS_POR_OMISION``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.texto import normalizar
from modelos import CuadroDeClasificacion, ReglaDeSerie, SerieDocumental

SERIES_POR_OMISION: tuple[tuple[str, str], ...] = (
    ("CS.01", "Boletines y comunicados de prensa"),
    ("CS.02", "Fotografía, video y audio"),
    ("CS.03", "Agenda y coberturas de eventos"),
    ("CS.04", "Difusión en redes sociales y portal"),
    ("CS.05", "Monitoreo de medios y síntesis informativa"),
    ("CS.06", "Solicitudes de las dependencias"),
    ("CS.07", "Campañas y contratos de comunicación social"),
    ("CS.08", "Documentos de eventos (oficios, invitaciones, programas)"),
)

# Tipo de registro → clave de serie. Agregar un tipo es una línea aquí.
REGLAS_POR_OMISION: dict[str, str] = {
    "foto": "CS.02",
    "video": "CS.02",
    "audio": "CS.02",
    "pdf": "CS.08",
    "documento": "CS.08",  # docx, xlsx, pptx, odt… soltados en el canal sin solicitud
    "diseno": "CS.06",  # psd, ai, svg: casi siempre el trabajo de una solicitud
    "boletin": "CS.01",
    "evento": "CS.03",
    "publicacion": "CS.04",
    "campana": "CS.07",
    "contrato": "CS.07",
    "factura": "CS.07",
    "solicitud": "CS.06",
    "nota": "CS.05",
}
TIPOS_DE_REGISTRO = tuple(REGLAS_POR_OMISION)
_CLAVE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")


@dataclass(frozen=True)
class Serie:
    clave: str
    nombre: str


@dataclass(frozen=True)
class Cuadro:
    fondo: str
    fondo_clave: str
    seccion: str
    seccion_clave: str
    series: tuple[Serie, ...]
    reglas: dict[str, str]
    propio: bool  # False: el cuadro por omisión, que nadie ha cambiado

    def serie(self, clave: str) -> Serie:
        return next((s for s in self.series if s.clave == clave), Serie(clave, "(serie quitada del cuadro)"))

    def serie_de(self, tipo: str) -> Serie:
        """La serie de un tipo de registro según la regla vigente."""
        return self.serie(self.reglas.get(tipo, REGLAS_POR_OMISION.get(tipo, "")))

    def codigo(self, serie: Serie) -> str:
        """El código de clasificación completo: ``MTLA.CS.CS.02``."""
        return ".".join(p for p in (self.fondo_clave, self.seccion_clave, serie.clave) if p)


def _fondo_por_omision(municipio: str) -> tuple[str, str]:
    if not municipio:
        return "H. Ayuntamiento", "HA"
    letras = "".join(c for c in normalizar(municipio).upper() if c.isalpha())[:4] or "HA"
    return f"H. Ayuntamiento de {municipio}", "M" + letras


def cuadro_de(session: Session, espacio_id: int, municipio: str) -> Cuadro:
    """El cuadro vigente del espacio (el propio si un director lo cambió; si no, el de omisión)."""
    fila = session.scalar(select(CuadroDeClasificacion).where(CuadroDeClasificacion.espacio_id == espacio_id))
    reglas = dict(REGLAS_POR_OMISION)
    reglas.update({r.tipo: r.serie_clave for r in session.scalars(
        select(ReglaDeSerie).where(ReglaDeSerie.espacio_id == espacio_id))})
    if fila is None:
        fondo, fondo_clave = _fondo_por_omision(municipio)
        return Cuadro(fondo, fondo_clave, "Comunicación Social", "CS",
                      tuple(Serie(c, n) for c, n in SERIES_POR_OMISION), reglas, propio=False)
    series = tuple(Serie(s.clave, s.nombre) for s in session.scalars(
        select(SerieDocumental).where(SerieDocumental.espacio_id == espacio_id).order_by(SerieDocumental.clave)))
    return Cuadro(fila.fondo, fila.fondo_clave, fila.seccion, fila.seccion_clave, series, reglas, propio=True)


def _propio(session: Session, espacio_id: int, municipio: str) -> CuadroDeClasificacion:
    """El cuadro del espacio, copiado del de omisión la primera vez que alguien lo cambia."""
    fila = session.scalar(select(CuadroDeClasificacion).where(CuadroDeClasificacion.espacio_id == espacio_id))
    if fila is not None:
        return fila
    vigente = cuadro_de(session, espacio_id, municipio)
    fila = CuadroDeClasificacion(espacio_id=espacio_id, fondo=vigente.fondo, fondo_clave=vigente.fondo_clave,
                                 seccion=vigente.seccion, seccion_clave=vigente.seccion_clave)
    session.add(fila)
    session.add_all(SerieDocumental(espacio_id=espacio_id, clave=s.clave, nombre=s.nombre) for s in vigente.series)
    session.flush()
    return fila


def leer_clave(texto: str) -> str:
    clave = texto.strip().upper()
    if not clave:
        raise ErrorDeUsuario("Falta la clave (p. ej. CS.09).")
    if not _CLAVE.match(clave):
        raise ErrorDeUsuario(f"«{texto.strip()}» no sirve como clave: letras, números, «.», «-» o «_», hasta 20.")
    return clave


def _leer_nombre(texto: str, que: str) -> str:
    nombre = " ".join(texto.split())
    if not nombre:
        raise ErrorDeUsuario(f"Falta el nombre {que}.")
    if len(nombre) > 200:
        raise ErrorDeUsuario(f"El nombre {que} es muy largo (máximo 200 caracteres).")
    return nombre


def cambiar_fondo(session: Session, espacio_id: int, municipio: str, clave: str, nombre: str) -> None:
    clave_leida, nombre_leido = leer_clave(clave), _leer_nombre(nombre, "del fondo")
    fila = _propio(session, espacio_id, municipio)
    fila.fondo_clave, fila.fondo = clave_leida, nombre_leido


def cambiar_seccion(session: Session, espacio_id: int, municipio: str, clave: str, nombre: str) -> None:
    clave_leida, nombre_leido = leer_clave(clave), _leer_nombre(nombre, "de la sección")
    fila = _propio(session, espacio_id, municipio)
    fila.seccion_clave, fila.seccion = clave_leida, nombre_leido


def poner_serie(session: Session, espacio_id: int, municipio: str, clave: str, nombre: str) -> bool:
    """Agrega la serie o le cambia el nombre. Devuelve si es nueva."""
    clave_leida, nombre_leido = leer_clave(clave), _leer_nombre(nombre, "de la serie")
    _propio(session, espacio_id, municipio)
    serie = session.scalar(select(SerieDocumental).where(SerieDocumental.espacio_id == espacio_id,
                                                         SerieDocumental.clave == clave_leida))
    if serie is None:
        session.add(SerieDocumental(espacio_id=espacio_id, clave=clave_leida, nombre=nombre_leido))
        session.flush()
        return True
    serie.nombre = nombre_leido
    return False


def quitar_serie(session: Session, espacio_id: int, municipio: str, clave: str) -> None:
    """Quita una serie que ninguna regla usa (si no, los registros de ese tipo quedarían sin serie)."""
    clave_leida = leer_clave(clave)
    vigente = cuadro_de(session, espacio_id, municipio)
    if clave_leida not in {s.clave for s in vigente.series}:
        raise NoEncontrado(f"No hay una serie {clave_leida} en el cuadro.")
    usan = sorted(t for t, c in vigente.reglas.items() if c == clave_leida)
    if usan:
        raise ErrorDeUsuario(f"La serie {clave_leida} la usan estas reglas: {', '.join(usan)}. "
                             "Pásalas antes a otra serie con /archivo clasificacion regla TIPO CLAVE.")
    _propio(session, espacio_id, municipio)
    session.execute(delete(SerieDocumental).where(SerieDocumental.espacio_id == espacio_id,
                                                  SerieDocumental.clave == clave_leida))


def cambiar_regla(session: Session, espacio_id: int, municipio: str, tipo: str, clave: str) -> tuple[str, Serie]:
    """Los registros del tipo ``tipo`` pasan a la serie ``clave``. Devuelve (tipo, serie)."""
    t = normalizar(tipo)
    tipo_leido = next((c for c in (t, t[:-1], t[:-2]) if c in TIPOS_DE_REGISTRO), "")  # «fotos», «boletines»
    if not tipo_leido:
        raise ErrorDeUsuario(f"«{tipo.strip()}» no es un tipo de registro. Los tipos son: {', '.join(TIPOS_DE_REGISTRO)}.")
    clave_leida = leer_clave(clave)
    vigente = cuadro_de(session, espacio_id, municipio)
    if clave_leida not in {s.clave for s in vigente.series}:
        raise NoEncontrado(f"No hay una serie {clave_leida} en el cuadro (agrégala con /archivo clasificacion serie).")
    _propio(session, espacio_id, municipio)
    regla = session.scalar(select(ReglaDeSerie).where(ReglaDeSerie.espacio_id == espacio_id,
                                                      ReglaDeSerie.tipo == tipo_leido))
    if regla is None:
        session.add(ReglaDeSerie(espacio_id=espacio_id, tipo=tipo_leido, serie_clave=clave_leida))
    else:
        regla.serie_clave = clave_leida
    session.flush()
    return tipo_leido, vigente.serie(clave_leida)
