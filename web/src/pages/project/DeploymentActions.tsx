// The buttons on one deployment: approve / reject while it waits for approval, cancel before it
// rolls out, roll back (to its release) once it has run. The server decides who may do what.
import { useState } from 'react';
import * as api from '../../api';
import type { ApiError, Deployment } from '../../api';
import { useSession } from '../../session';
import { mayOfferApproval } from '../deployments/deployUi';

interface Props {
  deployment: Deployment;
  /** Slug of the project's owner team (its members may be offered approval). */
  ownerTeam?: string;
  /** Called after an action succeeded (the lists reload). */
  onDone: () => void;
  /** Called with the server's refusal, e.g. 403 self_approval. */
  onError: (error: ApiError | null) => void;
  /** Asks for a rollback reason; absent where rollbacks are not offered. */
  onRollback?: (d: Deployment) => void;
  /** Its release is the one its cluster runs now: nothing to roll back to. */
  running?: boolean;
}

const kCancellable = ['pending_approval', 'waiting', 'queued'];
const kRollbackable = ['succeeded', 'rolled_back'];

export function DeploymentActions({
  deployment: d,
  ownerTeam,
  onDone,
  onError,
  onRollback,
  running = false,
}: Props) {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const slug = d.project;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    onError(null);
    try {
      await action();
      onDone();
    } catch (e) {
      onError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const pending = d.state === 'pending_approval';
  return (
    <span className="deploy-actions">
      {pending && mayOfferApproval(user, ownerTeam) ? (
        <>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={busy}
            onClick={() => void run(() => api.approveDeployment(slug, d.id))}
          >
            Approve
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={() => void run(() => api.rejectDeployment(slug, d.id))}
          >
            Reject
          </button>
        </>
      ) : null}
      {kCancellable.includes(d.state) && user.role !== 'viewer' ? (
        <button
          type="button"
          className="btn btn-sm btn-danger"
          disabled={busy}
          onClick={() => void run(() => api.cancelDeployment(slug, d.id))}
        >
          Cancel
        </button>
      ) : null}
      {onRollback && running ? (
        <span className="label small" data-testid="running-label" title="Its cluster runs it now">
          running
        </span>
      ) : null}
      {onRollback && !running && kRollbackable.includes(d.state) && user.role !== 'viewer' ? (
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => onRollback(d)}
          title="Deploy this deployment's exact release again"
        >
          Roll back to this
        </button>
      ) : null}
    </span>
  );
}
