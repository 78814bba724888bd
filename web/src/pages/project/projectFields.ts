// Text forms of the project's list fields, as edited in the project form.
import type { ProjectLink, ProjectNamespace } from '../../api';

/** "a, b ,c" → ["a","b","c"]; empty parts dropped. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function formatList(items: string[] | undefined): string {
  return (items ?? []).join(', ');
}

/** One link per line: "URL optional title". */
export function parseLinks(text: string): ProjectLink[] {
  const links: ProjectLink[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const space = trimmed.search(/\s/);
    const url = space < 0 ? trimmed : trimmed.slice(0, space);
    const title = space < 0 ? '' : trimmed.slice(space).trim();
    links.push({ url, title, icon: '' });
  }
  return links;
}

export function formatLinks(links: ProjectLink[] | undefined): string {
  return (links ?? []).map((l) => (l.title ? `${l.url} ${l.title}` : l.url)).join('\n');
}

/** One per line: "namespace" (every cluster) or "cluster/namespace". */
export function parseNamespaces(text: string): ProjectNamespace[] {
  const out: ProjectNamespace[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const slash = trimmed.indexOf('/');
    out.push(
      slash < 0
        ? { cluster: '', namespace: trimmed }
        : { cluster: trimmed.slice(0, slash).trim(), namespace: trimmed.slice(slash + 1).trim() },
    );
  }
  return out;
}

export function formatNamespaces(namespaces: ProjectNamespace[] | undefined): string {
  return (namespaces ?? [])
    .map((n) => (n.cluster ? `${n.cluster}/${n.namespace}` : n.namespace))
    .join('\n');
}

/** Deep equality of JSON-like values; links compare by url and title only. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('url' in o) return { url: o.url, title: o.title ?? '' };
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, normalize(o[k])]),
    );
  }
  return value;
}
