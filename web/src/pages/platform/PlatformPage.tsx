// Platform configuration owned by the SRE team: environments, clusters, the company standards
// every rendered manifest gets, and the policy rules. Everyone reads; sre and admin edit.
import { Link, useSearchParams } from 'react-router-dom';
import { canManageTeams, useSession } from '../../session';
import { ClustersSection } from './ClustersSection';
import { EnvironmentsSection } from './EnvironmentsSection';
import { RulesSection } from './RulesSection';
import { StandardsSection } from './StandardsSection';

const kTabs = [
  { id: 'environments', title: 'Environments' },
  { id: 'clusters', title: 'Clusters' },
  { id: 'standards', title: 'Standards' },
  { id: 'rules', title: 'Policy rules' },
] as const;

type TabId = (typeof kTabs)[number]['id'];

export function PlatformPage() {
  const [params] = useSearchParams();
  const { user } = useSession();
  const canEdit = canManageTeams(user);
  const tab: TabId = kTabs.find((t) => t.id === params.get('tab'))?.id ?? 'environments';
  return (
    <div>
      <div className="page-head">
        <h1>Platform</h1>
        {canEdit ? null : <span className="muted small">Read-only: sre and admin edit.</span>}
      </div>
      <nav className="tabs" aria-label="Platform">
        {kTabs.map((t) => (
          <Link
            key={t.id}
            to={`/platform?tab=${t.id}`}
            className={t.id === tab ? 'active' : undefined}
            aria-current={t.id === tab ? 'page' : undefined}
          >
            {t.title}
          </Link>
        ))}
      </nav>
      {tab === 'environments' ? <EnvironmentsSection canEdit={canEdit} /> : null}
      {tab === 'clusters' ? <ClustersSection canEdit={canEdit} /> : null}
      {tab === 'standards' ? <StandardsSection /> : null}
      {tab === 'rules' ? <RulesSection /> : null}
    </div>
  );
}
