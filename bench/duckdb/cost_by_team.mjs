// DuckDB's aggregation of a CUR 2.0 bill: cost by owner tag and day, the same sums Paved's import
// keeps. Prints seconds, MB/s and a checksum (the total billed) to compare with Paved's.
//   node bench/duckdb/cost_by_team.mjs FILE [THREADS=2]
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads = '2'] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads });
const conn = await instance.connect();
const path = file.replaceAll("'", "''");
const sql = `
  SELECT resource_tags_user_team AS team,
         CAST(line_item_usage_start_date AS DATE) AS day,
         SUM(line_item_unblended_cost) AS billed,
         SUM(COALESCE(savings_plan_savings_plan_effective_cost, line_item_unblended_cost)) AS effective,
         COUNT(*) AS lines
  FROM read_csv('${path}', header = true)
  GROUP BY ALL`;
const start = performance.now();
const result = await conn.runAndReadAll(sql);
const seconds = (performance.now() - start) / 1000;
const rows = result.getRowObjects();
let lines = 0n;
let billed = 0;
for (const row of rows) {
  lines += BigInt(row.lines);
  billed += Number(row.billed);
}
const mb = statSync(file).size / 1e6;
console.log(`duckdb (${threads} threads): ${lines} lines, ${mb.toFixed(0)} MB in ${seconds.toFixed(2)} s: ` +
            `${(mb / seconds).toFixed(0)} MB/s, ${rows.length} groups, billed ${billed.toFixed(2)}`);
console.log(`duckdb_seconds=${seconds.toFixed(3)}`);
