<?php
declare(strict_types=1);

$pdo = new PDO(getenv('DB_DSN'), getenv('DB_USER'), getenv('DB_PASS'), [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);

$stmt = $pdo->prepare('SELECT name, bio FROM users WHERE id = ?');
$stmt->execute([(int)($_GET['id'] ?? 0)]);
$row = $stmt->fetch(PDO::FETCH_ASSOC) ?: ['name' => '', 'bio' => ''];

echo '<h1>' . htmlspecialchars($row['name'], ENT_QUOTES, 'UTF-8') . '</h1>';

$cart = json_decode($_COOKIE['cart'] ?? '[]', true, 8, JSON_THROW_ON_ERROR);
$hash = password_hash($_POST['password'] ?? '', PASSWORD_DEFAULT);
$token = bin2hex(random_bytes(16));
$out = shell_exec('ping -c 1 ' . escapeshellarg($_POST['host'] ?? 'localhost'));
$pages = ['home' => 'pages/home.php', 'about' => 'pages/about.php'];
include $pages[$_GET['page'] ?? 'home'] ?? 'pages/home.php';
