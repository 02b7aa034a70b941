// Fails with a clear message when the Node.js running it is not one the UI and the end-to-end
// tests support: the `engines.node` ranges of ui/package.json and e2e/package.json (both must
// hold). Run at the start of CI and before `npm ci` (make ui-deps / e2e-deps).
// Understands what those fields use: `||` alternatives of space-separated comparators
// (>=, >, <=, <, =, ^ and bare versions; a missing minor or patch is 0).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const parse = (v) => {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
};
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const holds = (version, comparator) => {
  const m = /^(>=|<=|>|<|=|\^)?\s*(.+)$/.exec(comparator);
  const [op, v] = [m[1] ?? "=", parse(m[2])];
  const c = cmp(version, v);
  switch (op) {
    case ">=": return c >= 0;
    case ">": return c > 0;
    case "<=": return c <= 0;
    case "<": return c < 0;
    case "=": return c === 0;
    case "^": return c >= 0 && version[0] === v[0];
  }
  return false;
};
const satisfies = (version, range) =>
  range.split("||").some((alt) => alt.trim().split(/\s+/).every((comp) => holds(version, comp)));

const current = parse(process.versions.node);
const failed = [];
for (const dir of ["ui", "e2e"]) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, "package.json"), "utf8"));
  const range = pkg.engines?.node;
  if (!range) failed.push(`${dir}/package.json names no engines.node`);
  else if (!satisfies(current, range)) failed.push(`${dir}/ needs Node ${range}`);
}
if (failed.length) {
  console.error(`Node.js ${process.versions.node} (${process.execPath}) cannot build or test PosKeeper:`);
  for (const f of failed) console.error(`  - ${f}`);
  console.error("Install a supported Node.js (e.g. Node 20.20.2 or later 20.x from NodeSource or nvm) and run again.");
  process.exit(1);
}
console.log(`Node.js ${process.versions.node}: supported`);
