"""Modelos de SQLAlchemy 2 (tipados). Todas las tablas tienen ``espacio_id``: un despliegue sirve a
varios municipios."""

from modelos.archivo import DescargaPendiente, HuellaDeMedio, Medio, PalabraDeMedio
from modelos.base import Base, FechaHora
from modelos.boletin import TIPOS_DOCUMENTO, Boletin, EstadoBoletin, VersionBoletin
from modelos.cobertura import Asignacion, EstadoAsignacion
from modelos.difusion import Difusion
from modelos.espacio import Contador, Espacio
from modelos.evento import EstadoEvento, Evento, Serie
from modelos.persona import ROLES, Persona
from modelos.prensa import TIPOS_DE_MEDIO, ContactoDeMedio, CorreoSaliente, EnlacePortal, MedioDeComunicacion
from modelos.programacion import EstadoPublicacion, EventoProcesado, Publicacion
from modelos.slack import bots_slack, estados_oauth_slack, instalaciones_slack
from modelos.veda import Veda

__all__ = [
    "Asignacion", "Base", "Boletin", "ContactoDeMedio", "Contador", "CorreoSaliente", "DescargaPendiente", "Difusion",
    "EnlacePortal", "Espacio", "EstadoAsignacion", "EstadoBoletin", "EstadoEvento", "EstadoPublicacion", "Evento",
    "EventoProcesado", "FechaHora", "HuellaDeMedio", "Medio", "MedioDeComunicacion", "PalabraDeMedio", "Persona",
    "Publicacion", "ROLES", "Serie", "TIPOS_DE_MEDIO", "TIPOS_DOCUMENTO", "Veda", "VersionBoletin",
    "bots_slack", "estados_oauth_slack", "instalaciones_slack",
]
