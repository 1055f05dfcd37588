"""Las metas del POA: alta, avance registrado a mano y el avance contra lo planeado.

Lo planeado «a la fecha» reparte la meta anual por igual entre los doce meses y, en el mes en curso,
en proporción a lo que va del mes. El semáforo compara lo hecho con eso: verde desde el 90 %, amarillo
desde el 70 %, rojo abajo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from asistente.datos.bd import agregar_sin_repetir
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from asistente.resultados.periodos import Periodo, inicio_de_mes
from asistente.resultados.reglas import conteo_de, leer_regla
from modelos import AvanceManual, Meta

VERDE, AMARILLO, ROJO = 0.9, 0.7, 0.0
MAX_META = 10_000_000


def semaforo(porcentaje: float | None) -> str:
    if porcentaje is None:
        return "⚪"
    if porcentaje >= VERDE * 100:
        return "🟢"
    return "🟡" if porcentaje >= AMARILLO * 100 else "🔴"


def color_de(porcentaje: float | None) -> str:
    """El color del semáforo para las gráficas y la hoja de cálculo."""
    return {"🟢": "#2e7d32", "🟡": "#f9a825", "🔴": "#c62828"}.get(semaforo(porcentaje), "#9e9e9e")


def _entero(texto: str, que: str) -> int:
    limpio = texto.strip().replace(",", "").replace(" ", "")
    if not re.fullmatch(r"\d{1,9}", limpio):
        raise ErrorDeUsuario(f"{que} debe ser un número entero positivo, no «{texto.strip()}».")
    return int(limpio)


def nueva_meta(session: Session, peticion: Peticion, nombre: str, unidad: str, meta_anual: str, regla: str) -> Meta:
    nombre = " ".join(nombre.split())
    if not nombre:
        raise ErrorDeUsuario("Falta el nombre de la meta.")
    if len(nombre) > 200:
        raise ErrorDeUsuario("El nombre de la meta es muy largo (200 caracteres a lo más).")
    cifra = _entero(meta_anual, "La meta anual")
    if not 0 < cifra <= MAX_META:
        raise ErrorDeUsuario("La meta anual debe ser mayor que cero.")
    canonica = leer_regla(regla)
    anio = peticion.ahora.astimezone(peticion.config.tz).year
    meta = Meta(espacio_id=peticion.espacio_id, anio=anio, nombre=nombre, nombre_normalizado=normalizar(nombre)[:200],
                unidad=" ".join(unidad.split())[:80], meta_anual=cifra, regla=canonica,
                creado_por_id=peticion.persona_id or None, creado=peticion.ahora)
    agregar_sin_repetir(session, meta, f"Ya hay una meta «{nombre}» en {anio}.")
    return meta


def buscar_meta(session: Session, espacio_id: int, texto: str) -> Meta:
    limpio = texto.strip().lstrip("#")
    if not limpio.isdecimal() or len(limpio) > 9:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es el ID de una meta (míralo con /poa metas).")
    meta = session.scalar(select(Meta).where(Meta.espacio_id == espacio_id, Meta.id == int(limpio)))
    if meta is None:
        raise NoEncontrado(f"No hay una meta con ID {limpio}. Míralas con /poa metas.")
    return meta


def quitar_meta(session: Session, meta: Meta) -> int:
    """Borra una meta dada de alta por error, con su avance registrado a mano; devuelve cuántos avances se fueron."""
    avances_manuales = session.execute(delete(AvanceManual).where(AvanceManual.meta_id == meta.id))
    session.delete(meta)
    session.flush()
    return int(getattr(avances_manuales, "rowcount", 0) or 0)


def registrar(session: Session, peticion: Peticion, meta: Meta, cantidad: str, nota: str) -> AvanceManual:
    if meta.regla != "manual":
        raise ErrorDeUsuario(f"La meta {meta.id} «{meta.nombre}» se cuenta sola ({meta.regla}): no se registra a mano.")
    cifra = _entero(cantidad, "La cantidad")
    if cifra == 0:
        raise ErrorDeUsuario("La cantidad debe ser mayor que cero.")
    local = peticion.ahora.astimezone(peticion.config.tz)
    if local.year != meta.anio:
        raise ErrorDeUsuario(f"La meta {meta.id} es del programa {meta.anio}; ya no se le registra avance.")
    avance = AvanceManual(espacio_id=meta.espacio_id, meta_id=meta.id, cantidad=cifra, nota=nota.strip()[:2000],
                          fecha=peticion.ahora, persona_id=peticion.persona_id or None)
    session.add(avance)
    return avance


def metas_del_anio(session: Session, espacio_id: int, anio: int) -> list[Meta]:
    return list(session.scalars(select(Meta).where(Meta.espacio_id == espacio_id, Meta.anio == anio).order_by(Meta.id)))


@dataclass(frozen=True)
class Avance:
    meta: Meta
    hecho: int
    planeado: float
    por_mes: tuple[int, ...]  # lo hecho en cada mes del año (ENE–DIC), hasta el corte

    @property
    def porcentaje(self) -> float | None:
        return None if self.planeado <= 0 else round(100 * self.hecho / self.planeado, 1)

    @property
    def semaforo(self) -> str:
        if self.planeado <= 0:  # nada planeado aún (el primer día): ir adelante es verde
            return "🟢" if self.hecho else "⚪"
        return semaforo(self.porcentaje)

    @property
    def color(self) -> str:
        return {"🟢": "#2e7d32", "🟡": "#f9a825", "🔴": "#c62828"}.get(self.semaforo, "#9e9e9e")

    @property
    def acumulado(self) -> int:
        return sum(self.por_mes)

    @property
    def planeado_mensual(self) -> float:
        return self.meta.meta_anual / 12


def limites_del_anio(anio: int, tz: ZoneInfo) -> list[datetime]:
    return [inicio_de_mes(anio, m, tz) for m in range(1, 14)]


def avances(session: Session, espacio_id: int, periodo: Periodo, tz: ZoneInfo) -> list[Avance]:
    """Cada meta del año del periodo con lo hecho en el periodo (hasta su corte) y lo planeado para él
    a la fecha. Una consulta agregada por meta, con los doce meses a la vez."""
    limites = limites_del_anio(periodo.anio, tz)
    resultado: list[Avance] = []
    for meta in metas_del_anio(session, espacio_id, periodo.anio):
        tramos = [min(limite, periodo.corte) for limite in limites]
        # Cortados en ``corte``: los meses que aún no llegan quedan como tramos vacíos.
        por_mes = conteo_de(meta.regla, meta.id)(session, espacio_id, tramos)
        por_mes = (por_mes + [0] * 12)[:12]
        hecho = sum(por_mes[m - 1] for m in periodo.numeros_de_mes)
        planeado = meta.meta_anual * periodo.meses / 12 * periodo.fraccion_transcurrida()
        resultado.append(Avance(meta, hecho, round(planeado, 1), tuple(por_mes)))
    return resultado

