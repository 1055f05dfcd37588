"""``asistente demo``: una semana de una oficina de prensa, jugada en la consola.

Todo ocurre en una carpeta nueva (base SQLite, archivo de fotos, PDF) que la demo nombra al final, con
un reloj propio: la semana del lunes 2 de marzo de 2026 en Tlalchapa, Gro. Las líneas que «escribe»
el equipo son las mismas que se escriben en Slack, Mattermost o ``asistente consola``.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from asistente.datos.bd import transaccion
from asistente.enlaces.firmas import crear as crear_enlace
from asistente.enlaces.firmas import url_de
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.plataformas.consola.consola import Consola
from asistente.portal.web import crear_wsgi as wsgi_portal
from asistente.procesos.app import crear_app
from asistente.procesos.consola import conectar_archivo
from asistente.procesos.correo import cartero_de, vaciar_buzon
from asistente.procesos.falsos.graph import FalsoGraph
from asistente.procesos.falsos.wordpress import FalsoWordPress
from asistente.procesos.smtp_demo import SMTPDeDemo
from asistente.programador import correr_pasada
from modelos import Asignacion, CorreoSaliente, Evento, Persona

ZONA = "America/Mexico_City"
# El portal de la demo: `asistente servir` en este puerto, con este secreto, abre los enlaces que imprime.
PUERTO_PORTAL = 3000
SECRETO_DEMO = "secreto-de-la-demo"


@dataclass


class Demo:
    carpeta: Path
    salida: TextIO = field(default_factory=lambda: sys.stdout)
    ahora: datetime = datetime(2026, 3, 2, 8, 0)
    puerto_smtp: int = 0  # el SMTP local de la demo; 0: sin correo

    def __post_init__(self) -> None:
        # Una página de Facebook y un sitio WordPress de mentira, aquí mismo: la demo publica sin internet.
        self.graph = FalsoGraph(pagina="AyuntamientoTlalchapa")
        self.graph.iniciar()
        self.wordpress = FalsoWordPress()
        self.wordpress.iniciar()
        self.config = Config(
            bd=f"sqlite:///{self.carpeta / 'asistente.db'}", archivo=self.carpeta / "archivo", zona=ZONA,
            canal="prensa", municipio="Tlalchapa", estado="Gro.", hashtags="#Tlalchapa #GobiernoDeTlalchapa",
            facebook_pagina=self.graph.pagina, facebook_token=self.graph.token, facebook_api_url=self.graph.url,
            wordpress_url=self.wordpress.base, wordpress_usuario=self.wordpress.usuario,
            wordpress_clave=self.wordpress.clave,
            smtp_url=f"smtp://127.0.0.1:{self.puerto_smtp}" if self.puerto_smtp else "",
            correo_remitente="Comunicación Social Tlalchapa <prensa@tlalchapa.gob.mx>",
            contacto="Lic. Laura Méndez, 767 123 4567", url_publica=f"http://127.0.0.1:{PUERTO_PORTAL}",
            secreto=SECRETO_DEMO,
            # El membrete de un municipio de ejemplo, todo desde ajustes (ASISTENTE_CABEZA, ASISTENTE_LEMA…).
            cabeza="Presidenta Municipal", administracion="2024-2027", lema="Tlalchapa, tierra que trabaja",
            domicilio="Plaza de la Constitución s/n, Centro, Tlalchapa, Gro.", telefono="767 123 4567",
            correo_prensa="prensa@tlalchapa.gob.mx", web="tlalchapa.gob.mx", redes="@GobTlalchapa",
        )
        self.app: Aplicacion = crear_app(self.config, migrar=True)
        self.ahora = self.ahora.replace(tzinfo=self.config.tz)
        self.consola = Consola(
            config=self.config, despachador=self.app.despachador, usuario="Laura", reloj=lambda: self.ahora,
            salida=self.salida,
        )
        conectar_archivo(self.consola, self.app)

    # --- guion ---------------------------------------------------------------------------------

    def escena(self, titulo: str, cuando: datetime | None = None) -> None:
        if cuando is not None:
            self.ahora = cuando.replace(tzinfo=self.config.tz)
        self._escribir(f"\n━━━ {titulo} ━━━")

    def di(self, usuario: str, *lineas: str) -> None:
        self.consola.usuario = usuario
        for linea in lineas:
            self._escribir(f"\n{usuario}> {linea}")
            self.consola.linea(linea)

    def numero(self, titulo: str) -> int:
        """El número que recibió un evento del guion (depende de cuántos se registraron antes)."""
        with self.app.fabrica() as session:
            return session.scalars(select(Evento.numero).where(Evento.titulo == titulo)).one()

    def asignacion(self, titulo: str, usuario: str, rol: str) -> int:
        with self.app.fabrica() as session:
            return session.scalars(
                select(Asignacion.id).join(Evento, Evento.id == Asignacion.evento_id)
                .join(Persona, Persona.id == Asignacion.persona_id)
                .where(Evento.titulo == titulo, Persona.usuario_id == usuario, Asignacion.rol == rol)
            ).one()

    def programador(self) -> None:
        """Una pasada del programador en este instante: lo que publique sale en la misma consola."""
        resumen = correr_pasada(self.app, self.ahora, {"consola": self.consola})
        if not resumen.enviadas:
            self._escribir("(el programador no tenía nada que publicar a esta hora)")

    def correo(self) -> None:
        """La bandeja de salida en este instante (lo que hacen `asistente servir` y el programador)."""
        vaciado = vaciar_buzon(self.app, cartero_de(self.config), self.ahora)
        self._escribir(f"({vaciado or 'correo sin configurar'})")

    def confirma_en_el_portal(self, correo: str, asistentes: str) -> None:
        """Quien recibió la invitación pulsa «Asistiremos» en el portal (la misma petición que hace su navegador)."""
        with self.app.fabrica() as session:
            cuerpo = session.scalars(select(CorreoSaliente.cuerpo).where(CorreoSaliente.correo == correo)).one()
        enlace = re.search(r"http\S+/portal/invitacion/\S+", cuerpo)
        assert enlace is not None, "la invitación lleva su enlace de confirmación"
        ruta = enlace.group(0).removeprefix(self.config.url_publica)
        formulario = f"respuesta=si&asistentes={asistentes.replace(' ', '+')}".encode()
        estado: list[str] = []
        wsgi_portal(self.app, reloj=lambda: self.ahora)(
            {"REQUEST_METHOD": "POST", "PATH_INFO": ruta, "CONTENT_LENGTH": str(len(formulario)),
             "wsgi.input": io.BytesIO(formulario)}, lambda s, _h: estado.append(s))
        self._escribir(f"\n({correo} abre su enlace y pulsa «Asistiremos» → {estado[0]}: {ruta[:40]}…)")

    def llena(self, usuario: str, linea: str, *respuestas: str) -> None:
        """Un comando que abre un formulario, contestado campo por campo («» deja el valor sugerido)."""
        pendientes = list(respuestas)

        def preguntar(pregunta: str) -> str:
            if not pendientes:
                raise EOFError
            respuesta = pendientes.pop(0)
            self._escribir(f"  {pregunta}{respuesta if respuesta else '(sin cambios)'}")
            return respuesta

        anterior = self.consola.preguntar
        self.consola.preguntar = preguntar
        try:
            self.di(usuario, linea)
        finally:
            self.consola.preguntar = anterior

    def _escribir(self, texto: str) -> None:
        print(texto, file=self.salida, flush=True)

    def cerrar(self) -> None:
        self.app.motor.dispose()
        self.graph.detener()
        self.wordpress.detener()


def jugar(demo: Demo) -> None:
    d = demo
    d.escena("Lunes 2 de marzo, 8:00 — la directora arma su equipo", datetime(2026, 3, 2, 8, 0))
    d.di("Laura", "/ayuda")
    d.di("Ana", "/equipo")
    d.di("Beto", "/equipo")
    d.di("Carla", "/equipo")
    d.di("Laura", "/equipo rol @ana foto", "/equipo rol @beto video,redes", "/equipo rol @carla redaccion,diseño", "/equipo")

    d.escena("Lunes 9:00 — la agenda de la semana")
    d.di(
        "Laura",
        "/agenda nueva Inauguración de la cancha de usos múltiples | jueves 5 de marzo de 10 a 12 | Col. Centro | Obras Públicas | alta",
        "/agenda nueva Sesión ordinaria de cabildo | mañana a las 12 | Sala de cabildo | Secretaría del Ayuntamiento",
        "/agenda nueva Entrega de uniformes escolares | miércoles 9 de la mañana | Esc. Prim. Benito Juárez | Educación | media",
        "/agenda nueva Feria del elote | 15 de marzo | Plaza principal | Turismo | baja",
        "/agenda semana",
        "/agenda ver 1",
        "/agenda mover 3 el miércoles a las 10",
    )
    sala_de_prensa(d)
    cobertura(d)
    programador(d)
    escena_fotos(d)
    escena_boletin(d)
    escena_monitoreo(d)
    escena_solicitud(d)
    escena_transparencia(d)
    escena_informe(d)


def sala_de_prensa(d: Demo) -> None:
    """El directorio de medios y la invitación a la inauguración, por correo y con confirmación."""
    d.escena("Lunes 9:30 — los medios de la región y la invitación a la inauguración", datetime(2026, 3, 2, 9, 30))
    d.di(
        "Laura",
        "/medios agregar El Sol de Tierra Caliente | periódico | María López | maria.lopez@elsol.example | 767 100 2000",
        "/medios agregar Radio Altamirano | radio | Juan Pérez | noticias@radioaltamirano.example",
        "/medios agregar Noticias Tlalchapa | redes | Pedro Ruiz",
        "/medios",
    )
    d.di("Carla", "/medios")  # quien no dirige ve los datos personales enmascarados
    inauguracion = d.numero("Inauguración de la cancha de usos múltiples")
    d.di("Laura", f"/invitacion {inauguracion}", f"/invitacion enviar {inauguracion} todos")
    d.correo()
    d.escena("Lunes 9:45 — El Sol confirma desde el teléfono de su reportera", datetime(2026, 3, 2, 9, 45))
    d.confirma_en_el_portal("maria.lopez@elsol.example", "María López y un fotógrafo")
    d.di("Laura", f"/invitacion estado {inauguracion}")


def cobertura(d: Demo) -> None:
    """La directora reparte la cobertura; cada quien contesta con los botones de su mensaje directo."""
    cabildo = "Sesión ordinaria de cabildo"
    d.escena("Lunes 10:00 — ¿quién cubre qué?", datetime(2026, 3, 2, 10, 0))
    n = d.numero(cabildo)
    d.di("Laura", f"/cobertura sugerir {n}", f"/cobertura asignar {n} @carla redaccion")
    d.di("Carla", "/boton 2")  # No puedo
    d.di("Carla", f"/cobertura motivo {d.asignacion(cabildo, 'carla', 'redacción')} tengo cita en el IMSS a esa hora")
    d.di("Laura", f"/cobertura asignar {n} @beto redes,video @ana foto")
    d.di("Ana", "/boton 1")  # Acepto
    d.di("Laura", "/agenda nueva Rueda de prensa de la Presidenta Municipal | mañana a las 13 | Presidencia municipal")
    d.di("Laura", f"/cobertura asignar {d.numero('Rueda de prensa de la Presidenta Municipal')} @ana foto")
    d.di("Laura", "/cobertura pendientes", "/agenda mañana")
    d.di("Ana", "/cobertura mía")


def programador(d: Demo) -> None:
    """Lo que el programador publica solo, sin que nadie escriba nada."""
    d.escena("Lunes 10:30 — el programador publica solo en #prensa: la agenda del día (atrasada) y el resumen semanal", datetime(2026, 3, 2, 10, 30))
    d.programador()
    d.escena("Martes 3 de marzo, 7:00 — la agenda del día llega sola", datetime(2026, 3, 3, 7, 0))
    d.programador()
    d.escena("Martes 11:00 — una hora antes del cabildo, cada quien recibe su recordatorio", datetime(2026, 3, 3, 11, 0))
    d.programador()


def escena_boletin(d: Demo) -> None:
    """El jueves, después de la inauguración: el boletín numerado, su aprobación y el PDF."""
    d.escena("Jueves 5 de marzo, 13:00 — el boletín de la inauguración", datetime(2026, 3, 5, 13, 0))
    d.di("Carla", f"/boletin borrador {d.numero('Inauguración de la cancha de usos múltiples')}")
    d.llena(
        "Carla", "/boletin editar 1",
        "Inauguran la cancha de usos múltiples de la Col. Centro",
        "",
        "Niñas, niños y jóvenes de la Col. Centro ya tienen dónde jugar: el H. Ayuntamiento inauguró la cancha "
        "de usos múltiples, con una inversión de 1.2 millones de pesos de Obras Públicas. ¿Quién estrenó la "
        "cancha? ¡Los equipos de básquetbol de la secundaria!",
    )
    d.escena("Jueves 13:40 — la directora lo aprueba y pide el PDF para los medios", datetime(2026, 3, 5, 13, 40))
    d.di("Laura", "/boletin aprobar 1", "/boletin pdf 1")
    d.escena("Jueves 13:45 — a Facebook y al sitio web del ayuntamiento (de mentira, aquí mismo), y el kit de WhatsApp",
             datetime(2026, 3, 5, 13, 45))
    d.di("Laura", "/difusion 1", "/difusion publicar 1 todo", "/difusion kit 1", "/parrilla")
    d.escena("Jueves 13:50 — el boletín a los medios: texto, PDF y un enlace a las fotos originales", datetime(2026, 3, 5, 13, 50))
    d.di("Laura", "/boletin enviar 1 todos")
    d.correo()
    d.escena("Viernes 6 de marzo, 9:00 — dónde más apareció", datetime(2026, 3, 6, 9, 0))
    d.di("Beto", "/boletin publicar 1 https://www.elsol.example/local/inauguran-cancha")
    d.di("Laura", "/boletin acuses 1")
    d.di("Laura", "/boletin historial 1", "/boletin lista", "/agenda ver 1")  # el evento, con sus fotos y su boletín


def escena_monitoreo(d: Demo) -> None:
    """El viernes temprano: lo que publicaron los medios, la síntesis para la presidencia y una aclaración."""
    d.escena("Viernes 10:00 — lo que dijeron los medios: la síntesis informativa y una aclaración",
             datetime(2026, 3, 6, 10, 0))
    d.di(
        "Beto",
        "/nota impreso El Sol de Tierra Caliente | Inauguran la cancha de usos múltiples de la Col. Centro | página 3 | positiva",
        "/nota radio Radio Altamirano | Vecinos de la Col. Centro piden alumbrado en la cancha | noticiero de las 8:00 | negativa",
        "/nota tema 2 alumbrado",
    )
    d.di("Laura", "/sintesis", "/aclaracion 2")


def escena_solicitud(d: Demo) -> None:
    """Una solicitud del DIF: el cartel de la jornada de vacunación, de la petición a la aprobación."""
    d.escena("Viernes 11:00 — el DIF pide un cartel para la jornada de vacunación", datetime(2026, 3, 6, 11, 0))
    d.di("Laura", "/solicitud nueva DIF Municipal | cartel | lunes 9 de marzo | Cartel de la jornada de vacunación "
                  "| 60 x 90 cm | 20")
    d.di("Laura", "/solicitud asignar S-001 @carla")
    d.escena("Viernes 15:00 — Carla lo entrega y la directora lo aprueba", datetime(2026, 3, 6, 15, 0))
    d.di("Carla", "/solicitud entregar S-001")
    d.di("Laura", "/solicitud aprobar S-001", "/solicitud ver S-001")


def escena_transparencia(d: Demo) -> None:
    """El gasto en comunicación del trimestre, para el SIPOT: campaña, contrato, factura y el formato."""
    d.escena("Viernes 16:00 — transparencia: la campaña del predial, su contrato y el avance del trimestre",
             datetime(2026, 3, 6, 16, 0))
    d.di(
        "Laura",
        "/campana nueva Predial 2026 | campaña | Pago oportuno del impuesto predial | del 1 de enero al 31 de marzo de 2026",
        "/contrato nuevo Editora del Sur SA de CV | ESU010203AB1 | CS-001-2026 | Inserciones en periódico impreso "
        "| 10,000 + IVA | Predial 2026",
        "/factura CS-001-2026 A-100 5,800",
        "/transparencia trimestre 1",
        "/archivo clasificacion",
    )


def escena_informe(d: Demo) -> None:
    """El viernes: las metas del programa anual, su avance y el informe del mes para planeación."""
    d.escena("Viernes 6 de marzo, 17:00 — las metas del POA y el informe del mes para planeación",
             datetime(2026, 3, 6, 17, 0))
    d.di(
        "Laura",
        "/poa meta nueva Boletines informativos | boletines | 150 | cuenta: boletines",
        "/poa meta nueva Cobertura de eventos | eventos | 200 | cuenta: eventos cubiertos",
        "/poa meta nueva Banco de fotos | fotos | 2400 | cuenta: fotos",
        "/poa meta nueva Publicaciones oficiales | publicaciones | 300 | cuenta: publicaciones",
        "/poa meta nueva Invitaciones a medios | invitaciones | 40 | cuenta: invitaciones",
        "/poa meta nueva Foros ciudadanos | foros | 12 | cuenta: manual",
        "/poa meta nueva Diseños para las áreas | diseños | 120 | cuenta: solicitudes entregadas",
        "/poa meta nueva Monitoreo de medios | notas | 600 | cuenta: notas",
    )
    d.di("Carla", "/poa registrar 6 1 foro vecinal de la Col. Centro")
    d.di("Laura", "/poa avance", "/informe mes")


def informes_de(config: Config) -> list[Path]:
    return sorted(p for p in (config.archivo / "informes").glob("*/*/informe-*.*") if p.suffix in (".pdf", ".xlsx"))


def pdfs_de_boletines(config: Config) -> list[Path]:
    return sorted((config.archivo / "boletines").glob("*/*.pdf"))


def foto_de_demo(ruta: Path, capturado: str | None, semilla: int) -> Path:
    """Una foto JPEG de verdad, con EXIF de cámara y hora de captura, como la que sube Ana."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (2400, 1600), (40 + semilla * 30, 110, 160 - semilla * 20))
    dibujo = ImageDraw.Draw(img)
    dibujo.rectangle((200 + semilla * 150, 900, 900 + semilla * 150, 1400), fill=(30, 140, 60))
    dibujo.ellipse((1600, 200, 2000, 600), fill=(250, 220, 90))
    exif = Image.Exif()
    exif[271], exif[272] = "Nikon", "Nikon D7500"
    if capturado:
        exif.get_ifd(0x8769)[36867] = capturado
    ruta.parent.mkdir(parents=True, exist_ok=True)
    img.save(ruta, "JPEG", quality=85, exif=exif)
    return ruta


