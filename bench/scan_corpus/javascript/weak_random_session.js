const crypto = require("crypto");

function newSessionId() {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function apiKey() {
  let key = "";
  for (let i = 0; i < 32; i++) key += "abcdef0123456789"[Math.floor(Math.random() * 16)];
  return key;
}

function hashPassword(pw) {
  return crypto.createHash("md5").update(pw).digest("hex");
}

function encrypt(text, key) {
  const cipher = crypto.createCipheriv("des-ecb", key, null);
  return cipher.update(text, "utf8", "hex") + cipher.final("hex");
}

module.exports = { newSessionId, apiKey, hashPassword, encrypt };
