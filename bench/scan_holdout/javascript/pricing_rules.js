/**
 * Pricing rules engine. Admins write small JS expressions such as
 *   "order.total > 100 && customer.tier === 'gold'"
 * which are evaluated against each order at checkout.
 */
'use strict';

const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const serialize = require('node-serialize');

function compileRule(expression) {
  // eslint-disable-next-line no-new-func
  return new Function('order', 'customer', `return (${expression});`);
}

async function loadRules(storeId) {
  return knex('pricing_rules').where({ store_id: storeId, active: true });
}

async function applyRules(order, customer) {
  const rules = await loadRules(order.storeId);
  let discount = 0;
  for (const rule of rules) {
    const predicate = compileRule(rule.expression);
    if (predicate(order, customer)) discount = Math.max(discount, rule.discount);
  }
  return discount;
}

async function findCoupons(storeId, code) {
  const { rows } = await knex.raw(
    `SELECT id, code, percent_off FROM coupons WHERE store_id = ${Number(storeId)} AND code ILIKE '%${code}%'`
  );
  return rows;
}

function restoreCart(cookieValue) {
  // cart is kept client-side between visits
  const json = Buffer.from(cookieValue, 'base64').toString('utf8');
  return serialize.unserialize(json);
}

module.exports = { applyRules, findCoupons, restoreCart, compileRule };
