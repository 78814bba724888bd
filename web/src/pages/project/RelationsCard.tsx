import { Link } from 'react-router-dom';
import * as api from '../../api';
import type { Relation } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

const kRelationTitles: Record<string, string> = {
  dependsOn: 'Depends on',
  dependencyOf: 'Depended on by',
  providesApi: 'Provides',
  apiProvidedBy: 'Provided by',
  consumesApi: 'Consumes',
  apiConsumedBy: 'Consumed by',
  partOf: 'Part of',
  hasPart: 'Has part',
  ownedBy: 'Owned by',
  ownerOf: 'Owner of',
};

/** "dependsOn" → "Depends on"; unknown types are split at their capitals. */
export function relationTitle(type: string): string {
  const known = kRelationTitles[type];
  if (known) return known;
  const words = type
    .replace(/([A-Z])/g, ' $1')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Target({ relation }: { relation: Relation }) {
  const kind = relation.target_kind.toLowerCase();
  if (kind === 'component') {
    return <Link to={`/projects/${relation.target_name}`}>{relation.target_name}</Link>;
  }
  if (kind === 'group') {
    return <Link to={`/teams/${relation.target_name}`}>{relation.target_name}</Link>;
  }
  return (
    <span>
      {relation.target_name} <span className="label">{kind}</span>
    </span>
  );
}

function groupByType(items: Relation[]): [string, Relation[]][] {
  const groups = new Map<string, Relation[]>();
  for (const r of items) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  return [...groups.entries()];
}

/** The project's relations in both directions, grouped by type. */
export function RelationsCard({ slug }: { slug: string }) {
  const relations = useLoad(() => api.projectRelations(slug), slug);
  const groups = groupByType(relations.data?.items ?? []);
  return (
    <section className="box" data-testid="relations">
      <div className="box-header">
        <h2>Relations</h2>
      </div>
      <ErrorBanner error={relations.error} />
      {groups.length > 0 ? (
        <div className="box-body">
          <dl className="props">
            {groups.map(([type, items]) => (
              <div key={type} className="props-row" data-relation={type}>
                <dt>{relationTitle(type)}</dt>
                <dd>
                  {items.map((r, i) => (
                    <span key={r.target}>
                      {i > 0 ? ', ' : null}
                      <Target relation={r} />
                    </span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : !relations.loading && !relations.error ? (
        <div className="empty">No relations.</div>
      ) : null}
    </section>
  );
}
