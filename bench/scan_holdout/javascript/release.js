#!/usr/bin/env node
// Release helper: bumps the version, builds, and tags. Every command is an argv array (no shell).
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function git(...args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

function bump(kind) {
  if (!['major', 'minor', 'patch'].includes(kind)) throw new Error(`bad bump: ${kind}`);
  const pkgPath = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  const [maj, min, pat] = pkg.version.split('.').map(Number);
  pkg.version = kind === 'major' ? `${maj + 1}.0.0` : kind === 'minor' ? `${maj}.${min + 1}.0` : `${maj}.${min}.${pat + 1}`;
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  return pkg.version;
}

function build() {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--', '--mode', 'production'], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build exited ${code}`))));
  });
}

async function main() {
  if (git('status', '--porcelain')) throw new Error('working tree not clean');
  const version = bump(process.argv[2] || 'patch');
  await build();
  git('commit', '-am', `release v${version}`);
  git('tag', '-a', `v${version}`, '-m', `v${version}`);
  console.log(`tagged v${version}; push with: git push --follow-tags`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
