// DuckDB's version of the flow-log analysis: egress ACCEPT records of a VPC flow log joined to the
// pods holding their pkt-srcaddr / pkt-dstaddr at the record's start (a range join on the IP
// ownership intervals), bytes summed by workload and zone pair. Prints seconds, MB/s and the
// pod-to-pod and cross-zone byte totals to compare with Paved's.
//   node bench/duckdb/traffic_by_workload.mjs FLOW_LOG INTERVALS_CSV [THREADS=2]
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, intervals, threads = '2'] = process.argv.slice(2);
const quote = (p) => p.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:', { threads });
const conn = await instance.connect();
const start = performance.now();
await conn.run(`CREATE TABLE pods AS SELECT * FROM read_csv('${quote(intervals)}', header = true,
  columns = {'ip': 'VARCHAR', 'start_s': 'BIGINT', 'end_s': 'BIGINT', 'workload': 'VARCHAR',
             'zone': 'VARCHAR'})`);
const sql = `
  WITH f AS (
    SELECT CASE WHEN "pkt-srcaddr" <> '-' THEN "pkt-srcaddr" ELSE srcaddr END AS s,
           CASE WHEN "pkt-dstaddr" <> '-' THEN "pkt-dstaddr" ELSE dstaddr END AS d,
           CAST(bytes AS BIGINT) AS bytes, CAST(start AS BIGINT) AS t
    FROM read_csv('${quote(file)}', delim = ' ', header = true, all_varchar = true)
    WHERE "flow-direction" = 'egress' AND action = 'ACCEPT' AND "log-status" = 'OK')
  SELECT sp.workload AS src, dp.workload AS dst, sp.zone AS src_zone, dp.zone AS dst_zone,
         SUM(f.bytes) AS bytes
  FROM f
  JOIN pods sp ON sp.ip = f.s AND f.t >= sp.start_s AND f.t < sp.end_s
  JOIN pods dp ON dp.ip = f.d AND f.t >= dp.start_s AND f.t < dp.end_s
  GROUP BY ALL`;
const result = await conn.runAndReadAll(sql);
const seconds = (performance.now() - start) / 1000;
const rows = result.getRowObjects();
let bytes = 0n;
let cross = 0n;
for (const row of rows) {
  bytes += BigInt(row.bytes);
  if (row.src_zone && row.dst_zone && row.src_zone !== row.dst_zone) cross += BigInt(row.bytes);
}
const mb = statSync(file).size / 1e6;
console.log(`duckdb (${threads} threads): ${mb.toFixed(0)} MB in ${seconds.toFixed(2)} s: ` +
            `${(mb / seconds).toFixed(0)} MB/s, ${rows.length} edges, pod to pod ${bytes} B, ` +
            `cross-zone ${cross} B`);
console.log(`duckdb_seconds=${seconds.toFixed(3)}`);
