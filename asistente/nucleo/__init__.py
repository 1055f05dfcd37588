"""El núcleo: lo que comparten todos los comandos y todas las plataformas, sin conocer ninguna.

- ``peticion`` y ``respuesta``: lo neutral que entra (de Slack, Mattermost o la consola) y lo que sale.
- ``errores``: el árbol de errores; ``despacho``: el único lugar que convierte un error en lo que la persona lee.
- ``comando``: el enrutado de subcomandos y la lectura de argumentos; ``formularios``: una definición, su validación.
- ``plataforma``: el puerto que cumple cada plataforma (``Plataforma``) y sus errores de envío.
- ``canal``: el puerto de los canales de difusión (``Canal``: Facebook, sitio web, kit de WhatsApp).
- ``config`` y ``ajustes``: la configuración inmutable y la lectura de horas y días de los ajustes.
- ``identidad``: el espacio y la persona de cada petición; ``aplicacion``: la aplicación armada.
- ``render``: las plantillas Jinja2 dibujadas para cada formato; ``texto``: la normalización del texto.
"""
