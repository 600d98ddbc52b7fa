const express = require("express");
const fs = require("fs");
const path = require("path");
const axios = require("axios");
const ejs = require("ejs");

const app = express();

app.get("/files/:name", (req, res) => {
  res.sendFile(path.join(__dirname, "public", req.params.name));
});

app.get("/report", (req, res) => {
  fs.readFile("./reports/" + req.query.f, "utf8", (err, data) => res.send(data));
});

app.get("/proxy", async (req, res) => {
  const r = await axios.get(req.query.url);
  res.send(r.data);
});

app.post("/preview", express.json(), (req, res) => {
  res.send(ejs.render(req.body.template, { user: req.body.user }));
});

app.listen(3000);
