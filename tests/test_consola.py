"""La consola como la usa una oficina nueva: campos de varias líneas, obligatorios revisados al
contestar, el texto actual a la vista al editar, ``@nombre`` desconocido que se pregunta, ``/boton``
solo con la última respuesta y el Markdown dibujado para la terminal."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.plataformas.consola.consola import Consola, para_terminal
from modelos import Boletin, Evento, Persona
from tests.conftest import ZONA

AHORA = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)


class Teclado:
    """Lo que la persona teclea, línea por línea, y lo que vio en cada pregunta."""

    def __init__(self, *lineas: str) -> None:
        self.lineas: Iterator[str] = iter(lineas)
        self.preguntas: list[str] = []

    def __call__(self, pregunta: str) -> str:
        self.preguntas.append(pregunta)
        try:
            return next(self.lineas)
        except StopIteration:
            raise EOFError from None


def consola(app: Aplicacion, usuario: str = "Laura") -> tuple[Consola, io.StringIO]:
    salida = io.StringIO()
    c = Consola(config=app.config, despachador=app.despachador, usuario=usuario, reloj=lambda: AHORA, salida=salida)
    return c, salida


def teclea(c: Consola, linea: str, *respuestas: str) -> Teclado:
    teclado = Teclado(*respuestas)
    c.preguntar = teclado
    c.linea(linea)
    return teclado


def test_el_cuerpo_del_boletin_en_varias_lineas_y_el_texto_actual_a_la_vista(app: Aplicacion) -> None:
    c, salida = consola(app)
    c.linea("/agenda nueva Inauguración de la cancha | mañana a las 10 | Col. Centro")
    c.linea("/boletin borrador 1")
    teclado = teclea(c, "/boletin editar 1",
                     "",  # titular: se queda
                     "- 120 familias beneficiadas", "- Inversión de 1.2 millones", ".",
                     "La Presidenta Municipal inauguró la cancha.", "", "Asistieron vecinos.\\nY la escuela.", ".")
    # Al editar se ve el texto actual antes de escribir el nuevo.
    texto = salida.getvalue()
    assert "Cuerpo, el texto actual:\n  │ Tlalchapa" not in texto  # la fecha no es parte del cuerpo
    assert "  │ El Presidente Municipal encabezó" in texto or "  │ El H. Ayuntamiento de Tlalchapa" in texto
    assert any("varias líneas; termina con una línea con solo «.»; Enter en la primera deja el texto actual" in p
               for p in teclado.preguntas)
    with app.fabrica() as s:
        b = s.scalars(select(Boletin)).one()
        assert b.resumen == "- 120 familias beneficiadas\n- Inversión de 1.2 millones"
        assert b.cuerpo == "La Presidenta Municipal inauguró la cancha.\n\nAsistieron vecinos.\nY la escuela."
        assert "\\n" not in b.cuerpo and b.titular == "Inauguración de la cancha"


def test_un_obligatorio_vacio_se_pregunta_en_el_momento(app: Aplicacion) -> None:
    c, salida = consola(app)
    teclado = teclea(c, "/agenda nueva", "", "Feria del elote", "mañana a las 17", "", "", "", "", "", "", "", "")
    assert "Título es obligatorio" in teclado.preguntas[1]
    assert teclado.preguntas[2].startswith("Cuándo *")  # sigue con el siguiente campo, sin esperar al final
    assert "Evento #1 registrado: Feria del elote" in salida.getvalue()


def test_un_ejemplo_no_se_presenta_como_valor(app: Aplicacion) -> None:
    c, salida = consola(app)
    teclado = teclea(c, "/agenda nueva", "Feria", "mañana a las 17", "", "", "", "", "", "", "", "")
    assert teclado.preguntas[0] == "Título * (ejemplo: Inauguración de la cancha de usos múltiples): "
    assert any(p.startswith("Prioridad [alta/media/baja] [actual: media]") for p in teclado.preguntas)
    with app.fabrica() as s:
        assert s.scalars(select(Evento.titulo)).one() == "Feria"


def test_un_arroba_desconocido_se_pregunta_antes_de_registrar_a_alguien(app: Aplicacion) -> None:
    c, salida = consola(app)
    c.linea("/equipo")
    c.usuario = "Ana"
    c.linea("/equipo")
    c.usuario = "Laura"
    c.linea("/agenda nueva Feria | mañana a las 17")
    teclado = teclea(c, "/cobertura asignar 1 @anna foto", "no")
    assert teclado.preguntas == ["No conozco a @anna en el equipo. ¿Quisiste decir @ana? ¿La registro como persona nueva? [si/no]: "]
    assert "No hice nada. Escribe de nuevo el comando con @ana." in salida.getvalue()
    with app.fabrica() as s:
        assert s.scalar(select(func.count(Persona.id))) == 2
    teclea(c, "/cobertura asignar 1 @ana foto")  # conocida: no se pregunta nada
    teclado = teclea(c, "/cobertura asignar 1 @rocio foto", "si")
    assert len(teclado.preguntas) == 1
    with app.fabrica() as s:
        assert s.scalar(select(func.count(Persona.id))) == 3


def test_arroba_channel_o_here_en_un_texto_no_es_una_persona_nueva(app: Aplicacion) -> None:
    c, salida = consola(app)
    c.linea("/equipo")
    teclado = teclea(c, "/solicitud nueva DIF Municipal | lona | el viernes | Avisar a @channel y @Here del festival")
    assert teclado.preguntas == []
    assert "Solicitud S-001 registrada" in salida.getvalue()
    teclado = teclea(c, "/nota tv Canal 5 | @todos al cabildo | 21:00 | neutral")
    assert teclado.preguntas == [] and "@todos al cabildo" in salida.getvalue()
    with app.fabrica() as s:
        assert s.scalar(select(func.count(Persona.id))) == 1


def test_los_caracteres_de_control_guardados_no_llegan_a_la_terminal(app: Aplicacion) -> None:
    assert para_terminal("a\x1b[2Jb\x07c\x9bd\n\te") == "a[2Jbcd\n\te"
    assert para_terminal("**x**", color=True) == "\033[1mx\033[0m"  # el resaltado propio sí
    c, salida = consola(app)
    c.linea("/equipo")
    c.linea("/nota impreso El Sol | Titular\x1b[2J borrado | p. 3 | neutral")
    c.linea("/nota ver 1")
    assert "\x1b" not in salida.getvalue() and "Titular[2J borrado" in salida.getvalue()


def test_boton_solo_aprieta_los_de_la_ultima_respuesta(app: Aplicacion) -> None:
    c, salida = consola(app)
    c.linea("/agenda nueva Feria | mañana a las 17")
    c.linea("/boletin borrador 1")
    assert "[1 Aprobar]" in salida.getvalue()
    c.linea("/agenda hoy")  # una respuesta sin botones
    antes = salida.getvalue()
    c.linea("/boton 1")
    assert salida.getvalue()[len(antes):].strip() == "La última respuesta no tiene botones."
    with app.fabrica() as s:
        assert s.scalars(select(Boletin.estado)).one() == "borrador"
    c.linea("/boletin ver 1")
    c.linea("/boton 7")
    assert "No hay ese botón: la última respuesta tiene 3 ([1 Aprobar]  [2 Editar]  [3 PDF])" in salida.getvalue()
    antes = salida.getvalue()
    c.linea("/boton 3")  # PDF: los botones de la última respuesta sí
    assert "📎 Boletín No. 001/2026" in salida.getvalue()[len(antes):]


def test_el_markdown_se_dibuja_para_la_terminal(app: Aplicacion) -> None:
    c, salida = consola(app)
    c.linea("/equipo")
    texto = salida.getvalue()
    assert "`" not in texto and "**" not in texto and "Cambia roles con /equipo" in texto
    assert para_terminal("**Boletín** con `/boletin ver 1`") == "Boletín con /boletin ver 1"
    assert para_terminal("**Boletín**", color=True) == "\033[1mBoletín\033[0m"
