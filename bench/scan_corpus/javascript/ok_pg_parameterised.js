const express = require("express");
const { Pool } = require("pg");

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.get("/products", async (req, res) => {
  const { rows } = await pool.query(
    "SELECT id, name, price FROM products WHERE category = $1 ORDER BY name LIMIT $2",
    [req.query.category, 50],
  );
  res.json(rows);
});

app.delete("/products/:id", async (req, res) => {
  await pool.query("DELETE FROM products WHERE id = $1", [Number(req.params.id)]);
  res.sendStatus(204);
});

app.listen(process.env.PORT || 3000);
