"""Fotos casi iguales: la misma foto reenviada por WhatsApp, recomprimida, reducida o girada.

Cada foto lleva una huella perceptual (``dhash`` de imagehash, 64 bits, de la imagen ya girada según
su EXIF): dos fotos que se ven igual tienen huellas a pocos bits de distancia aunque sus bytes (y su
SHA-256) no se parezcan en nada. Una foto a ``DISTANCIA_MAXIMA`` bits o menos de una ya archivada se
guarda igual, pero ligada a esa (``parecido_a_id``) y se avisa «parece copia de …».

Comparar contra todo el archivo sería recorrer cientos de miles de filas. La huella se parte en
``BANDAS`` trozos guardados en ``medios_huellas`` con un índice: si dos huellas difieren en
``DISTANCIA_MAXIMA`` bits o menos, por el principio del palomar al menos uno de los cinco trozos es
idéntico, así que basta buscar por índice las fotos que comparten algún trozo y medir la distancia
solo en esas candidatas.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import Session

from modelos import HuellaDeMedio, Medio

BITS = 64
DISTANCIA_MAXIMA = 4
BANDAS = DISTANCIA_MAXIMA + 1  # 5 trozos: 13, 13, 13, 13 y 12 bits
_ANCHOS = [BITS // BANDAS + (1 if i < BITS % BANDAS else 0) for i in range(BANDAS)]
MAX_CANDIDATAS = 5000


def huella_de(img: Any) -> str:
    """La huella perceptual (16 cifras hexadecimales) de una imagen de Pillow ya girada."""
    import imagehash  # numpy pesa 20 MB: se carga al archivar la primera foto, no al arrancar

    return str(imagehash.dhash(img, hash_size=8))


def bandas(huella: str) -> list[tuple[int, int]]:
    """``(banda, valor)`` de cada trozo de la huella."""
    valor = int(huella, 16)
    salida, corrido = [], 0
    for i, ancho in enumerate(_ANCHOS):
        salida.append((i, (valor >> corrido) & ((1 << ancho) - 1)))
        corrido += ancho
    return salida


def distancia(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def consulta_de_candidatas(espacio_id: int, huella: str) -> Select[tuple[int]]:
    """Las fotos que comparten algún trozo con ``huella``: una búsqueda exacta por trozo, unidas
    (``banda IN … AND valor IN …`` o una tupla en ``IN`` solo usarían el índice por el espacio)."""
    h = HuellaDeMedio
    partes = union_all(*(select(h.medio_id).where(h.espacio_id == espacio_id, h.banda == b, h.valor == v)
                         for b, v in bandas(huella))).subquery()
    return select(partes.c.medio_id).distinct().limit(MAX_CANDIDATAS)


def buscar_original(session: Session, espacio_id: int, huella: str) -> Medio | None:
    """La foto ya archivada que más se parece (a ``DISTANCIA_MAXIMA`` bits o menos), o ``None``. Si
    la más parecida es a su vez copia de otra, se devuelve la original."""
    ids = session.scalars(consulta_de_candidatas(espacio_id, huella)).all()
    if not ids:
        return None
    candidatas = session.execute(
        select(Medio.id, Medio.huella, Medio.parecido_a_id).where(Medio.espacio_id == espacio_id, Medio.id.in_(ids))
    ).all()
    cerca = sorted((distancia(huella, h), i, p) for i, h, p in candidatas if h and distancia(huella, h) <= DISTANCIA_MAXIMA)
    if not cerca:
        return None
    _, medio_id, original_id = cerca[0]
    return session.get(Medio, original_id or medio_id)


def guardar_bandas(session: Session, medio: Medio) -> None:
    """Los trozos de la huella de ``medio`` (ya con id), para que las fotos que lleguen lo encuentren."""
    if medio.huella:
        session.add_all(HuellaDeMedio(medio_id=medio.id, espacio_id=medio.espacio_id, banda=b, valor=v)
                        for b, v in bandas(medio.huella))
