const { execFile, spawn } = require("child_process");
const { promisify } = require("util");

const run = promisify(execFile);

async function gitLog(repoDir, n = 10) {
  const { stdout } = await run("git", ["-C", repoDir, "log", "--oneline", `-n${Number(n)}`]);
  return stdout.trim().split("\n");
}

function thumbnail(src, dest) {
  return new Promise((resolve, reject) => {
    const p = spawn("convert", [src, "-resize", "128x128", dest], { stdio: "ignore" });
    p.on("exit", (code) => (code === 0 ? resolve(dest) : reject(new Error(`convert exited ${code}`))));
  });
}

module.exports = { gitLog, thumbnail };
