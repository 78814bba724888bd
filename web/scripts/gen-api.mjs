// Generates src/api/schema.d.ts (the `paths` and `components` types of the API) from the
// server's contract in ../docs/openapi.json. The file is written only when its text changes,
// so an unchanged contract does not make the web build stale.
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

const source = new URL('../../docs/openapi.json', import.meta.url);
const target = new URL('../src/api/schema.d.ts', import.meta.url);

const contract = JSON.parse(await readFile(source, 'utf8'));
const header = '// Generated from docs/openapi.json by `npm run gen:api`; do not edit.\n\n';
const text = header + astToString(await openapiTS(contract));
const old = await readFile(target, 'utf8').catch(() => '');
if (old !== text) await writeFile(target, text);
