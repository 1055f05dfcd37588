"""Benchmark de memoria (issue 23): la memoria residente de ``asistente servir`` con carga de solo
lectura (``/agenda semana``) y con carga de escritura (``/agenda nueva``, cada comando un evento
nuevo), por peticiones firmadas de Slack desde varios clientes a la vez. La memoria debe quedarse
acotada en los dos casos, no crecer con cada evento nuevo.

Uso: ``python -m bench memoria`` (o ``python -m bench.memoria [escrituras]``). Con
``ASISTENTE_BENCH_TRAZA=1`` además corre el mismo servidor en este proceso con ``tracemalloc`` y
muestra dónde quedó la memoria que creció (sin contar el Slack de mentiras).
"""

from __future__ import annotations

import http.client
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from bench.slack import SECRETO, _entorno, _esperar_salud, _puerto_libre, _rss_mb  # noqa: E402
from tests.falso_slack import EQUIPO, FalsoSlack  # noqa: E402

CLIENTES = 8
LECTURAS = 1200
ESCRITURAS = 1200
_DISPAROS = itertools.count()


def _comando(conexion: http.client.HTTPConnection, falso: FalsoSlack, verificador: SignatureVerifier, texto: str,
             usuario: str) -> None:
    cuerpo = urlencode({"team_id": EQUIPO, "team_domain": "prensa", "channel_id": "C1", "user_id": usuario,
                        "user_name": usuario.lower(), "command": "/agenda", "text": texto,
                        "response_url": falso.url_respuesta(), "trigger_id": f"m{next(_DISPAROS)}",
                        "api_app_id": "A1", "token": "x"})
    marca = str(int(time.time()))
    conexion.request("POST", "/slack/events", body=cuerpo.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": marca,
        "X-Slack-Signature": verificador.generate_signature(timestamp=marca, body=cuerpo)})
    respuesta = conexion.getresponse()
    respuesta.read()
    if respuesta.status != 200:
        raise RuntimeError(f"HTTP {respuesta.status}")


