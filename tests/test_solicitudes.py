"""Las solicitudes de las áreas (/solicitud, SPEC §9): alta por línea y por formulario con el aviso de
días hábiles, los pasos con quién y cuándo y sus avisos, versiones desde el archivo, permisos, listas,
días inhábiles de la oficina, conteos para los informes y cada entrada mala sin cambiar nada."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from asistente.solicitudes.consultas import conteo_por_area, conteo_por_mes, conteo_por_tipo, contar_solicitudes
from modelos import CambioDeSolicitud, DiaInhabil, Solicitud
from tests.conftest import Charla


def _cuantas(charla: Charla) -> tuple[int, int]:
    with charla.app.fabrica() as s:
        return (s.scalar(select(func.count(Solicitud.id))) or 0, s.scalar(select(func.count(CambioDeSolicitud.id))) or 0)


def test_nueva_en_una_linea_da_su_folio_y_avisa_si_llega_con_pocos_dias_habiles(charla: Charla) -> None:
    # Lunes 2 de marzo de 2026: para el jueves son 3 días hábiles (martes, miércoles, jueves).
    r = charla.di("/solicitud nueva Obras Públicas | cartel | jueves | Cartel de la inauguración de la cancha")
    assert r.startswith("📝 Solicitud S-001 registrada: cartel de Obras Públicas para el jueves 5 de marzo.")
    assert "Ojo" not in r
    r = charla.di("/solicitud nueva dif | LONA | miércoles | Lona para la jornada de salud | 3 x 1 m | 2")
    assert "S-002" in r and "DIF Municipal" in r and "Ojo: llegó con 2 días hábiles" in r and "pide 3" in r
    assert "3 x 1 m · 2 pieza(s)" in r
    assert charla.ultima is not None and charla.ultima.publica and charla.ultima.ancla_solicitud is not None
