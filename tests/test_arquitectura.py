"""La casa se lee fácil y no se desordena: cada paquete dice qué guarda, no hay ciclos de
importación entre módulos, ninguna importación se esconde dentro de una función para esquivar uno,
y el README explica cada paquete. Las capas mismas las revisa import-linter (``make test`` corre
``lint-imports`` con los contratos de ``pyproject.toml``)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

RAIZ = Path(__file__).resolve().parent.parent
PROPIOS = ("asistente", "comandos", "modelos", "plantillas")


def _modulos() -> list[Path]:
    return sorted(p for carpeta in ("asistente", "comandos", "modelos") for p in (RAIZ / carpeta).rglob("*.py"))


def _importa_del_proyecto(nodo: ast.AST) -> bool:
    if isinstance(nodo, ast.ImportFrom):
        return nodo.level > 0 or (nodo.module or "").split(".")[0] in PROPIOS
    if isinstance(nodo, ast.Import):
        return any(n.name.split(".")[0] in PROPIOS for n in nodo.names)
    return False


def _importaciones_escondidas(arbol: ast.Module) -> list[int]:
    """Las importaciones del proyecto que no están al nivel del módulo: dentro de una función, de una
    clase o de un ``if TYPE_CHECKING`` (las tres formas de esquivar un ciclo)."""
    escondidas = []
    for nodo in arbol.body:
        if _importa_del_proyecto(nodo):
            continue
        escondidas += [hijo.lineno for hijo in ast.walk(nodo) if _importa_del_proyecto(hijo)]
    return escondidas


def test_ninguna_importacion_del_proyecto_se_esconde_en_una_funcion() -> None:
    encontradas = []
    for ruta in _modulos():
        for linea in _importaciones_escondidas(ast.parse(ruta.read_text(encoding="utf-8"))):
            encontradas.append(f"{ruta.relative_to(RAIZ)}:{linea}")
    assert not encontradas, "Importaciones del proyecto fuera del nivel del módulo:\n" + "\n".join(encontradas)


def test_la_revision_de_importaciones_escondidas_si_las_encuentra() -> None:
    codigo = (
        "import os\nfrom typing import TYPE_CHECKING\nfrom asistente.nucleo import errores\n"
        "if TYPE_CHECKING:\n    from asistente.nucleo.peticion import Peticion\n"
        "def f():\n    from comandos import registro\n    import json\n"
    )
    assert _importaciones_escondidas(ast.parse(codigo)) == [5, 7]


def _ciclos(grafo: grimp.ImportGraph) -> list[list[str]]:
    """Los ciclos entre módulos: componentes fuertemente conexos de más de un módulo (Tarjan)."""
    indice: dict[str, int] = {}
    bajo: dict[str, int] = {}
    pila: list[str] = []
    en_pila: set[str] = set()
    componentes: list[list[str]] = []

    def visitar(modulo: str) -> None:
        indice[modulo] = bajo[modulo] = len(indice)
        pila.append(modulo)
        en_pila.add(modulo)
        for siguiente in sorted(grafo.find_modules_directly_imported_by(modulo)):
            if siguiente not in indice:
                visitar(siguiente)
                bajo[modulo] = min(bajo[modulo], bajo[siguiente])
            elif siguiente in en_pila:
                bajo[modulo] = min(bajo[modulo], indice[siguiente])
        if bajo[modulo] == indice[modulo]:
            componente = []
            while True:
                m = pila.pop()
                en_pila.discard(m)
                componente.append(m)
                if m == modulo:
                    break
            if len(componente) > 1:
                componentes.append(sorted(componente))

    for modulo in sorted(grafo.modules):
        if modulo not in indice:
            visitar(modulo)
    return componentes


def test_no_hay_ciclos_de_importacion_entre_modulos() -> None:
    grafo = grimp.build_graph(*PROPIOS)
    assert _ciclos(grafo) == []


def test_la_busqueda_de_ciclos_si_los_encuentra() -> None:
    grafo = grimp.ImportGraph()
    for importador, importado in (("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")):
        grafo.add_import(importer=importador, imported=importado)
    assert _ciclos(grafo) == [["a.x", "a.y", "a.z"]]


def _paquetes() -> list[Path]:
    return sorted(p.parent for p in (RAIZ / "asistente").rglob("__init__.py")
                  if "migraciones" not in p.parts and "__pycache__" not in p.parts)


@pytest.mark.parametrize("paquete", _paquetes(), ids=lambda p: ".".join(p.relative_to(RAIZ).parts))
def test_cada_paquete_dice_que_guarda(paquete: Path) -> None:
    docstring = ast.get_docstring(ast.parse((paquete / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 40, f"{paquete.relative_to(RAIZ)}/__init__.py necesita un docstring que diga qué guarda"


def test_el_readme_explica_cada_paquete() -> None:
    """«Cómo está hecho»: una línea por paquete de primer nivel, para encontrar cualquier concepto en un paso."""
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    seccion = readme.split("## Cómo está hecho", 1)[1].split("\n## ", 1)[0]
    primer_nivel = sorted({p.relative_to(RAIZ / "asistente").parts[0] for p in _paquetes() if p != RAIZ / "asistente"})
    faltan = [f"asistente/{n}/" for n in primer_nivel if f"asistente/{n}/" not in seccion]
    faltan += [c for c in ("comandos/", "modelos/", "plantillas/") if c not in seccion]
    assert not faltan, f"El README («Cómo está hecho») no explica: {', '.join(faltan)}"
