"""Las áreas del ayuntamiento que piden trabajos. Las de casi todo municipio se conocen sin configurar
nada; un director agrega las demás (``/solicitud area agregar Instituto del Deporte``). Un área mal
escrita no se adivina: se sugiere la más parecida."""

from __future__ import annotations

import difflib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
from modelos import AreaSolicitante

AREAS_CONOCIDAS = (
    "Presidencia Municipal", "Secretaría General", "Sindicatura", "Regidurías", "Tesorería", "Contraloría",
    "Obras Públicas", "Desarrollo Urbano", "Servicios Públicos", "Agua Potable", "Ecología", "Seguridad Pública",
    "Protección Civil", "Tránsito", "DIF Municipal", "Desarrollo Social", "Desarrollo Rural", "Desarrollo Económico",
    "Educación", "Cultura", "Deporte", "Salud", "Juventud", "Instituto de la Mujer", "Turismo", "Registro Civil",
    "Catastro", "Asuntos Indígenas", "Comunicación Social", "Transparencia", "Recursos Humanos",
)
MAX_LARGO = 120
# Lo que la gente escribe en lugar del nombre completo.
_ALIAS = {"dif": "DIF Municipal", "presidencia": "Presidencia Municipal", "obras": "Obras Públicas",
          "agua": "Agua Potable", "seguridad": "Seguridad Pública", "policia": "Seguridad Pública",
          "mujer": "Instituto de la Mujer", "deportes": "Deporte", "regidores": "Regidurías",
          "proteccion": "Protección Civil", "pc": "Protección Civil"}


def _clave(texto: str) -> str:
    return " ".join(normalizar(texto).split())


def _conocidas(session: Session, espacio_id: int) -> dict[str, str]:
    """``{normalizado: nombre}`` de las áreas del espacio más las de siempre."""
    nombres = {_clave(a): a for a in AREAS_CONOCIDAS}
    for area in session.scalars(select(AreaSolicitante).where(AreaSolicitante.espacio_id == espacio_id)):
        nombres[area.normalizado] = area.nombre
    return nombres


def nombres(session: Session, espacio_id: int) -> list[str]:
    return sorted(_conocidas(session, espacio_id).values(), key=_clave)


def leer_area(session: Session, espacio_id: int, texto: str) -> str:
    """El nombre del área escrita (sin importar acentos ni mayúsculas, o por una palabra que solo esa
    área tiene); si no existe, el error sugiere la más parecida."""
    buscado = _clave(texto)
    if not buscado:
        raise ErrorDeUsuario("Falta el área que pide (Obras Públicas, DIF Municipal…).")
    conocidas = _conocidas(session, espacio_id)
    if buscado in conocidas:
        return conocidas[buscado]
    if buscado in _ALIAS:
        return _ALIAS[buscado]
    con_palabra = [n for k, n in conocidas.items() if buscado in k.split() or k.startswith(buscado + " ")]
    if len(con_palabra) == 1:
        return con_palabra[0]
    parecidas = difflib.get_close_matches(buscado, list(conocidas), n=1, cutoff=0.6)
    sugerencia = f" ¿Quisiste decir «{conocidas[parecidas[0]]}»?" if parecidas else ""
    escrito = texto.strip() if len(texto.strip()) <= 60 else texto.strip()[:59] + "…"
    raise ErrorDeUsuario(f"No conozco el área «{escrito}».{sugerencia} Las áreas: /solicitud areas; un director "
                         "agrega otra con /solicitud area agregar <nombre>.")


def area_de(session: Session, espacio_id: int, nombre: str, ahora: datetime) -> AreaSolicitante:
    """La fila del área (ya leída con ``leer_area``), creándola la primera vez."""
    clave = _clave(nombre)
    insertar_si_falta(session, AreaSolicitante, espacio_id=espacio_id, nombre=nombre, normalizado=clave, creada=ahora)
    area = session.scalar(select(AreaSolicitante).where(AreaSolicitante.espacio_id == espacio_id,
                                                        AreaSolicitante.normalizado == clave))
    assert area is not None
    return area


def agregar(session: Session, espacio_id: int, texto: str, ahora: datetime) -> tuple[str, bool]:
    """Da de alta un área nueva; devuelve su nombre y si era nueva."""
    nombre = " ".join(texto.split())
    if not nombre:
        raise ErrorDeUsuario("Falta el nombre del área.")
    if len(nombre) > MAX_LARGO:
        raise ErrorDeUsuario(f"El nombre del área es muy largo (a lo más {MAX_LARGO} letras).")
    conocidas = _conocidas(session, espacio_id)
    if _clave(nombre) in conocidas:
        existente = conocidas[_clave(nombre)]
        area_de(session, espacio_id, existente, ahora)
        return existente, False
    area_de(session, espacio_id, nombre, ahora)
    return nombre, True
