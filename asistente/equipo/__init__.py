"""El equipo de la oficina: las personas dichas en un comando (menciones, nombres y roles de
cobertura, ``personas``) y los ajustes de cada espacio de trabajo, los que un director cambió desde
el chat o los del entorno (``ajustes``). Quién pide y si es director está en ``asistente.nucleo.identidad``."""
