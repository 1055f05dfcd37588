"""La línea de comandos ``asistente``.

    asistente consola [--usuario NOMBRE] [--guion ARCHIVO]
    asistente demo
    asistente servir [--puerto N] [--procesos N]
    asistente programador [--una-vez] [--ahora 2026-03-02T07:30]
    asistente bd actualizar
    asistente respaldo DESTINO
    asistente verificar
    asistente entrega-recepcion DESTINO [--espacio CLAVE]
    asistente manifiesto slack [--url https://…] | mattermost [--url https://…] [--instalar --token-admin TOKEN]
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from asistente.archivo.respaldo import respaldo, verificar
from asistente.datos.bd import actualizar, revisar_esquema
from asistente.nucleo.config import Config
from asistente.nucleo.errores import MENSAJE_GENERICO, ErrorDeConfiguracion, ErrorDeUsuario
from asistente.nucleo.texto import cuantos
from asistente.plataformas.mattermost.instalar import instalar, tokens_combinados
from asistente.plataformas.mattermost.manifiesto import imprimir as imprimir_mattermost
from asistente.plataformas.slack.manifiesto import imprimir as imprimir_slack
from asistente.procesos.app import configurar_log
from asistente.procesos.consola import consola
from asistente.procesos.demo import demo
from asistente.procesos.entorno import definida_en_el_entorno, desde_entorno, guardar_en_env
from asistente.procesos.programador import principal as programar
from asistente.procesos.servidor import servir
from asistente.transparencia.entrega import entrega_recepcion


class _Formato(argparse.HelpFormatter):
    """La ayuda de argparse, en español."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formato)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {_traducir(message)}\n")


