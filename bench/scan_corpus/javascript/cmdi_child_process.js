const { exec, execSync } = require("child_process");
const express = require("express");

const app = express();

app.get("/thumbnail", (req, res) => {
  const file = req.query.file;
  exec(`convert uploads/${file} -resize 128x128 thumbs/${file}`, (err) => {
    if (err) return res.status(500).send("failed");
    res.sendFile(`${__dirname}/thumbs/${file}`);
  });
});

app.post("/git/clone", express.json(), (req, res) => {
  const out = execSync("git clone " + req.body.repo + " /tmp/checkout");
  res.send(out.toString());
});

app.listen(8080);
