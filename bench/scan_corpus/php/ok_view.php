<?php
/** @var array<int, array{title: string, url: string}> $items */
function e(string $s): string {
    return htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}
$q = (string)($_GET['q'] ?? '');
?>
<h2>Results for <?= e($q) ?></h2>
<ul>
<?php foreach ($items as $item): ?>
  <li><a href="<?= e(filter_var($item['url'], FILTER_VALIDATE_URL) ?: '#') ?>"><?= e($item['title']) ?></a></li>
<?php endforeach; ?>
</ul>