def escena_fotos(d: "Demo") -> None:
    d.escena("Jueves 5 de marzo, 12:30 — Ana suelta las fotos de la inauguración", datetime(2026, 3, 5, 12, 30))
    tarjeta = d.carpeta / "tarjeta-de-ana"
    for i, minuto in enumerate((5, 20, 41), 1):
        foto_de_demo(tarjeta / "inauguracion" / f"DSC_{i:04d}.jpg", f"2026:03:05 10:{minuto:02d}:00", i)
    foto_de_demo(tarjeta / "DSC_0004.jpg", "2026:03:05 11:30:00", 4)  # sin #N: la hora de captura lo dice
    foto_de_demo(tarjeta / "IMG_0005.jpg", None, 5)  # sin EXIF y fuera de todo horario
    d.di(
        "Ana",
        f"/subir {tarjeta / 'inauguracion'} #1",
        f"/subir {tarjeta / 'inauguracion' / 'DSC_0001.jpg'} #1",
        f"/subir {tarjeta / 'DSC_0004.jpg'}",
        f"/subir {tarjeta / 'IMG_0005.jpg'}",
        "/boton 1",
        "/archivo pie 1 La presidenta municipal corta el listón de la cancha de usos múltiples",
        "/archivo evento 1",
        "/archivo buscar liston",
    )


