"""La consola: los mismos comandos en una terminal (``consola``) y ``/subir RUTA [#N]``, que hace
de archivo soltado en el canal (``subir``)."""
