// Writes the catalog both systems ingest: one multi-document catalog-info.yaml with GROUPS
// Group entities (team-0..) and COMPONENTS Component entities (svc-0..), owners spread
// round-robin over the groups, with lifecycle, type, tags and system.
// Usage: node generate.mjs OUT.yaml [COMPONENTS=10000] [GROUPS=500]
import { writeFileSync } from 'node:fs';

export function generate(components = 10000, groups = 500) {
  const lifecycles = ['production', 'experimental', 'deprecated'];
  const types = ['service', 'website', 'library'];
  const docs = [];
  for (let g = 0; g < groups; ++g) {
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-${g}
  description: generated team ${g}
spec:
  type: team
  profile:
    displayName: Team ${g}
  children: []
`);
  }
  for (let c = 0; c < components; ++c) {
    docs.push(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-${c}
  title: Service ${c}
  description: generated service ${c}
  tags: [gen, t${c % 7}, tier-${c % 3}]
spec:
  type: ${types[c % types.length]}
  lifecycle: ${lifecycles[c % lifecycles.length]}
  owner: group:default/team-${c % groups}
  system: sys-${c % 50}
`);
  }
  return docs.join('---\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, components = '10000', groups = '500'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node generate.mjs OUT.yaml [COMPONENTS] [GROUPS]');
    process.exit(2);
  }
  writeFileSync(out, generate(Number(components), Number(groups)));
}
