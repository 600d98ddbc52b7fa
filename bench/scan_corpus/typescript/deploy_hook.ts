import { execSync } from "node:child_process";
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const branch = url.searchParams.get("branch") ?? "main";
  const out = execSync(`cd /srv/app && git fetch && git checkout ${branch} && npm ci`);
  writeFileSync(`/srv/app/logs/${branch}.log`, out);
  res.end("deployed");
}).listen(9000, "0.0.0.0");
