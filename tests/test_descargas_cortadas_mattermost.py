"""La descarga cortada a medio camino, en Mattermost (ver ``test_descargas_cortadas.py``)."""

from __future__ import annotations

import pytest

from asistente.plataformas.mattermost import iniciar_escucha
from asistente.plataformas.mattermost.escucha import Espera
from tests.archivos import jpeg
from tests.test_descargas_cortadas import CRUDOS, esperas_cortas  # noqa: F401  (accesorio compartido)
from tests.test_mattermost import Mundo, falso, mundo  # noqa: F401  (accesorios compartidos)


@pytest.mark.parametrize("cortes, archivado", [(2, True), (99, False)])
def test_mattermost_descarga_cortada_se_reintenta_y_el_hilo_lo_dice_en_espanol(
        mundo: Mundo, esperas_cortas: list[float], cortes: int, archivado: bool) -> None:
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        mundo.falso.esperar_conexiones(1)
        foto = mundo.falso.agregar_archivo("IMG_0009.jpg", jpeg(semilla=9))
        mundo.falso.cortes[foto] = cortes
        post = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="Fotos")
        texto = mundo.falso.esperar_post(lambda p: p["root_id"] == post, tiempo=20)["message"]
    finally:
        escucha.detener()
    assert not any(crudo in texto for crudo in CRUDOS), texto
    descargas = [r for m, r in mundo.falso.peticiones if m == "GET" and r.endswith(f"/files/{foto}")]
    if archivado:
        assert "Archivé 1 archivo" in texto and esperas_cortas == [0.01, 0.02] and len(descargas) == 3
    else:
        assert "se cortó a medio archivo" in texto and "4 veces" in texto
        assert esperas_cortas == [0.01, 0.02, 0.04] and len(descargas) == 4
