// The fix Paved proposes for a cross-zone edge: kind, saving, warnings and the YAML to apply.
import type { TrafficEdge } from '../api';

interface Proposal {
  kind?: string;
  yaml?: string;
  apply_command?: string;
  monthly_saving_usd?: number;
  reasoning?: string;
  warnings?: { code: string; message: string }[];
  app_spec_change?: string;
}

export function EdgeProposal({ edge }: { edge: TrafficEdge }) {
  const p = edge.proposal as Proposal | null;
  if (!p) {
    return <span className="muted small">{edge.proposal_error ?? 'No proposal yet'}</span>;
  }
  return (
    <details data-testid="edge-proposal">
      <summary>
        {p.kind}
        {p.monthly_saving_usd !== undefined ? (
          <> — saves about ${p.monthly_saving_usd.toFixed(2)} a month</>
        ) : null}
      </summary>
      {p.reasoning ? <p className="small">{p.reasoning}</p> : null}
      {(p.warnings ?? []).map((w) => (
        <div key={w.code} className="flash flash-warn small">
          {w.message}
        </div>
      ))}
      {p.app_spec_change ? <pre className="code-view">{p.app_spec_change}</pre> : null}
      {p.yaml ? <pre className="code-view">{p.yaml}</pre> : null}
      {p.apply_command ? <pre className="code-view">{p.apply_command}</pre> : null}
    </details>
  );
}
