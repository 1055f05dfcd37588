"""La agenda en Mattermost, de punta a punta: un evento que se repite se lee de vuelta con botones
firmados; solo quien lo propuso lo registra y cada fecha queda como evento (SPEC §13)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from asistente.plataformas.mattermost import crear_plataforma
from asistente.plataformas.trabajo import TRABAJO
from asistente.programador import correr_pasada

from modelos import Evento, Serie
from tests.conftest import AHORA, ZONA
from tests.test_mattermost import Mundo, falso, mundo, visible  # noqa: F401  (accesorios compartidos)


@pytest.fixture(autouse=True)
def sin_trabajo_pendiente(mundo: Mundo) -> Iterator[None]:
    """Lo que el bot publica en segundo plano (anuncios, archivos) termina antes de cerrar la base."""
    yield
    assert TRABAJO.esperar()


def test_serie_se_confirma_con_el_boton_firmado(mundo: Mundo) -> None:
    mundo.di("/equipo", como=mundo.ana)
    r = mundo.di("/agenda nueva Sesión de cabildo cada 15 días a las 12 hasta el 31 de marzo")
    assert r["response_type"] == "ephemeral"
    assert "se repite cada 15 días, a las 12:00, hasta el martes 31 de marzo de 2026: 2 fechas" in r["text"]
    assert mundo.eventos() == 0
    # Otra persona no puede registrarla por quien la propuso.
    p = mundo.falso.pulsar(r["attachments"], "Registrar 2 fechas", usuario=mundo.ana, canal=mundo.canal)
    assert p.status_code == 200 and "es de otra persona" in visible(p.json()["ephemeral_text"])
    assert mundo.eventos() == 0
    p = mundo.falso.pulsar(r["attachments"], "Registrar 2 fechas", usuario=mundo.dir, canal=mundo.canal, post_id="p1")
    assert p.status_code == 200 and visible(p.json()["update"]["message"]).startswith("Serie registrada: Sesión de cabildo")
    assert p.json()["update"]["props"]["attachments"] == []  # sin botones ya
    assert mundo.falso.esperar_post(texto="Serie registrada")["channel_id"] == mundo.canal
    with mundo.app.fabrica() as s:
        eventos = s.scalars(select(Evento).order_by(Evento.numero)).all()
        assert [e.inicio.astimezone(ZONA).strftime("%d/%m %H:%M") for e in eventos] == ["02/03 12:00", "17/03 12:00"]
        assert s.scalars(select(Serie.confirmada)).one() is True
    assert "🔁 Se repite cada 15 días" in visible(mundo.di("/agenda ver 2")["text"])
    r = mundo.di("/agenda cancelar 2 serie")
    assert "Serie de «Sesión de cabildo»: 2 fechas canceladas." in visible(str(r.get("text", ""))) or \
        mundo.falso.esperar_post(texto="2 fechas canceladas")


def test_mes_sube_la_imagen_al_canal(mundo: Mundo) -> None:
    mundo.di("/agenda nueva Honores | lunes 9 de marzo a las 8 | Plaza | Educación | alta")
    r = mundo.di("/agenda mes")
    assert r["response_type"] == "in_channel" and "Agenda de marzo de 2026" in r["text"] and "Honores" in r["text"]
    post = mundo.falso.esperar_post(texto="Agenda de marzo de 2026")
    assert post["channel_id"] == mundo.canal
    with Image.open(io.BytesIO(mundo.falso.archivos[post["file_ids"][0]][1])) as imagen:
        assert imagen.format == "PNG" and imagen.size == (1080, 1350)


def test_oficio_pegado_abre_el_dialogo_lleno(mundo: Mundo) -> None:
    carta = ("Asunto: Invitación a la Ceremonia del Día de la Bandera\nFecha: 24 de febrero de 2027\n"
             "Hora: 9:00 hrs\nLugar: Plaza cívica")
    mundo.di("/agenda nueva " + carta)
    dialogo = mundo.falso.dialogos[-1]
    iniciales = {e["name"]: e.get("default") for e in dialogo["dialog"]["elements"]}
    assert iniciales["titulo"] == "Ceremonia del Día de la Bandera" and iniciales["cuando"] == "24/02/2027 09:00"
    assert iniciales["lugar"] == "Plaza cívica" and "Hora: 9:00 hrs" in iniciales["notas"]
    assert mundo.eventos() == 0
    valores = {k: v for k, v in iniciales.items() if v}
    e = mundo.falso.enviar_dialogo(dialogo, valores, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200 and mundo.eventos() == 1


def test_tarjeta_informativa_por_mensaje_directo_en_mattermost(mundo: Mundo) -> None:
    """Preside alguien de fuera del equipo: la tarjeta va a la directora, una sola vez."""
    mundo.di("/agenda nueva Sesión de cabildo | martes 3 de marzo a las 12 | Sala de cabildo")
    with mundo.app.fabrica.begin() as s:
        s.scalars(select(Evento)).one().preside = "Presidente municipal"
    plataforma = crear_plataforma(mundo.app.config)
    try:
        for instante in (AHORA.replace(hour=17, minute=59), AHORA.replace(hour=18), AHORA.replace(hour=18, minute=1)):
            correr_pasada(mundo.app, instante, {"mattermost": plataforma})
    finally:
        plataforma.cliente.cerrar()

    def es_tarjeta_para_dir(post: dict[str, Any]) -> bool:
        canal = mundo.falso.canales.get(post["channel_id"], {})
        return canal.get("type") == "D" and mundo.dir in canal.get("miembros", ()) and "Tarjeta informativa" in post["message"]

    tarjeta = mundo.falso.esperar_post(es_tarjeta_para_dir)
    texto = visible(tarjeta["message"])
    assert "Sesión de cabildo" in texto and "martes 3 de marzo, 12:00 a 13:00" in texto and "Sala de cabildo" in texto
    assert "Preside: Presidente Municipal" in texto
    assert len([p for p in mundo.falso.posts() if es_tarjeta_para_dir(p)]) == 1
