"""``asistente manifiesto mattermost``: lo que la persona que administra Mattermost tiene que crear
(comandos slash, cuenta bot) y qué valor va en qué variable."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from asistente.nucleo.config import Config
from asistente.nucleo.texto import recortar
from comandos import registro


def _primera_linea(texto: str) -> str:
    for linea in (texto or "").strip().splitlines():
        if linea.strip():
            return linea.strip()
    return ""


def definiciones(base: str) -> list[dict[str, Any]]:
    """Cada comando slash como lo pide la API de Mattermost (``model.Command``), para ``base`` (la URL
    pública de ``asistente servir``): lo mismo que el paso 2 de las instrucciones impresas."""
    comandos: list[dict[str, Any]] = []
    for nombre, modulo in registro().items():
        resumen = str(getattr(modulo, "RESUMEN", "") or _primera_linea(modulo.__doc__ or ""))
        uso = str(getattr(modulo, "USO", "") or "")
        partes = (parte.strip().removeprefix(f"/{nombre}").strip() for parte in uso.split("·"))
        pista = " · ".join(p for p in partes if p) or "ayuda"
        comandos.append({
            "trigger": nombre, "display_name": recortar(nombre.capitalize(), 64),
            "description": recortar(resumen, 128), "url": f"{base.rstrip('/')}/mattermost/comandos", "method": "P",
            "auto_complete": True, "auto_complete_hint": recortar(pista, 100),
            "auto_complete_desc": recortar(resumen, 100), "username": "", "icon_url": "",
        })
    return comandos


def imprimir(config: Config, url: str, salida: TextIO | None = None) -> int:
    salida = salida or sys.stdout
    base = (url or config.url_publica or "https://ASISTENTE.EJEMPLO.GOB.MX").rstrip("/")
    l: list[str] = []
    l += [
        "Instalar el Asistente de Comunicación Social en Mattermost",
        "=" * 60,
        "",
        "1. Cuenta bot (Consola del Sistema → Integraciones → Cuentas bot → «Habilitar cuentas bot»: sí;",
        "   luego Integraciones → Cuentas bot → Agregar cuenta bot):",
        "   - Nombre de usuario: asistente · Nombre visible: Asistente de Comunicación Social",
        "   - Rol: Miembro; «post:all» y «post:channels» activados",
        "   - Copia el token de acceso → MATTERMOST_BOT_TOKEN",
        "   - Agrega el bot al equipo y a los canales donde se sueltan fotos y se publica la agenda.",
        "",
        "2. Comandos slash. En un paso, con el token de acceso personal de un administrador del sistema:",
        "     asistente manifiesto mattermost --instalar --token-admin TOKEN [--url https://…]",
        "   registra (o actualiza) todos en los equipos del bot y guarda sus tokens en .env (MATTERMOST_TOKENS).",
        "   A mano (Integraciones → Comandos slash → Agregar comando slash), uno por comando:",
        "",
    ]
    for c in definiciones(base):
        l += [
            f"   /{c['trigger']}",
            f"     Título: {c['display_name']}",
            f"     Descripción: {c['description']}",
            f"     Palabra clave: {c['trigger']}",
            f"     URL de la petición: {c['url']}",
            "     Método de la petición: POST",
            "     Autocompletar: sí",
            f"     Pista de autocompletar: {c['auto_complete_hint']}",
            f"     Descripción de autocompletar: {c['auto_complete_desc']}",
            "",
        ]
    l += [
        "   Al guardar cada comando Mattermost muestra su token: júntalos todos, separados por comas,",
        "   en MATTERMOST_TOKENS, cada uno con el id de su equipo delante (equipo:token).",
        "",
        "3. Variables del asistente (entorno o archivo .env):",
        f"   MATTERMOST_URL={config.mattermost_url or 'https://chat.municipio.gob.mx'}   (la dirección de Mattermost)",
        "   MATTERMOST_BOT_TOKEN=…   (el token de la cuenta bot, paso 1)",
        "   MATTERMOST_TOKENS=equipo:…,equipo:…   (los tokens de los comandos slash, paso 2)",
        f"   ASISTENTE_URL_PUBLICA={base}   (donde Mattermost alcanza a `asistente servir`; obligatoria)",
        "",
        "4. Consola del Sistema:",
        "   - Integraciones → Integraciones personalizadas: «Habilitar comandos slash personalizados» y",
        "     «Habilitar cuentas bot»: sí.",
        "   - Si el asistente corre en la misma máquina o en la red interna (localhost, 10.x, 192.168.x),",
        "     Entorno → Desarrollador → «Permitir conexiones internas no confiables a»: agrega su",
        "     dirección (p. ej. asistente.local o 127.0.0.1); si no, Mattermost no le llama.",
        "",
        "5. Arranca el asistente: `asistente servir` (y `asistente programador` para la agenda del día,",
        "   el resumen semanal y los recordatorios). Prueba con /ayuda en cualquier canal.",
    ]
    print("\n".join(l), file=salida)
    return 0
