import { useState } from 'react';
import { Link } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { Time } from '../../components/Time';
import { useLoad } from '../../hooks/useLoad';
import { TransferForm } from './TransferForm';

interface OwnershipCardProps {
  slug: string;
  owner: string;
  canTransfer: boolean;
  /** Open the transfer form right away (e.g. coming from "Needs an owner"). */
  startTransfer?: boolean;
  onTransferred: () => void;
}

function TeamRef({ slug }: { slug: string | null }) {
  return slug ? <Link to={`/teams/${slug}`}>{slug}</Link> : <span className="muted">nobody</span>;
}

/** Who owned the project when, and the "Transfer" action. */
export function OwnershipCard(props: OwnershipCardProps) {
  const { slug, owner, canTransfer, onTransferred } = props;
  const history = useLoad(() => api.ownershipHistory(slug), `${slug}\n${owner}`);
  const [transferring, setTransferring] = useState(!!props.startTransfer);
  const items = history.data?.items ?? [];

  return (
    <section className="box" data-testid="ownership">
      <div className="box-header box-header-actions">
        <h2>Ownership</h2>
        {canTransfer && !transferring ? (
          <button className="btn btn-sm" onClick={() => setTransferring(true)}>
            Transfer
          </button>
        ) : null}
      </div>
      {transferring ? (
        <TransferForm
          slug={slug}
          currentOwner={owner}
          onCancel={() => setTransferring(false)}
          onDone={() => {
            setTransferring(false);
            onTransferred();
            history.reload();
          }}
        />
      ) : null}
      <ErrorBanner error={history.error} />
      <table className="table" data-testid="ownership-history">
        <tbody>
          {items.map((c, i) => (
            <tr key={`${c.time}-${i}`} data-to-team={c.to_team}>
              <td>
                <TeamRef slug={c.from_team} /> → <TeamRef slug={c.to_team} />
                <div className="small">
                  {c.reason || <span className="muted">No reason given.</span>}
                </div>
                <div className="muted small">
                  by {c.actor}, <Time value={c.time} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!history.loading && !history.error && items.length === 0 ? (
        <div className="empty">Never transferred.</div>
      ) : null}
    </section>
  );
}
