// Writes a TypeScript module declaring each dashboard of a JSON array as a Dashboard of
// @grafana/schema: to-ts.mjs <dashboards.json> <out.ts>. tsc then checks every field's name and
// type; an object literal with a field the type does not have is an error.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const dashboards = JSON.parse(readFileSync(input, 'utf8'));
if (!Array.isArray(dashboards) || dashboards.length === 0) {
  console.error(`${input}: expected a non-empty JSON array of dashboards`);
  process.exit(2);
}
const lines = ["import type { Dashboard } from '@grafana/schema';", ''];
dashboards.forEach((d, i) => {
  lines.push(`// ${d.uid}`);
  lines.push(`export const dashboard${i}: Dashboard = ${JSON.stringify(d, null, 2)};`, '');
});
writeFileSync(output, lines.join('\n'));
