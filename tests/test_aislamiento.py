"""Lo de un espacio de trabajo (un municipio) no se ve ni se toca desde otro: solicitudes, notas y su
aclaración, metas del POA, campañas, contratos y facturas, también con botones y formularios
falsificados que traen los números del otro espacio."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from asistente.nucleo.render import renderizar
from modelos import AvanceManual, Campana, Contrato, Factura, Meta, Nota, Solicitud
from tests.conftest import Charla


def _oficina_a(charla: Charla) -> None:
    for linea, dice in (
        ("/solicitud nueva DIF | lona | el viernes | Lona del festival", "S-001 registrada"),
        ("/nota impreso El Sol | Inauguran la cancha | p. 3 | negativa", "Nota 1"),
        ("/poa meta nueva Talleres | talleres | 12 | cuenta: manual", "Meta 1"),
        ("/campana nueva Predial | campaña | Predial | del 1 de enero al 31 de marzo de 2026", "Campaña 1"),
        ("/contrato nuevo Editora | ESU010203AB1 | CS-001 | Inserciones | 1,000 | 1", "registrado"),
        ("/factura CS-001 A-1 500", "Factura A-1"),
    ):
        assert dice in charla.di(linea), linea


def test_otro_espacio_no_ve_ni_toca_lo_de_la_ola_2(charla: Charla) -> None:
    _oficina_a(charla)
    otro = replace(charla, espacio="consola:otro-municipio", avisos=[])
    otro.di("/equipo")
    for linea, dice in (
        ("/solicitud ver S-001", "No hay una solicitud S-001"),
        ("/solicitud aprobar S-001", "No hay una solicitud S-001"),
        ("/nota ver 1", "No hay nota 1 en este espacio"),
        ("/nota tono 1 positiva", "No hay nota 1 en este espacio"),
        ("/aclaracion 1", "No hay nota 1 en este espacio"),
        ("/poa registrar 1 5", "No hay una meta con ID 1"),
        ("/poa meta quitar 1", "No hay una meta con ID 1"),
        ("/contrato ver CS-001", "No hay un contrato CS-001"),
        ("/contrato quitar CS-001", "No hay un contrato CS-001"),
        ("/factura CS-001 A-2 100", "No hay un contrato CS-001"),
        ("/factura quitar CS-001 A-1", "No hay un contrato CS-001"),
        ("/campana quitar 1", "No hay una campaña «1»"),
        ("/contrato nuevo Otra | ESU010203AB1 | CS-002 | Lonas | 100 | 1", "No hay una campaña «1»"),
    ):
        assert dice in otro.di(linea), linea
    assert "No hay solicitudes" in otro.di("/solicitud lista todas")
    assert "Todavía no hay contratos" in otro.di("/contrato") and "Todavía no hay campañas" in otro.di("/campana")
    assert "Aún no hay metas" in otro.di("/poa")
    assert "No hay notas registradas" in otro.di("/sintesis")
    # Un botón o un formulario falsificado con el número de la nota del otro espacio tampoco la toca.
    assert "No hay nota 1 en este espacio" in otro.pulsa("nota.tono", "1:positiva")
    r = otro.app.despachador.formulario(otro.peticion("formulario", "", "dir"), "nota.editar",
                                        {"titular": "Hackeado", "medio": "", "tono": "positiva", "tema": ""},
                                        {"nota": "1"})
    assert "Hackeado" not in renderizar(r, "texto") and "No hay nota 1 en este espacio" in renderizar(r, "texto")
    # En el espacio de la oficina todo sigue igual.
    with charla.app.fabrica() as s:
        nota = s.scalars(select(Nota)).one()
        assert (nota.titular, nota.tono) == ("Inauguran la cancha", "negativa")
        assert s.scalar(select(func.count(Solicitud.id))) == 1 and s.scalar(select(func.count(Meta.id))) == 1
        assert s.scalar(select(func.count(Campana.id))) == 1 and s.scalar(select(func.count(Contrato.id))) == 1
        assert s.scalar(select(func.count(Factura.id))) == 1 and s.scalar(select(func.count(AvanceManual.id))) == 0
    assert "S-001" in charla.di("/solicitud ver S-001") and "CS-001" in charla.di("/contrato ver CS-001")
