"""La difusión contra un WordPress de verdad (Debian, ``php -S``, MariaDB): ``/difusion publicar NUM web``
desde la consola sube las fotos a la mediateca, publica la entrada con su galería e imagen destacada, y
el enlace que queda abre la nota con su título. Una contraseña equivocada se explica en español."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from asistente.canales.wordpress import CanalWordPress
from asistente.nucleo.canal import Pieza
from asistente.procesos.app import crear_app
from modelos import Base
from tests.conftest import Charla, hacer_config
from tests.test_boletin import evento, foto
from tests.wordpress_real import SitioWordPress, asegurar_paquetes, levantar, mariadb_disponible


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitioWordPress]:
    motivo = asegurar_paquetes() or mariadb_disponible()
    if motivo:
        pytest.skip(f"SIN WORDPRESS REAL — no se probó contra un WordPress de verdad: {motivo}")
    sitio = levantar(tmp_path_factory.mktemp("wordpress"))
    yield sitio
    sitio.detener()


def _oficina(bd_url: str, tmp_path: Path, wordpress: SitioWordPress, clave: str) -> Charla:
    config = hacer_config(bd_url, tmp_path, wordpress_url=wordpress.url, wordpress_usuario=wordpress.usuario,
                          wordpress_clave=clave)
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    charla = Charla(app)
    charla.di("/equipo")
    return charla


def test_publicar_en_un_wordpress_de_verdad(bd_url: str, tmp_path: Path, wordpress: SitioWordPress) -> None:
    oficina = _oficina(bd_url, tmp_path, wordpress, wordpress.clave)
    try:
        evento(oficina, "Entrega de la cancha de usos múltiples")
        fotos = [foto(oficina, "ana", f"Corte de listón {n}", n, ancho=640) for n in (1, 2)]
        oficina.di("/boletin borrador 1")
        oficina.di("/boletin aprobar 1")
        r = oficina.respuesta("/difusion publicar 1 web")
        assert not r.es_error, r.cuerpo
        enlace = next(linea.split(": ", 1)[1] for linea in r.cuerpo.splitlines() if linea.startswith("• El sitio web: "))
        assert enlace.startswith(wordpress.url + "/2026/")  # enlaces permanentes del sitio
        pagina = httpx.get(enlace, timeout=30)
        assert pagina.status_code == 200
        assert "Entrega de la cancha de usos múltiples" in pagina.text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<h1" in pagina.text and "Se invirtieron 1.2 millones de pesos." in pagina.text
        assert "Corte de listón 1. Foto: Ana" in pagina.text
        # La entrada, leída por la API: publicada, con la primera foto como destacada y las dos en la mediateca.
        auth = (wordpress.usuario, wordpress.clave)
        entradas = httpx.get(f"{wordpress.url}/wp-json/wp/v2/posts", params={"context": "edit"}, auth=auth,
                             timeout=30).json()
        (entrada,) = [e for e in entradas if e["link"] == enlace]  # (la instalación trae su «Hello world!»)
        assert entrada["status"] == "publish"
        destacada = httpx.get(f"{wordpress.url}/wp-json/wp/v2/media/{entrada['featured_media']}", auth=auth,
                              timeout=30).json()
        assert httpx.get(destacada["source_url"], timeout=30).content == fotos[0].read_bytes()
        galeria = re.findall(r'<img src="([^"]+)"', entrada["content"]["raw"])
        assert [httpx.get(u, timeout=30).content for u in galeria] == [f.read_bytes() for f in fotos]
        assert "publicado" in oficina.di("/boletin ver 1").lower()
        # La entrada se encuentra por su slug (lo que hace el programador con una pieza que quedó a medias).
        assert entrada["slug"].startswith("boletin-001-2026")
        canal = CanalWordPress(wordpress.url, wordpress.usuario, wordpress.clave)
        encontrada = canal.buscar(Pieza(entrada["slug"], "", ""))
        assert encontrada is not None and encontrada.permalink == enlace
        assert canal.buscar(Pieza("no-existe-999", "", "")) is None
    finally:
        oficina.app.motor.dispose()


def test_una_contrasena_de_aplicacion_equivocada_se_explica(bd_url: str, tmp_path: Path,
                                                            wordpress: SitioWordPress) -> None:
    oficina = _oficina(bd_url, tmp_path, wordpress, "abcd abcd abcd abcd abcd abcd")
    try:
        evento(oficina)
        oficina.di("/boletin borrador 1")
        oficina.di("/boletin aprobar 1")
        r = oficina.respuesta("/difusion publicar 1 web")
        assert r.es_error and "no aceptó el usuario o la contraseña de aplicación" in r.cuerpo, r.cuerpo
    finally:
        oficina.app.motor.dispose()
