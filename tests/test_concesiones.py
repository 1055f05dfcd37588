"""Concesiones: lo que un choque (kill -9, un despliegue) deja reclamado a medias no se pierde ni sale
dos veces. Una publicación del programador ``reclamada`` cuya concesión venció se vuelve a tomar y,
antes de reenviarla, se busca en la plataforma (``metadata`` del mensaje en Slack, ``props`` del post
en Mattermost); un evento de Slack reclamado y sin terminar se atiende otra vez si Slack lo reenvía
pasada su concesión."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.plataforma import Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.slack import crear_plataforma as plataforma_slack
from asistente.programador import correr_pasada
from modelos import EstadoPublicacion, EventoProcesado, Publicacion
from tests.conftest import ZONA, Charla
from tests.falso_slack import EQUIPO
from tests.grabadora import Grabadora
from tests.test_plataformas_rutina import _manana, _mensajes, _preparar
from tests.test_slack import Servidor, falso, servidor, slack_config  # noqa: F401  (accesorios compartidos)

MARTES_7 = datetime(2026, 3, 3, 7, 0, tzinfo=ZONA)


class Choque(BaseException):
    """El proceso muere: nada lo atrapa (como kill -9 a la mitad del envío)."""


@dataclass
class Chocona:
    """Una plataforma que «muere» antes o después de publicar en un canal; lo demás lo pasa a la real."""

    real: Plataforma
    cuando: str  # "antes" | "despues" | "" (ya no choca)
    nombre: str = field(init=False)

    def __post_init__(self) -> None:
        self.nombre = self.real.nombre

    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        if self.cuando == "antes":
            raise Choque
        resultado = self.real.publicar(espacio, canal, respuesta, hilo)
        if self.cuando == "despues":
            raise Choque
        return resultado

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        return self.real.mensaje_directo(espacio, usuario, respuesta)

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        return self.real.ya_publicada(espacio, destino, marca, desde, directo)


def _agenda(app: Aplicacion) -> Publicacion:
    with app.fabrica() as s:
        return s.scalars(select(Publicacion).where(Publicacion.tipo == "agenda")).one()


def _pasar(app: Aplicacion, plataforma: Plataforma, cuando: datetime, prefijo: str) -> None:
    correr_pasada(app, cuando, {prefijo: plataforma})


def _choca_y_retoma(app: Aplicacion, real: Plataforma, prefijo: str, siete: datetime, cuando: str) -> None:
    """A las 7:00 el programador muere (antes o después de publicar la agenda); a las 7:03 la concesión
    sigue vigente (nadie la toca); a las 7:06 venció y otra pasada la retoma."""
    with pytest.raises(Choque):
        _pasar(app, Chocona(real, cuando), siete, prefijo)
    assert _agenda(app).estado == EstadoPublicacion.RECLAMADA
    _pasar(app, real, siete + timedelta(minutes=3), prefijo)
    assert _agenda(app).estado == EstadoPublicacion.RECLAMADA  # el otro proceso podría seguir enviándola
    _pasar(app, real, siete + timedelta(minutes=6), prefijo)
    assert _agenda(app).estado == EstadoPublicacion.ENVIADA
    _pasar(app, real, siete + timedelta(minutes=30), prefijo)


# --- el programador, con la plataforma de mentiras ------------------------------------------------------------
@pytest.mark.parametrize("cuando", ["antes", "despues"])
def test_agenda_reclamada_por_un_programador_que_murio_sale_una_vez(charla: Charla, cuando: str) -> None:
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 18 | Sala de cabildo")
    grabadora = Grabadora(nombre="consola")
    _choca_y_retoma(charla.app, grabadora, "consola", MARTES_7, cuando)
    agendas = grabadora.en("C-prensa")
    assert len(agendas) == 1 and "Sesión de cabildo" in agendas[0]
    assert _agenda(charla.app).intentos == 2


def test_reclamo_sin_concesion_de_antes_de_la_migracion_se_revisa_y_no_se_repite(charla: Charla) -> None:
    """Una fila ``reclamada`` de antes (sin concesión) que sí salió: se encuentra por su marca."""
    charla.di("/agenda nueva Sesión de cabildo | mañana a las 18")
    grabadora = Grabadora(nombre="consola")
    with pytest.raises(Choque):
        _pasar(charla.app, Chocona(grabadora, "despues"), MARTES_7, "consola")
    with charla.app.fabrica.begin() as s:
        s.scalars(select(Publicacion)).one().concesion = None
    _pasar(charla.app, grabadora, MARTES_7 + timedelta(minutes=1), "consola")
    assert len(grabadora.en("C-prensa")) == 1
    assert _agenda(charla.app).estado == EstadoPublicacion.ENVIADA


# --- de punta a punta: Slack (metadata del mensaje) -------------------------------------------------------------
@pytest.mark.parametrize("cuando", ["antes", "despues"])
def test_slack_agenda_de_un_programador_que_murio_se_busca_por_su_metadata(servidor: Servidor, cuando: str) -> None:
    _preparar(servidor)
    real = plataforma_slack(servidor.config)
    _choca_y_retoma(servidor.app, real, "slack", _manana(servidor, 7), cuando)
    [agenda] = _mensajes(servidor.falso, "C-prensa", "Inauguración del mercado")
    assert agenda["metadata"]["event_type"] == "asistente_publicacion"
    assert agenda["metadata"]["event_payload"]["marca"].endswith("/agenda/C-prensa/" + _manana(servidor, 7).date().isoformat())
    [historia] = servidor.falso.llamadas("conversations.history")  # solo la pasada que la retomó
    assert historia.params["channel"] == "C-prensa" and historia.params["include_all_metadata"] in ("1", "true", "True")


def test_slack_mensaje_igual_sin_la_marca_no_cuenta_como_publicado(servidor: Servidor) -> None:
    """Otro mensaje del bot en el canal (sin metadata, o con la marca de otro día) no detiene el envío."""
    _preparar(servidor)
    real = plataforma_slack(servidor.config)
    with pytest.raises(Choque):
        _pasar(servidor.app, Chocona(real, "antes"), _manana(servidor, 7), "slack")
    servidor.falso.publicar_como_bot("C-prensa", "Agenda del día: Inauguración del mercado")
    servidor.falso.publicar_como_bot("C-prensa", "Agenda de ayer", {"event_type": "asistente_publicacion",
                                                                     "event_payload": {"marca": "1/agenda/C-prensa/ayer"}})
    _pasar(servidor.app, real, _manana(servidor, 7, 6), "slack")
    assert len(_mensajes(servidor.falso, "C-prensa", "Inauguración del mercado")) == 1
    assert _agenda(servidor.app).estado == EstadoPublicacion.ENVIADA


def test_slack_sin_permiso_para_leer_el_historial_no_reenvia_a_ciegas(servidor: Servidor) -> None:
    """Si no se puede revisar (falta ``channels:history``), la agenda queda fallida y se reintenta
    revisando otra vez: nunca se publica sin saber si ya salió."""
    _preparar(servidor)
    real = plataforma_slack(servidor.config)
    with pytest.raises(Choque):
        _pasar(servidor.app, Chocona(real, "despues"), _manana(servidor, 7), "slack")
    servidor.falso.error_en_canal("C-prensa", "missing_scope")
    _pasar(servidor.app, real, _manana(servidor, 7, 6), "slack")
    assert _agenda(servidor.app).estado == EstadoPublicacion.FALLIDA
    servidor.falso.reparar_canal("C-prensa")
    _pasar(servidor.app, real, _manana(servidor, 7, 7), "slack")
    assert len(_mensajes(servidor.falso, "C-prensa", "Inauguración del mercado")) == 1
    assert _agenda(servidor.app).estado == EstadoPublicacion.ENVIADA


# --- eventos de Slack ----------------------------------------------------------------------------------------------
def _foto(servidor: Servidor, ts: str) -> dict[str, Any]:
    url = servidor.falso.servir_archivo("IMG_0001.jpg", b"\xff\xd8 foto", "image/jpeg")
    return {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1", "text": "fotos",
            "ts": ts, "files": [servidor.falso.descripcion(servidor.falso.archivo(url))]}


def _reclamado_sin_terminar(app: Aplicacion, *claves: str, hace: timedelta) -> None:
    """Lo que deja un proceso que murió tras reclamar el evento (y su archivo) y antes de atenderlo."""
    with app.fabrica.begin() as s:
        for clave in claves:
            s.add(EventoProcesado(clave=clave, recibido=datetime.now(ZONA) - hace, terminado=None))


def _contestaciones(servidor: Servidor, hilo: str) -> list[dict[str, Any]]:
    return [c.params for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("thread_ts") == hilo]


def test_evento_de_slack_que_un_choque_dejo_a_medias_se_atiende_cuando_slack_lo_reenvia(servidor: Servidor) -> None:
    evento = _foto(servidor, "1700000000.000500")
    archivo = evento["files"][0]["id"]
    # El evento (concesión de 3 minutos) y su archivo (30: una descarga puede tardar).
    _reclamado_sin_terminar(servidor.app, "slack:EvChoque", hace=timedelta(minutes=6))
    _reclamado_sin_terminar(servidor.app, f"slack:archivo:slack:{EQUIPO}:{archivo}", hace=timedelta(minutes=31))
    assert servidor.evento(evento, "EvChoque", reintento=3)[0] == 200
    servidor.falso.esperar("chat.postMessage")
    servidor.esperar_pendientes()
    [contestacion] = _contestaciones(servidor, "1700000000.000500")
    assert "IMG_0001.jpg" in contestacion["text"]
    with servidor.app.fabrica() as s:
        assert all(e.terminado is not None for e in s.scalars(select(EventoProcesado)))
    # Terminado, ya nunca se repite.
    assert servidor.evento(evento, "EvChoque", reintento=4)[0] == 200
    servidor.esperar_pendientes()
    assert len(_contestaciones(servidor, "1700000000.000500")) == 1


def test_evento_de_slack_en_curso_no_se_atiende_dos_veces(servidor: Servidor) -> None:
    """Reclamado hace un momento y sin terminar: otro proceso lo está atendiendo. Igual un archivo
    cuya descarga empezó hace 10 minutos (llegó por el otro evento, ``file_shared``)."""
    evento = _foto(servidor, "1700000000.000600")
    _reclamado_sin_terminar(servidor.app, "slack:EvEnCurso", hace=timedelta(seconds=20))
    assert servidor.evento(evento, "EvEnCurso", reintento=1)[0] == 200
    archivo = evento["files"][0]["id"]
    _reclamado_sin_terminar(servidor.app, f"slack:archivo:slack:{EQUIPO}:{archivo}", hace=timedelta(minutes=10))
    assert servidor.evento(evento, "EvOtro")[0] == 200
    servidor.esperar_pendientes()  # también los oyentes perezosos de Bolt
    assert _contestaciones(servidor, "1700000000.000600") == []
