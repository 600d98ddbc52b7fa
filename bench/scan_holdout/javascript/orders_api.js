'use strict';
const express = require('express');
const helmet = require('helmet');
const escapeHtml = require('escape-html');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(helmet());
app.use(express.json({ limit: '100kb' }));

const SORTS = { newest: 'created_at DESC', oldest: 'created_at ASC', total: 'total_cents DESC' };
const SAFE_RETURN = new Set(['/', '/orders', '/account']);

app.get('/api/orders', async (req, res, next) => {
  try {
    const orderBy = SORTS[req.query.sort] || SORTS.newest;
    const { rows } = await pool.query(
      `SELECT id, status, total_cents FROM orders WHERE customer_id = $1 AND status = ANY($2) ORDER BY ${orderBy} LIMIT 50`,
      [req.user.id, [].concat(req.query.status || ['open', 'shipped'])]
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

app.get('/orders/:id/receipt', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, customer_name, total_cents FROM orders WHERE id = $1', [req.params.id]);
    if (!rows.length) return res.sendStatus(404);
    const o = rows[0];
    res.type('html').send(`<h1>Receipt #${escapeHtml(String(o.id))}</h1><p>${escapeHtml(o.customer_name)}</p>`);
  } catch (err) {
    next(err);
  }
});

app.get('/done', (req, res) => {
  const target = SAFE_RETURN.has(req.query.next) ? req.query.next : '/';
  res.redirect(target);
});

app.listen(Number(process.env.PORT) || 3000);
