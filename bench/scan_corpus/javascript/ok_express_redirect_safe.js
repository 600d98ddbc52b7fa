const express = require("express");
const path = require("path");

const app = express();
const PUBLIC = path.join(__dirname, "public");

app.get("/auth/callback", (req, res) => {
  const target = typeof req.query.returnTo === "string" ? req.query.returnTo : "/";
  const safe = target.startsWith("/") && !target.startsWith("//") && !target.includes("\\") ? target : "/";
  res.redirect(safe);
});

app.get("/files/:name", (req, res) => {
  res.sendFile(path.basename(req.params.name), { root: PUBLIC, dotfiles: "deny" });
});

app.listen(3000);
