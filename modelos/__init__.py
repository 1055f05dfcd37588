"""Modelos de SQLAlchemy 2 (tipados). Todas las tablas tienen ``espacio_id``: un despliegue sirve a
varios municipios."""

from modelos.archivo import DescargaPendiente, HuellaDeMedio, Medio, PalabraDeMedio
from modelos.base import Base, FechaHora
from modelos.boletin import Boletin, EstadoBoletin, VersionBoletin
from modelos.cobertura import Asignacion, EstadoAsignacion
from modelos.espacio import Contador, Espacio
from modelos.evento import EstadoEvento, Evento
from modelos.persona import ROLES, Persona
from modelos.programacion import EstadoPublicacion, EventoProcesado, Publicacion

__all__ = [
    "Asignacion", "Base", "Boletin", "Contador", "DescargaPendiente", "Espacio", "EstadoAsignacion", "EstadoBoletin",
    "EstadoEvento", "EstadoPublicacion", "Evento", "EventoProcesado", "FechaHora", "HuellaDeMedio", "Medio", "PalabraDeMedio", "Persona",
    "Publicacion", "ROLES", "VersionBoletin",
]
