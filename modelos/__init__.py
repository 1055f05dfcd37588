"""Modelos de SQLAlchemy 2 (tipados). Todas las tablas tienen ``espacio_id``: un despliegue sirve a
varios municipios."""

from modelos.archivo import DescargaPendiente, HuellaDeMedio, Medio, PalabraDeMedio
from modelos.base import Base, FechaHora
from modelos.boletin import TIPOS_DOCUMENTO, Boletin, EstadoBoletin, VersionBoletin
from modelos.cobertura import Asignacion, EstadoAsignacion
from modelos.difusion import Difusion
from modelos.espacio import Contador, Espacio
from modelos.evento import EstadoEvento, Evento, Serie
from modelos.monitoreo import TONOS, AjustesDeMonitoreo, FuenteDeMedio, Nota, PaginaDeNota
from modelos.persona import ROLES, Persona
from modelos.prensa import TIPOS_DE_MEDIO, ContactoDeMedio, CorreoSaliente, EnlacePortal, MedioDeComunicacion
from modelos.programacion import EstadoPublicacion, EventoProcesado, Publicacion
from modelos.resultados import AvanceManual, Meta
from modelos.slack import bots_slack, estados_oauth_slack, instalaciones_slack
from modelos.solicitudes import (
    TIPOS_SOLICITUD,
    AreaSolicitante,
    CambioDeSolicitud,
    DiaInhabil,
    EstadoSolicitud,
    Solicitud,
)
from modelos.transparencia import (
    TIPOS_DE_CAMPANA,
    CambioDeContrato,
    Campana,
    Contrato,
    CuadroDeClasificacion,
    Factura,
    ReglaDeSerie,
    SerieDocumental,
)
from modelos.veda import Veda

__all__ = [
    "AjustesDeMonitoreo", "AreaSolicitante", "Asignacion", "AvanceManual", "Base", "Boletin", "CambioDeContrato", "CambioDeSolicitud", "Campana",
    "ContactoDeMedio", "Contador", "Contrato", "CorreoSaliente", "CuadroDeClasificacion", "DescargaPendiente",
    "DiaInhabil", "Difusion", "EnlacePortal", "Espacio", "EstadoAsignacion", "EstadoBoletin", "EstadoEvento",
    "EstadoPublicacion", "EstadoSolicitud", "Evento", "EventoProcesado", "Factura", "FechaHora",
    "FuenteDeMedio", "HuellaDeMedio", "Medio", "MedioDeComunicacion", "Meta", "Nota", "PaginaDeNota", "PalabraDeMedio", "Persona",
    "Publicacion", "ReglaDeSerie", "ROLES", "Serie", "SerieDocumental", "Solicitud", "TIPOS_DE_CAMPANA",
    "TIPOS_DE_MEDIO", "TIPOS_DOCUMENTO", "TIPOS_SOLICITUD", "TONOS", "Veda", "VersionBoletin",
    "bots_slack", "estados_oauth_slack", "instalaciones_slack",
]
