const crypto = require("crypto");
const bcrypt = require("bcrypt");

function newSessionId() {
  return crypto.randomBytes(32).toString("hex");
}

function etag(body) {
  return crypto.createHash("sha256").update(body).digest("base64url");
}

async function hashPassword(pw) {
  return bcrypt.hash(pw, 12);
}

function shuffleCards(cards) {
  // UI animation order only
  return cards.map((c) => [Math.random(), c]).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
}

module.exports = { newSessionId, etag, hashPassword, shuffleCards };
