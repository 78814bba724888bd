import { useCallback, useEffect, useState } from 'react';
import { Link, NavLink } from 'react-router-dom';
import * as api from '../api';
import { useDeployRefresh } from '../pages/deployments/deployUi';
import { useSession } from '../session';

/** How many deployments wait for the caller's approval (0 while unknown). */
function useApprovalCount(): number {
  const [count, setCount] = useState(0);
  const load = useCallback(() => {
    api
      .listApprovals()
      .then((a) => setCount(a.items.length))
      .catch(() => setCount(0));
  }, []);
  useEffect(load, [load]);
  useDeployRefresh(load, true, undefined, 15_000);
  return count;
}

export function Header() {
  const { user, logout } = useSession();
  const approvals = useApprovalCount();
  return (
    <header className="app-header">
      <div className="container header-inner">
        <Link to="/projects" className="brand">
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
            <rect x="1" y="1" width="18" height="18" rx="4" fill="#1f2328" />
            <path d="M5 14 L10 5 L15 14" stroke="#fff" strokeWidth="2" fill="none" />
          </svg>
          Paved
        </Link>
        <nav className="main-nav" aria-label="Main">
          <NavLink to="/projects">Projects</NavLink>
          <NavLink to="/teams">Teams</NavLink>
          <NavLink to="/deployments">Deployments</NavLink>
          <NavLink to="/approvals">
            Approvals
            {approvals > 0 ? (
              <span className="counter nav-counter" data-testid="approvals-count">
                {approvals}
              </span>
            ) : null}
          </NavLink>
          <NavLink to="/resources">Resources</NavLink>
          <NavLink to="/budgets">Budgets</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
          <NavLink to="/incidents">Incidents</NavLink>
          <NavLink to="/cost">Cost</NavLink>
          <NavLink to="/traffic">Traffic</NavLink>
          <NavLink to="/catalog">Catalog</NavLink>
          <NavLink to="/audit">Audit</NavLink>
          <NavLink to="/platform">Platform</NavLink>
        </nav>
        <div className="header-user">
          <span className="user-name" data-testid="current-user">
            {user.login}
          </span>
          <span className="label">{user.role}</span>
          <button type="button" className="btn btn-sm" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
