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


def test_mattermost_descarga_en_curso_cuenta_como_trabajo_aceptado(mundo: Mundo, esperas_cortas: list[float]) -> None:
    """SIGTERM espera lo aceptado: una descarga de Mattermost en curso también cuenta, así al detenerse
    el servidor termina de archivarla y contesta en el hilo en lugar de cortarla."""
    import time

    from asistente.plataformas.trabajo import TRABAJO

    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        mundo.falso.esperar_conexiones(1)
        foto = mundo.falso.agregar_archivo("IMG_0010.jpg", jpeg(semilla=10))
        mundo.falso.cortes[foto] = 3  # tres cortes: la descarga tarda sus reintentos
        post = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="Fotos")
        limite = time.monotonic() + 10
        while TRABAJO.pendientes() == 0:
            assert time.monotonic() < limite, "la descarga no se contó como trabajo aceptado"
            time.sleep(0.005)
        assert TRABAJO.esperar(20)
        # Terminado lo aceptado, la respuesta ya está en el hilo (sin esperarla más).
        assert any(p["root_id"] == post and "Archivé 1 archivo" in p["message"] for p in mundo.falso.posts())
    finally:
        escucha.detener()
