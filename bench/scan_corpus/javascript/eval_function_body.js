const express = require("express");
const app = express();
app.use(express.text());

app.post("/rules/evaluate", (req, res) => {
  const rule = new Function("order", "return " + req.body);
  res.json({ match: rule({ total: 120, country: "DE" }) });
});

app.get("/legacy/config", (req, res) => {
  const cfg = eval("(" + req.query.cfg + ")");
  res.json(cfg);
});

setTimeout("refresh(" + process.argv[2] + ")", 1000);