def _carga(puerto: int, falso: FalsoSlack, total: int, escribir: bool) -> None:
    """``total`` comandos repartidos entre ``CLIENTES`` clientes con conexión persistente."""
    verificador = SignatureVerifier(SECRETO)
    contador = itertools.count()

    def cliente(n: int) -> None:
        conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
        for _ in range(total // CLIENTES):
            i = next(contador)
            texto = (f"nueva Visita {i} a la colonia {i % 97} | mañana a las {8 + i % 10} | Plaza {i % 13}"
                     if escribir else "semana")
            _comando(conexion, falso, verificador, texto, f"U{n}")
        conexion.close()

    hilos = [threading.Thread(target=cliente, args=(n,)) for n in range(CLIENTES)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()


def _asentar(falso: FalsoSlack, segundos: float = 3.0) -> None:
    """Deja que el servidor termine lo aceptado y olvida lo que grabó el Slack de mentiras."""
    time.sleep(segundos)
    falso.olvidar()


def medir(escrituras: int | None = None, lecturas: int = LECTURAS) -> dict[str, float]:
    """La memoria residente (MB) de ``asistente servir`` al arrancar, tras la carga de lectura y en
    cada cuarto de la carga de escritura."""
    escrituras = ESCRITURAS if escrituras is None else escrituras
    resultado: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as carpeta, FalsoSlack() as falso:
        url_bd = f"sqlite:///{Path(carpeta) / 'memoria.db'}"
        subprocess.run([sys.executable, "-m", "asistente", "bd", "actualizar"], env=_entorno(url_bd, falso, 0),
                       cwd=carpeta, check=True, capture_output=True)
        puerto = _puerto_libre()
        proceso = subprocess.Popen([sys.executable, "-m", "asistente", "servir", "--puerto", str(puerto),
                                    "--anfitrion", "127.0.0.1"], env=_entorno(url_bd, falso, puerto), cwd=carpeta)
        try:
            _esperar_salud(puerto)
            _carga(puerto, falso, 80, escribir=True)  # calentamiento: el espacio, las personas, los cachés
            _carga(puerto, falso, 80, escribir=False)
            _asentar(falso)
            resultado["arranque"] = _rss_mb(proceso.pid)
            _carga(puerto, falso, lecturas, escribir=False)
            _asentar(falso)
            resultado["lectura"] = _rss_mb(proceso.pid)
            for cuarto in range(1, 5):
                _carga(puerto, falso, escrituras // 4, escribir=True)
                _asentar(falso, 1.0)
                resultado[f"escritura {cuarto}/4"] = _rss_mb(proceso.pid)
                print(f"escritura {cuarto}/4: {resultado[f'escritura {cuarto}/4']:.0f} MB", flush=True)
        finally:
            proceso.terminate()
            proceso.wait(timeout=30)
    return resultado


def trazar(escrituras: int = 600) -> str:
    """El mismo servidor en este proceso con ``tracemalloc``: lo que creció entre antes y después de
    ``escrituras`` eventos nuevos, por traza, sin el Slack de mentiras."""
    import gc
    import tracemalloc

    from asistente.nucleo.config import Config
    from asistente.plataformas.trabajo import TRABAJO
    from asistente.plataformas.web import crear_servidor, crear_wsgi
    from asistente.procesos.app import crear_app
    from tests.servidor_en_hilo import correr_en_hilo

    lineas = []
    with tempfile.TemporaryDirectory() as carpeta, FalsoSlack() as falso:
        config = Config(bd=f"sqlite:///{Path(carpeta) / 'traza.db'}", slack_bot_token="xoxb-bench",
                        slack_signing_secret=SECRETO, slack_api_url=falso.url, archivo=Path(carpeta) / "archivo")
        app = crear_app(config, migrar=True)
        servidor = crear_servidor(crear_wsgi(app), "127.0.0.1", 0)
        detener = correr_en_hilo(servidor)
        try:
            _carga(servidor.effective_port, falso, 160, escribir=True)
            TRABAJO.esperar(60)
            falso.olvidar()
            gc.collect()
            tracemalloc.start(8)
            antes = tracemalloc.take_snapshot()
            _carga(servidor.effective_port, falso, escrituras, escribir=True)
            TRABAJO.esperar(60)
            falso.olvidar()
            gc.collect()
            despues = tracemalloc.take_snapshot()
            tracemalloc.stop()
        finally:
            detener()
            app.motor.dispose()
    filtros = [tracemalloc.Filter(False, "*falso_slack*", all_frames=True),
               tracemalloc.Filter(False, tracemalloc.__file__)]
    diferencias = despues.filter_traces(filtros).compare_to(antes.filter_traces(filtros), "traceback")
    total = sum(d.size_diff for d in diferencias)
    lineas.append(f"tracemalloc: {total / 1024:+.0f} KB tras {escrituras} eventos nuevos "
                  f"({total / max(1, escrituras):+.0f} bytes por evento)")
    for d in diferencias[:5]:
        lineas.append(f"  {d.size_diff / 1024:+.0f} KB en {d.count_diff:+d} bloques:")
        lineas.extend(f"      {linea}" for linea in d.traceback.format()[-6:])
    return "\n".join(lineas)


def correr(escrituras: int = ESCRITURAS) -> str:
    medida = medir(escrituras)
    crecimiento = medida["escritura 4/4"] - medida["escritura 1/4"]
    lineas = ["## Memoria de `asistente servir` con carga de lectura y de escritura\n",
              f"{CLIENTES} clientes con peticiones firmadas de Slack; {LECTURAS} `/agenda semana` y luego "
              f"{escrituras} `/agenda nueva` (un evento nuevo cada uno).\n",
              "| momento | memoria residente |", "|---|---:|"]
    lineas += [f"| {nombre} | {mb:.0f} MB |" for nombre, mb in medida.items()]
    lineas.append(f"\nDel primer al último cuarto de la escritura: {crecimiento:+.0f} MB.")
    if os.environ.get("ASISTENTE_BENCH_TRAZA"):
        lineas.append("\n```\n" + trazar() + "\n```")
    return "\n".join(lineas)


if __name__ == "__main__":
    print(correr(int(sys.argv[1]) if len(sys.argv) > 1 else ESCRITURAS))
