"""Los adaptadores de chat: Slack (``slack/``), Mattermost (``mattermost/``) y la consola
(``consola/``, con su ``/subir``), el servidor web que los monta (``web``) y la lista de todos
(``registro``). Solo aquí se importa una biblioteca de chat o un marco web; cada adaptador
convierte lo que llega de su plataforma en una ``Peticion`` y dibuja la ``Respuesta`` que vuelve."""

# Hilos que atienden peticiones HTTP en ``asistente servir`` (waitress); Slack contesta en segundo
# plano con otros tantos, para que un comando lento no haga esperar a los demás.
HILOS = 8
