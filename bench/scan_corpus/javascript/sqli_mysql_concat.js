const express = require("express");
const mysql = require("mysql");

const app = express();
const pool = mysql.createPool({ host: "localhost", user: "shop", database: "shop" });

app.get("/products", (req, res) => {
  const sql = "SELECT id, name, price FROM products WHERE category = '" + req.query.category + "'";
  pool.query(sql, (err, rows) => {
    if (err) return res.status(500).json({ error: err.message });
    res.json(rows);
  });
});

app.delete("/products/:id", async (req, res) => {
  await pool.promise().query(`DELETE FROM products WHERE id = ${req.params.id}`);
  res.sendStatus(204);
});

app.listen(3000);
