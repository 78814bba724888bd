// Resources across projects, filtered by team, kind, environment and status; the filters live in
// the query string so a filtered list can be linked.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../../api';
import type { Resource } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { usePaged } from '../../hooks/usePaged';
import { useTeamOptions } from '../../hooks/useTeams';
import { useLoad } from '../../hooks/useLoad';
import { formatPrice, ResourceStatus, sizeOf } from './resourcesUi';

const kFilters = ['team', 'kind', 'environment', 'status'] as const;
type FilterName = (typeof kFilters)[number];

function FilterSelect(props: {
  name: FilterName;
  label: string;
  options: string[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="inline-row">
      <span className="facet-label">{props.label}</span>
      <select
        className="form-control"
        data-testid={`filter-${props.name}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Row({ r }: { r: Resource }) {
  return (
    <tr data-testid="resource-row" data-name={r.name} data-project={r.project}>
      <td>
        <Link to={`/resources/${r.id}`} className="strong">
          {r.name}
        </Link>
      </td>
      <td>
        <Link to={`/projects/${r.project}?tab=resources`}>{r.project}</Link>
      </td>
      <td>
        <Link to={`/teams/${r.owner_team}`}>{r.owner_team}</Link>
      </td>
      <td>{r.kind}</td>
      <td>{r.environment}</td>
      <td>
        <ResourceStatus status={r.status} />
      </td>
      <td className="mono">{sizeOf(r)}</td>
      <td className="num">{formatPrice(r)}</td>
    </tr>
  );
}

export function ResourcesPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const f: api.ResourceFilters = {};
    for (const name of kFilters) f[name] = params.get(name) ?? '';
    return f;
  }, [params]);
  const teams = useTeamOptions();
  const profiles = useLoad(() => api.listResourceProfiles(), 'resource-profiles');
  const environments = [...new Set((profiles.data?.items ?? []).map((p) => p.environment))];
  const list = usePaged(
    (page) => api.listSelfServiceResources(filters, { ...page, limit: 50 }),
    JSON.stringify(filters),
  );

  const setFilter = (name: FilterName, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="resources-page">
      <div className="page-head">
        <h1>Resources</h1>
        <Link to="/resources/standards" className="btn">
          The standard
        </Link>
      </div>
      <div className="filters">
        <FilterSelect
          name="team"
          label="Team"
          options={teams.map((t) => t.slug)}
          value={filters.team ?? ''}
          onChange={(v) => setFilter('team', v)}
        />
        <FilterSelect
          name="kind"
          label="Kind"
          options={[...api.kResourceKinds]}
          value={filters.kind ?? ''}
          onChange={(v) => setFilter('kind', v)}
        />
        <FilterSelect
          name="environment"
          label="Environment"
          options={environments}
          value={filters.environment ?? ''}
          onChange={(v) => setFilter('environment', v)}
        />
        <FilterSelect
          name="status"
          label="Status"
          options={api.kResourceStatuses}
          value={filters.status ?? ''}
          onChange={(v) => setFilter('status', v)}
        />
      </div>
      <ErrorBanner error={list.error} />
      <div className="box">
        {list.items.length === 0 && !list.loading ? (
          <div className="empty" data-testid="no-resources">
            No resources match.
          </div>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Project</th>
                <th>Team</th>
                <th>Kind</th>
                <th>Environment</th>
                <th>Status</th>
                <th>Size</th>
                <th className="num">Estimated price</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <Row key={r.id} r={r} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <LoadMore cursor={list.nextCursor} loading={list.loading} onClick={list.loadMore} />
    </div>
  );
}
