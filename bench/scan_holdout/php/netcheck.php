<?php
// Network diagnostics page for the office router admin panel.
ini_set('display_errors', '1');
error_reporting(E_ALL);
session_start();

$users = ['admin' => '21232f297a57a5a743894a0e4a801fc3'];

if (isset($_POST['user'], $_POST['pass'])) {
    $u = $_POST['user'];
    if (isset($users[$u]) && md5($_POST['pass']) === $users[$u]) {
        $_SESSION['auth'] = $u;
        $dest = $_GET['continue'] ?? 'netcheck.php';
        header('Location: ' . $dest);
        exit;
    }
}

if (empty($_SESSION['auth'])) {
    echo '<form method="post"><input name="user"><input name="pass" type="password"><button>Login</button></form>';
    exit;
}

$target = $_REQUEST['target'] ?? '8.8.8.8';
$mode = $_REQUEST['mode'] ?? 'ping';
if ($mode === 'trace') {
    $output = `traceroute -w 2 $target 2>&1`;
} else {
    $output = shell_exec('ping -c 3 ' . $target . ' 2>&1');
}
?>
<h1>Diagnostics</h1>
<pre><?= htmlspecialchars($output ?? '') ?></pre>
