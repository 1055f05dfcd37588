"""Cuánta memoria pueden ocupar a la vez las fotos que se están decodificando.

El límite de pixeles de Pillow frena una bomba, pero no cuatro PNG de 9000 × 9000 que pesan 252 KB
cada uno y se decodifican a la vez (324 MB de pixeles cada uno, más sus copias): así un servidor
pasaba de 75 MB a 2.8 GB. Antes de decodificar, cada foto reserva lo que va a ocupar según su
cabecera (la medida ya reducida por *draft* en JPEG); si no hay lugar espera su turno, y si sola no
cabe en el presupuesto se rechaza con un mensaje.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

MB = 1024 * 1024
class SinMemoria(Exception):
    """La foto sola ocuparía más que todo el presupuesto."""


class Presupuesto:
    """Bytes de pixeles que el proceso puede tener decodificados a la vez, repartidos entre hilos."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.en_uso = 0
        self.maximo_visto = 0  # para las pruebas y el registro
        self._condicion = threading.Condition()

    @contextmanager
    def reservar(self, cantidad: int) -> Iterator[None]:
        if cantidad > self.total:
            raise SinMemoria(f"ocuparía {cantidad / MB:.0f} MB al decodificarla y el límite es {self.total / MB:.0f} MB")
        with self._condicion:
            self._condicion.wait_for(lambda: self.en_uso + cantidad <= self.total)
            self.en_uso += cantidad
            self.maximo_visto = max(self.maximo_visto, self.en_uso)
        try:
            yield
        finally:
            with self._condicion:
                self.en_uso -= cantidad
                self._condicion.notify_all()


def estimar(ancho: int, alto: int, bandas: int, *, convierte: bool, gira: bool) -> int:
    """Lo que ocupa decodificar una imagen de esa medida (8 bits por banda), más la copia en RGB si
    hay que convertirla y la copia girada si su EXIF la pone de lado o de cabeza."""
    pixeles = ancho * alto
    return pixeles * bandas + (pixeles * 3 if convierte else 0) + (pixeles * max(bandas, 3) if gira else 0)


def estimar_heif(ancho: int, alto: int, bandas: int) -> int:
    """Lo que ocupa que libheif decodifique un HEIC: su búfer RGB (o RGBA) más los planos YCbCr 4:2:0
    (1.5 bytes por pixel) de los que lo convierte; medido: 864 MB para la foto de 200 MP (572 MB de
    RGB). La reducción por franjas que sigue ocupa poco (se suma aparte)."""
    return ancho * alto * bandas + ancho * alto * 3 // 2


@lru_cache(maxsize=None)
def presupuesto_de(megas: int) -> Presupuesto:
    """Un solo presupuesto por proceso para cada tamaño configurado (``ASISTENTE_MEMORIA_FOTOS_MB``)."""
    return Presupuesto(megas * MB)
