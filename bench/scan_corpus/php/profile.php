<?php
$conn = mysqli_connect("localhost", "shop", getenv("DB_PASS"), "shop");

$id = $_GET['id'];
$result = mysqli_query($conn, "SELECT name, bio FROM users WHERE id = '$id'");
$row = mysqli_fetch_assoc($result);

echo "<h1>Profile of " . $_GET['name'] . "</h1>";
echo "<div>" . $row['bio'] . "</div>";

$page = $_GET['page'] ?? 'home';
include("pages/" . $page . ".php");

header("Location: " . $_GET['return']);
