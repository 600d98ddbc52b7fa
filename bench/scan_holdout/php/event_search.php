<?php
declare(strict_types=1);

// Public event search. Config (DSN, credentials) comes from the environment.
$pdo = new PDO(
    getenv('DB_DSN') ?: 'mysql:host=localhost;dbname=events;charset=utf8mb4',
    getenv('DB_USER') ?: 'events_ro',
    getenv('DB_PASSWORD') ?: '',
    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => false]
);

$q = trim((string)($_GET['q'] ?? ''));
$city = (string)($_GET['city'] ?? '');
$page = max(1, (int)($_GET['page'] ?? 1));
$perPage = 20;

$stmt = $pdo->prepare(
    'SELECT id, title, city, starts_at FROM events
     WHERE title LIKE :q AND (:city = \'\' OR city = :city2)
     ORDER BY starts_at LIMIT :lim OFFSET :off'
);
$stmt->bindValue(':q', '%' . $q . '%');
$stmt->bindValue(':city', $city);
$stmt->bindValue(':city2', $city);
$stmt->bindValue(':lim', $perPage, PDO::PARAM_INT);
$stmt->bindValue(':off', ($page - 1) * $perPage, PDO::PARAM_INT);
$stmt->execute();
$events = $stmt->fetchAll(PDO::FETCH_ASSOC);

function e(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}
?>
<!doctype html>
<title>Events</title>
<form><input name="q" value="<?= e($q) ?>"><button>Search</button></form>
<p>Results for “<?= e($q) ?>”</p>
<ul>
<?php foreach ($events as $ev): ?>
  <li><a href="/events/<?= (int)$ev['id'] ?>"><?= e($ev['title']) ?></a> — <?= e($ev['city']) ?></li>
<?php endforeach; ?>
</ul>
