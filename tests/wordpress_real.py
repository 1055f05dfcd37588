"""Un WordPress de verdad para las pruebas (ver /work/shared/notas/wordpress-local.md): el de los paquetes
de Debian, servido por ``php -S`` en un puerto libre, contra la MariaDB de la máquina (127.0.0.1:3306,
root sin contraseña), instalado desde php-cli con una contraseña de aplicación.

``asegurar_paquetes()`` instala ``wordpress``, ``php-cli``, ``php-mysql`` y el tema twentytwentythree con
apt-get si faltan (hace falta ser root); si no se puede, devuelve el motivo y la prueba se salta
diciéndolo. Cada sitio tiene su base, su ``wp-content`` y su archivo ``/etc/wordpress/config-<nombre>.php``,
y se borra todo al terminar.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

RAIZ_WP = Path("/usr/share/wordpress")
PAQUETES = ("wordpress", "php-cli", "php-mysql", "wordpress-theme-twentytwentythree")
MARIADB = ("127.0.0.1", 3306)


def _falta_algo() -> bool:
    return not (RAIZ_WP / "wp-load.php").is_file() or shutil.which("php") is None or \
        not (RAIZ_WP / "wp-content" / "themes" / "twentytwentythree").is_dir() or not _php_tiene_mysql()


def _php_tiene_mysql() -> bool:
    if shutil.which("php") is None:
        return False
    r = subprocess.run(["php", "-r", "echo extension_loaded('mysqli') ? 'si' : 'no';"], capture_output=True, text=True)
    return r.stdout.strip() == "si"


def asegurar_paquetes() -> str:
    """Instala lo que falte; devuelve "" si todo está, o el motivo por el que no se pudo."""
    if not _falta_algo():
        return ""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return "faltan los paquetes de Debian " + ", ".join(PAQUETES) + " y no hay apt-get como root para instalarlos"
    entorno = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    orden = ["apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", *PAQUETES]
    r = subprocess.run(orden, capture_output=True, text=True, env=entorno, timeout=900)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True, env=entorno, timeout=600)
        r = subprocess.run(orden, capture_output=True, text=True, env=entorno, timeout=900)
    if r.returncode != 0 or _falta_algo():
        return f"apt-get no pudo instalar {' '.join(PAQUETES)}: {(r.stderr or r.stdout).strip()[-300:]}"
    return ""


def mariadb_disponible() -> str:
    try:
        with socket.create_connection(MARIADB, timeout=2):
            pass
    except OSError as error:
        return f"no hay MariaDB en {MARIADB[0]}:{MARIADB[1]} ({error})"
    if shutil.which("mysql") is None and shutil.which("mariadb") is None:
        return "no está el cliente mysql para crear la base de prueba"
    return ""


def _sql(orden: str) -> None:
    cliente = shutil.which("mariadb") or shutil.which("mysql") or "mysql"
    subprocess.run([cliente, "-h", MARIADB[0], "-P", str(MARIADB[1]), "-uroot", "-e", orden], check=True,
                   capture_output=True, timeout=60)


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_ROUTER = r"""<?php
$_SERVER['WORDPRESS_CONFIG'] = '%(nombre)s';
$ruta = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (strpos($ruta, '/wp-content/') === 0) {
    $archivo = realpath('%(sitio)s' . $ruta);
    if ($archivo !== false && strpos($archivo, '%(sitio)s/wp-content/') === 0 && is_file($archivo)) {
        $tipos = ['jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'css' => 'text/css',
                  'js' => 'application/javascript', 'svg' => 'image/svg+xml', 'woff2' => 'font/woff2'];
        $ext = strtolower(pathinfo($archivo, PATHINFO_EXTENSION));
        header('Content-Type: ' . ($tipos[$ext] ?? 'application/octet-stream'));
        readfile($archivo);
        return true;
    }
}
$real = '/usr/share/wordpress' . $ruta;
if ($ruta !== '/' && file_exists($real) && !is_dir($real)) {
    return false;
}
if (is_dir($real) && file_exists(rtrim($real, '/') . '/index.php') && $ruta !== '/') {
    return false;
}
chdir('/usr/share/wordpress');
require '/usr/share/wordpress/index.php';
"""

_CONFIG = r"""<?php
define('DB_NAME', '%(base)s');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('WP_HOME', '%(url)s');
define('WP_SITEURL', '%(url)s');
define('WP_CONTENT_DIR', '%(sitio)s/wp-content');
define('WP_CONTENT_URL', '%(url)s/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('AUTH_KEY', '%(sal)s1'); define('SECURE_AUTH_KEY', '%(sal)s2'); define('LOGGED_IN_KEY', '%(sal)s3');
define('NONCE_KEY', '%(sal)s4'); define('AUTH_SALT', '%(sal)s5'); define('SECURE_AUTH_SALT', '%(sal)s6');
define('LOGGED_IN_SALT', '%(sal)s7'); define('NONCE_SALT', '%(sal)s8');
$table_prefix = 'wp_';
"""

_INSTALAR = r"""<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1:%(puerto)d';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['WORDPRESS_CONFIG'] = '%(nombre)s';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Ayuntamiento de Prueba', '%(usuario)s', 'prensa@example.com', true, '', '%(clave_entrar)s', 'es_MX');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%%year%%/%%monthnum%%/%%postname%%/');
flush_rewrite_rules(false);
$usuario = get_user_by('login', '%(usuario)s');
$creada = WP_Application_Passwords::create_new_application_password($usuario->ID, array('name' => 'asistente'));
if (is_wp_error($creada)) { fwrite(STDERR, $creada->get_error_message()); exit(1); }
echo "CLAVE:" . $creada[0] . "\n";
"""


@dataclass
class SitioWordPress:
    url: str
    usuario: str
    clave: str  # la contraseña de aplicación
    nombre: str
    base: str
    sitio: Path
    proceso: subprocess.Popen[bytes]

    def detener(self) -> None:
        try:
            os.killpg(self.proceso.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proceso.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proceso.pid, signal.SIGKILL)
            self.proceso.wait(timeout=10)
        Path(f"/etc/wordpress/config-{self.nombre}.php").unlink(missing_ok=True)
        try:
            _sql(f"DROP DATABASE IF EXISTS `{self.base}`")
        except subprocess.CalledProcessError:
            pass


def levantar(carpeta: Path) -> SitioWordPress:
    """Un sitio nuevo, instalado y sirviendo; quien lo pide llama a ``detener()``."""
    nombre = f"asistente{secrets.token_hex(4)}"
    base = f"wp_{nombre}"
    puerto = _puerto_libre()
    url = f"http://127.0.0.1:{puerto}"
    sitio = carpeta.resolve()
    (sitio / "wp-content" / "uploads").mkdir(parents=True, exist_ok=True)
    (sitio / "wp-content" / "themes").symlink_to(RAIZ_WP / "wp-content" / "themes")
    (sitio / "wp-content" / "plugins").mkdir(exist_ok=True)
    valores = {"nombre": nombre, "sitio": str(sitio), "url": url, "base": base, "puerto": puerto,
               "sal": secrets.token_hex(16), "usuario": "prensa", "clave_entrar": secrets.token_hex(8)}
    Path("/etc/wordpress").mkdir(parents=True, exist_ok=True)
    Path(f"/etc/wordpress/config-{nombre}.php").write_text(_CONFIG % valores)
    (sitio / "router.php").write_text(_ROUTER % valores)
    (sitio / "instalar.php").write_text(_INSTALAR % valores)
    _sql(f"CREATE DATABASE `{base}` CHARACTER SET utf8mb4")
    instalado = subprocess.run(["php", str(sitio / "instalar.php")], capture_output=True, text=True, timeout=120)
    clave = next((linea[6:] for linea in instalado.stdout.splitlines() if linea.startswith("CLAVE:")), "")
    if instalado.returncode != 0 or not clave:
        Path(f"/etc/wordpress/config-{nombre}.php").unlink(missing_ok=True)
        _sql(f"DROP DATABASE IF EXISTS `{base}`")
        raise RuntimeError(f"no se pudo instalar WordPress: {instalado.stdout[-500:]} {instalado.stderr[-500:]}")
    proceso = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{puerto}", "-t", str(RAIZ_WP), str(sitio / "router.php")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=dict(os.environ, PHP_CLI_SERVER_WORKERS="4"),
    )
    sitio_wp = SitioWordPress(url, "prensa", clave, nombre, base, sitio, proceso)
    limite = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/wp-json/", timeout=5).status_code == 200:
                return sitio_wp
        except httpx.TransportError:
            pass
        if time.monotonic() > limite or proceso.poll() is not None:
            sitio_wp.detener()
            raise RuntimeError("WordPress no empezó a contestar en 30 s")
        time.sleep(0.2)
