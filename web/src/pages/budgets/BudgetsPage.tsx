// Budgets and their approval: every budget the caller may see with actual and forecast bars,
// the requests waiting for a decision (Approve / Reject for sre and admin, never on their own
// request) and a form to ask for a team's budget (team members, sre, admin).
import { useState } from 'react';
import * as api from '../../api';
import type { BudgetRequest } from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useLoad } from '../../hooks/useLoad';
import { useSubmit } from '../../hooks/useSubmit';
import { useSession } from '../../session';
import { BudgetPanel } from '../../cost/BudgetPanel';

function thisMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

function RequestForm({ teams, onDone }: { teams: string[]; onDone: () => void }) {
  const [team, setTeam] = useState(teams[0] ?? '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [month, setMonth] = useState(thisMonth());
  const submit = useSubmit();
  const send = () =>
    submit.run(async () => {
      await api.requestBudget({ team, amount: Number(amount), reason, month });
      setAmount('');
      setReason('');
      onDone();
    });
  return (
    <section className="box" data-testid="budget-request-form">
      <div className="box-header">Ask for a budget</div>
      <div className="box-body">
        <ErrorBanner error={submit.error} />
        <div className="form-group">
          <label htmlFor="budget-team">Team</label>
          <input
            id="budget-team"
            className="form-control"
            list="budget-teams"
            value={team}
            onChange={(e) => setTeam(e.target.value)}
          />
          <datalist id="budget-teams">
            {teams.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div className="form-group">
          <label htmlFor="budget-amount">USD a month</label>
          <input
            id="budget-amount"
            className="form-control"
            inputMode="numeric"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div className="form-group">
          <label htmlFor="budget-month">From month</label>
          <input
            id="budget-month"
            className="form-control"
            placeholder="YYYY-MM"
            value={month}
            onChange={(e) => setMonth(e.target.value)}
          />
        </div>
        <div className="form-group">
          <label htmlFor="budget-reason">Reason</label>
          <input
            id="budget-reason"
            className="form-control"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </div>
      <div className="box-footer">
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={submit.busy || !team || !amount || !reason.trim()}
          onClick={() => void send()}
        >
          Request
        </button>
      </div>
    </section>
  );
}

interface PendingProps {
  request: BudgetRequest;
  mayDecide: boolean;
  onDecided: () => void;
}

function Pending({ request: r, mayDecide, onDecided }: PendingProps) {
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const decide = (approve: boolean) =>
    submit.run(async () => {
      if (approve) await api.approveBudget(r.id, reason.trim());
      else await api.rejectBudget(r.id, reason.trim());
      onDecided();
    });
  return (
    <section className="box" data-testid="budget-request" data-id={r.id} data-team={r.team}>
      <div className="box-header">
        <strong>{r.team}</strong> · {r.amount.toLocaleString('en-US')} USD a month from {r.month}{' '}
        {r.kind === 'resource' ? <span className="label small">resource</span> : null}
      </div>
      <div className="box-body">
        <p className="small">
          Asked by {r.requester}: “{r.reason}”
        </p>
        <ErrorBanner error={submit.error} />
        {mayDecide ? (
          <div className="form-group">
            <label htmlFor={`budget-decision-${r.id}`}>Reason</label>
            <input
              id={`budget-decision-${r.id}`}
              className="form-control"
              placeholder="Why (required to reject)"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
        ) : (
          <p className="muted small" data-testid="budget-waits">
            Waits for an approver (sre or admin) other than the requester.
          </p>
        )}
      </div>
      {mayDecide ? (
        <div className="box-footer">
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={submit.busy}
            onClick={() => void decide(true)}
          >
            Approve
          </button>{' '}
          <button
            type="button"
            className="btn btn-sm"
            disabled={submit.busy || !reason.trim()}
            onClick={() => void decide(false)}
          >
            Reject
          </button>
        </div>
      ) : null}
    </section>
  );
}

export function BudgetsPage() {
  const { user } = useSession();
  const [generation, setGeneration] = useState(0);
  const pending = useLoad(
    () => api.listBudgetRequests({ state: 'pending' }),
    `budget-requests:${generation}`,
  );
  const approver = user.role === 'sre' || user.role === 'admin';
  const mayAsk = approver || (user.role === 'developer' && user.teams.length > 0);
  const changed = () => setGeneration((g) => g + 1);
  const items = pending.data?.items ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Budgets</h1>
      </div>
      <p className="muted small">
        Monthly team budgets. Team members ask; sre and admin approve or reject, never their own
        request. Teams are told in chat at 50, 80 and 100 % of actual or forecast spend.
      </p>
      <BudgetPanel key={`panel-${generation}`} />
      <h2>Waiting for a decision</h2>
      <ErrorBanner error={pending.error} />
      <div data-testid="budget-requests">
        {items.map((r) => (
          <Pending
            key={r.id}
            request={r}
            mayDecide={approver && r.requester !== user.login}
            onDecided={changed}
          />
        ))}
        {items.length === 0 && !pending.loading ? (
          <div className="box empty muted" data-testid="budget-requests-empty">
            No budget request waits.
          </div>
        ) : null}
      </div>
      {mayAsk ? <RequestForm teams={user.teams} onDone={changed} /> : null}
    </div>
  );
}
