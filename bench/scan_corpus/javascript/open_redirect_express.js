const express = require("express");
const session = require("express-session");

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.get("/auth/callback", async (req, res) => {
  req.session.user = await exchangeCode(req.query.code);
  res.redirect(req.query.returnTo || "/");
});

app.get("/out", (req, res) => {
  res.writeHead(302, { Location: req.query.url });
  res.end();
});

async function exchangeCode(code) {
  return { id: code };
}