def _traducir(mensaje: str) -> str:
    for ingles, espanol in (
        ("the following arguments are required", "faltan estos argumentos"),
        ("invalid choice", "opción no válida"),
        ("choose from", "elige entre"),
        ("unrecognized arguments", "argumentos que no conozco"),
        ("expected one argument", "falta su valor"),
        ("argument ", "argumento "),
        ("invalid int value", "no es un número entero"),
    ):
        mensaje = mensaje.replace(ingles, espanol)
    return mensaje


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="asistente",
        description="Asistente de Comunicación Social: agenda, coberturas, archivo y boletines de una oficina de prensa municipal.",
        epilog="La configuración se lee del entorno y de un archivo .env (ver README).",
    )
    sub = p.add_subparsers(dest="verbo", metavar="VERBO", title="verbos", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser(
        "consola", help="los comandos del chat en esta terminal, contra la base de datos local",
        epilog="Además de los comandos del chat (/agenda, /cobertura, /boletin…): /subir RUTA [#N] archiva un "
               "archivo o una carpeta como si se soltara en el canal; /boton N pulsa un botón del último "
               "mensaje; /como NOMBRE cambia de persona; /salir termina. Un formulario se contesta campo por "
               "campo; escribir un comando en su lugar lo deja.",
    )
    c.add_argument("--usuario", default="director", help="con qué nombre hablas (por omisión: director)")
    c.add_argument("--guion", metavar="ARCHIVO", help="lee las líneas de un archivo en vez del teclado")

    sub.add_parser("demo", help="juega una semana de una oficina de prensa en una carpeta temporal")

    s = sub.add_parser("servir", help="el proceso web: Slack (HTTP o Socket Mode), Mattermost, el portal (/portal/…), la bandeja de salida del correo y GET /salud")
    s.add_argument("--puerto", type=int, default=None, help="puerto HTTP (por omisión $PORT o 3000)")
    s.add_argument("--anfitrion", default="0.0.0.0", help="dirección donde escuchar (por omisión 0.0.0.0)")
    s.add_argument("--procesos", type=int, default=None, metavar="N",
                   help="trabajadores en el mismo puerto, cada uno con sus hilos y su pool (por omisión, los núcleos de la máquina)")

    pr = sub.add_parser("programador", help="el proceso que publica la agenda del día, el resumen semanal y los recordatorios")
    pr.add_argument("--una-vez", action="store_true", help="hace una sola pasada y termina")
    pr.add_argument("--ahora", metavar="FECHA", help="instante de la pasada, p. ej. 2026-03-02T07:30 (hora local)")

    bd = sub.add_parser("bd", help="base de datos")
    bd_sub = bd.add_subparsers(dest="accion_bd", metavar="ACCION")
    bd_sub.required = True
    bd_sub.add_parser("actualizar", help="aplica las migraciones pendientes (Alembic)")

    r = sub.add_parser("respaldo", help="copia consistente de la base de datos y manifiesto del archivo con hashes")
    r.add_argument("destino", metavar="DESTINO", help="carpeta donde dejar el respaldo")

    sub.add_parser("verificar", help="comprueba que cada archivo archivado esté presente y con su hash")

    er = sub.add_parser(
        "entrega-recepcion",
        help="el archivo entero para el cambio de administración: archivos, inventarios, manifiesto SHA-256 y acta en PDF",
        epilog="DESTINO debe no existir o estar vacío. Si se interrumpe, correrlo otra vez sigue donde iba. "
               "Desde DESTINO, «sha256sum -c manifiesto.sha256» comprueba la entrega.",
    )
    er.add_argument("destino", metavar="DESTINO", help="carpeta nueva (o vacía) donde dejar la entrega")
    er.add_argument("--espacio", default="", help="el espacio que se entrega (slack:T012…), si el despliegue sirve a varios")

    m = sub.add_parser("manifiesto", help="imprime la configuración para instalar la app")
    m.add_argument("plataforma", choices=["slack", "mattermost"], help="slack o mattermost")
    m.add_argument("--url", default="", help="URL pública de `asistente servir` (https://…); en Slack, sin --url la app usa Socket Mode")
    m.add_argument("--instalar", action="store_true",
                   help="Mattermost: registra o actualiza todos los comandos slash por la API y guarda sus tokens en .env")
    m.add_argument("--token-admin", default="", metavar="TOKEN",
                   help="Mattermost, con --instalar: token de acceso personal de un administrador del sistema")
    return p


def principal(argv: Sequence[str] | None = None) -> int:
    """Corre un verbo. Un ``ErrorDeConfiguracion`` (variable de entorno, base, argumento) es una línea
    en español que dice qué arreglar, sin traza, y el código de salida 2; lo inesperado va con su
    traza al registro, una línea genérica a la terminal y el código 1."""
    args = _parser().parse_args(argv)
    try:
        config = desde_entorno()
        return _correr(args, config)
    except ErrorDeConfiguracion as error:
        print(f"asistente: problema de configuración: {error.mensaje}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception:
        # Lo inesperado: la traza completa al registro, una línea en español para quien lo corre.
        logging.getLogger("asistente").exception("error inesperado en «asistente %s»", args.verbo)
        print(f"asistente: {MENSAJE_GENERICO}", file=sys.stderr)
        return 1


def instalar_en_mattermost(config: Config, token_admin: str, url: str, env: Path = Path(".env")) -> int:
    """Registra los comandos, guarda ``MATTERMOST_TOKENS`` en `.env` y dice qué hizo."""
    hecho = instalar(config, token_admin, url)
    valor = tokens_combinados(config.mattermost_tokens, hecho)
    guardar_en_env(env, "MATTERMOST_TOKENS", valor)
    lineas = [f"Comandos slash en Mattermost: {len(hecho.creados)} registrados y {len(hecho.actualizados)} actualizados."]
    if hecho.creados:
        lineas.append("  nuevos: " + " ".join(hecho.creados))
    if hecho.ajenos:
        lineas.append("  sin tocar, porque ya existen y son de otra integración: " + ", ".join(hecho.ajenos))
    lineas.append(f"Guardé sus tokens en {env} (MATTERMOST_TOKENS). Reinicia `asistente servir` para que los use.")
    if definida_en_el_entorno("MATTERMOST_TOKENS"):
        lineas.append("Ojo: MATTERMOST_TOKENS también está en el entorno, que manda sobre .env; cámbiala ahí por:\n"
                      f"  MATTERMOST_TOKENS={valor}")
    print("\n".join(lineas))
    return 0


def avisar_sin_municipio(config: Config) -> None:
    """Sin municipio o estado los boletines dicen «H. Ayuntamiento» a secas: se avisa al arrancar."""
    faltan = [v for v, valor in (("ASISTENTE_MUNICIPIO", config.municipio), ("ASISTENTE_ESTADO", config.estado))
              if not valor]
    if faltan:
        sin = "municipio ni estado" if len(faltan) == 2 else faltan[0].removeprefix("ASISTENTE_").lower()
        logging.getLogger("asistente").warning(
            "%s %s: los boletines dirán «H. Ayuntamiento» y su fecha irá sin %s. Fíjalo en .env "
            "(ASISTENTE_MUNICIPIO=Tlalchapa, ASISTENTE_ESTADO=Gro.) o un director desde el chat: "
            "/asistente config municipio Tlalchapa · /asistente config estado Gro.",
            "faltan" if len(faltan) == 2 else "falta", " y ".join(faltan), sin)


def _correr(args: argparse.Namespace, config: Config) -> int:
    # La demo es para leerse: solo avisos y errores en el registro, no cada publicación enviada.
    configurar_log("WARNING" if args.verbo == "demo" else config.nivel_log)
    if args.verbo in ("consola", "servir", "programador"):
        avisar_sin_municipio(config)
    if args.verbo == "consola":
        return consola(config, args.usuario, args.guion)
    if args.verbo == "demo":
        return demo()
    if args.verbo == "bd":
        actualizar(config.bd)
        print("Base de datos al día.")
        return 0
    if args.verbo == "servir":
        if args.procesos is not None and args.procesos < 1:
            raise ErrorDeConfiguracion(f"--procesos debe ser al menos 1, no {args.procesos}.")
        return servir(config, args.puerto, args.anfitrion, args.procesos)
    if args.verbo == "programador":
        return programar(config, una_vez=args.una_vez, ahora=args.ahora)
    if args.verbo in ("respaldo", "verificar"):
        revisar_esquema(config.bd)
        return respaldo(config, args.destino) if args.verbo == "respaldo" else verificar(config)
    if args.verbo == "entrega-recepcion":
        return _entrega(config, args.destino, args.espacio)
    if args.verbo == "manifiesto":
        if args.instalar or args.token_admin:
            if args.plataforma != "mattermost":
                raise ErrorDeConfiguracion("--instalar es para Mattermost; en Slack la app se crea desde el manifiesto.")
            return instalar_en_mattermost(config, args.token_admin, args.url)
        imprimir = imprimir_slack if args.plataforma == "slack" else imprimir_mattermost
        return int(imprimir(config, args.url))
    raise AssertionError(args.verbo)


def _entrega(config: Config, destino: str, espacio: str) -> int:
    revisar_esquema(config.bd)
    try:
        hecho = entrega_recepcion(config, destino, espacio, ahora=datetime.now(config.tz))
    except ErrorDeUsuario as error:
        print(f"asistente: {error.mensaje}", file=sys.stderr)
        return 2
    print(f"Entrega-recepción lista en {hecho.destino}: {cuantos(hecho.archivos, 'archivo')} ({hecho.tamanio / 1_000_000:,.1f} MB), "
          f"inventarios de {', '.join(map(str, hecho.anios)) or 'ningún año'}, acta en PDF. "
          f"Compruébala con: cd {hecho.destino} && sha256sum -c manifiesto.sha256")
    return 0


if __name__ == "__main__":
    raise SystemExit(principal())