def enlace_de_hoy(d: Demo) -> str:
    """Un enlace a la galería de la inauguración que vale desde hoy de verdad (el reloj de la demo es
    de marzo de 2026: sus enlaces ya habrían vencido)."""
    ahora = datetime.now(d.config.tz)
    with transaccion(d.app.fabrica) as session:
        evento = session.scalars(select(Evento).where(Evento.titulo == "Inauguración de la cancha de usos múltiples")).one()
        enlace = crear_enlace(session, espacio_id=evento.espacio_id, tipo="galeria_evento", objeto_id=evento.id,
                              ahora=ahora, dias=d.config.portal_dias)
        return url_de(d.config, enlace)


def demo(carpeta: Path | None = None, salida: TextIO | None = None) -> int:
    carpeta = carpeta or Path(tempfile.mkdtemp(prefix="asistente-demo-"))
    carpeta.mkdir(parents=True, exist_ok=True)
    with SMTPDeDemo(carpeta / "correos") as smtp:
        d = Demo(carpeta, salida=salida or sys.stdout, puerto_smtp=smtp.puerto)
        jugar(d)
        recibidos = smtp.recibidos
    pdfs = "".join(f"  boletín (PDF)  {ruta}\n" for ruta in pdfs_de_boletines(d.config))
    pdfs += "".join(f"  informe ({ruta.suffix[1:].upper()}){' ' * (6 - len(ruta.suffix))}{ruta}\n" for ruta in informes_de(d.config))
    enlaces = "".join(f"  Facebook       {p.permalink}  ({len(p.attached_media)} fotos)\n" for p in d.graph.publicaciones)
    enlaces += "".join(f"  sitio web      {e.link}  (entrada «{e.title}»)\n" for e in d.wordpress.entradas)
    db = carpeta / "asistente.db"
    d._escribir(
        f"\n━━━ Fin de la semana ━━━\nTodo quedó en {carpeta}:\n"
        f"  base de datos  {db}\n  archivo        {d.config.archivo}  (fotos por año, mes y evento)\n{pdfs}"
        f"  correos        {len(recibidos)} recibidos por el SMTP local de la demo (127.0.0.1:{smtp.puerto}), "
        f"guardados como .eml en {carpeta / 'correos'}\n"
        f"Lo publicado (en la Graph API y el WordPress de mentira que la demo levantó y ya apagó):\n{enlaces}"
        f"Ábrelo tú mismo: ASISTENTE_BD=sqlite:///{db} asistente consola\n"
        f"La galería de la inauguración en el portal (fotos, originales y ZIP):\n"
        f"  ASISTENTE_BD=sqlite:///{db} ASISTENTE_ARCHIVO={d.config.archivo} ASISTENTE_SECRETO={SECRETO_DEMO} "
        f"ASISTENTE_URL_PUBLICA={d.config.url_publica} asistente servir --puerto {PUERTO_PORTAL}\n"
        f"  y abre {enlace_de_hoy(d)}"
    )
    d.cerrar()
    return 0
