<?php
function ping_host() {
    $host = $_POST['host'];
    echo shell_exec("ping -c 1 " . $host);
    system("nslookup $host");
}

function load_cart() {
    return unserialize($_COOKIE['cart']);
}

function save_user($pdo, $user, $password) {
    $hash = md5($password);
    $token = substr(md5(rand()), 0, 16);
    $pdo->prepare("INSERT INTO users (name, pw, token) VALUES (?, ?, ?)")->execute([$user, $hash, $token]);
}

function run_formula() {
    return eval('return ' . $_POST['formula'] . ';');
}
