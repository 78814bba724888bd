// The effective policy rules with their severities: errors block a deploy, warnings inform.
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';

export function RulesSection() {
  const rules = useLoad(() => api.listPolicyRules(), 'policy-rules');
  const items = rules.data?.items ?? [];
  return (
    <div className="box" data-testid="policy-rules">
      <div className="box-header">
        <h2>
          Policy rules <span className="counter">{items.length}</span>
        </h2>
        <p className="note">Errors block a deploy unless the project has an active exception.</p>
      </div>
      <ErrorBanner error={rules.error} />
      <table className="table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Severity</th>
            <th>Description</th>
            <th>Kinds</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-rule={r.id}>
              <td className="mono nowrap">{r.id}</td>
              <td>
                <span className={r.severity === 'error' ? 'sev sev-error' : 'sev sev-warning'}>
                  {r.severity}
                </span>
              </td>
              <td>{r.description}</td>
              <td className="small">{(r.kinds ?? []).join(', ') || 'all'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
