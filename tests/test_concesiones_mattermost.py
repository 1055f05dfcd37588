"""Concesiones en Mattermost, de punta a punta: la agenda que un programador muerto dejó ``reclamada``
se busca por los ``props`` de los posts del bot antes de reenviarse (ver ``test_concesiones.py``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from asistente.plataformas.mattermost import crear_plataforma as plataforma_mattermost
from tests.test_concesiones import MARTES_7, Choque, Chocona, _agenda, _choca_y_retoma, _pasar
from tests.test_mattermost import Mundo, falso, mundo  # noqa: F401  (accesorios compartidos)


# --- de punta a punta: Mattermost (props del post) --------------------------------------------------------------
def _agendas_mm(mundo: Mundo) -> list[dict[str, Any]]:
    return [p for p in mundo.falso.posts() if p["channel_id"] == mundo.canal and "Agenda del día" in p["message"]]


@pytest.mark.parametrize("cuando", ["antes", "despues"])
def test_mattermost_agenda_de_un_programador_que_murio_se_busca_por_sus_props(mundo: Mundo, cuando: str) -> None:
    mundo.di("/equipo")
    mundo.di("/asistente config canal prensa")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    real = plataforma_mattermost(mundo.app.config)
    try:
        _choca_y_retoma(mundo.app, real, "mattermost", MARTES_7, cuando)
    finally:
        real.cliente.cerrar()
    [agenda] = _agendas_mm(mundo)
    assert agenda["props"]["asistente_marca"].endswith("/agenda/prensa/2026-03-03")
    leidas = [r for m, r in mundo.falso.peticiones if m == "GET" and r.endswith(f"/channels/{mundo.canal}/posts")]
    assert len(leidas) == 1


def test_mattermost_post_ajeno_con_la_misma_marca_no_cuenta(mundo: Mundo) -> None:
    """Solo cuentan los posts del bot: una persona no puede «adelantar» la agenda copiando sus props."""
    mundo.di("/equipo")
    mundo.di("/asistente config canal prensa")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12")
    real = plataforma_mattermost(mundo.app.config)
    try:
        with pytest.raises(Choque):
            _pasar(mundo.app, Chocona(real, "antes"), MARTES_7, "mattermost")
        marca = f"{_agenda(mundo.app).espacio_id}/agenda/prensa/2026-03-03"
        falso_post = mundo.falso.publicar_como_bot(mundo.canal, "Agenda del día (falsa)", {"asistente_marca": marca})
        falso_post["user_id"] = mundo.ana
        _pasar(mundo.app, real, MARTES_7 + timedelta(minutes=6), "mattermost")
    finally:
        real.cliente.cerrar()
    assert len([p for p in _agendas_mm(mundo) if "Sesión de cabildo" in p["message"]]) == 1
