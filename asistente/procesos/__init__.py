"""Las raíces de composición: el único lugar que arma las piezas. Los verbos de la línea de
comandos (``cli``), leer la configuración del entorno (``entorno``), armar la aplicación (``app``), el
proceso web (``servidor``), el programador (``programador``), la consola (``consola``) y la demo
(``demo``)."""
