import type { FacetCounts, ProjectFacets } from '../../api';

export type FacetName = 'owner' | 'lifecycle' | 'tag' | 'system';
const kFacets: { name: FacetName; title: string }[] = [
  { name: 'owner', title: 'Owner' },
  { name: 'lifecycle', title: 'Lifecycle' },
  { name: 'tag', title: 'Tag' },
  { name: 'system', title: 'System' },
];

interface FacetSidebarProps {
  facets: ProjectFacets | null;
  selected: Record<FacetName, string>;
  /** Selects `value` for `facet`, or clears the facet when value is "". */
  onSelect: (facet: FacetName, value: string) => void;
}

function sortedCounts(counts: FacetCounts | undefined): [string, number][] {
  return Object.entries(counts ?? {})
    .filter(([value]) => value !== '')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The project list's facets: each value with how many projects match, as toggles. */
export function FacetSidebar({ facets, selected, onSelect }: FacetSidebarProps) {
  return (
    <aside className="facets" aria-label="Filters" data-testid="facets">
      {kFacets.map(({ name, title }) => {
        const values = sortedCounts(facets?.[name]);
        const current = selected[name];
        if (values.length === 0 && !current) return null;
        return (
          <div key={name} className="facet" data-facet={name}>
            <h3>{title}</h3>
            <ul>
              {values.map(([value, count]) => {
                const active = current === value;
                return (
                  <li key={value}>
                    <button
                      type="button"
                      className={active ? 'facet-value active' : 'facet-value'}
                      aria-pressed={active}
                      data-value={value}
                      onClick={() => onSelect(name, active ? '' : value)}
                    >
                      <span className="facet-label">{value}</span>
                      <span className="counter">{count}</span>
                    </button>
                  </li>
                );
              })}
              {current && !values.some(([v]) => v === current) ? (
                <li>
                  <button
                    type="button"
                    className="facet-value active"
                    aria-pressed
                    data-value={current}
                    onClick={() => onSelect(name, '')}
                  >
                    <span className="facet-label">{current}</span>
                    <span className="counter">0</span>
                  </button>
                </li>
              ) : null}
            </ul>
          </div>
        );
      })}
    </aside>
  );
}
