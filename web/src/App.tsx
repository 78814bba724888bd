import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import * as api from './api';
import type { User } from './api';
import { Header } from './components/Header';
import { SessionContext } from './session';
import { LoginPage } from './pages/login/LoginPage';
import { ProjectsPage } from './pages/projects/ProjectsPage';
import { ProjectPage } from './pages/project/ProjectPage';
import { TeamsPage } from './pages/teams/TeamsPage';
import { TeamPage } from './pages/team/TeamPage';
import { AuditPage } from './pages/audit/AuditPage';
import { ImportPage } from './pages/catalog/ImportPage';
import { OrphansPage } from './pages/catalog/OrphansPage';
import { ScorecardsPage } from './pages/catalog/ScorecardsPage';
import { NotFoundPage } from './components/NotFoundPage';
import { PlatformPage } from './pages/platform/PlatformPage';
import { ApprovalsPage } from './pages/deployments/ApprovalsPage';
import { OverviewPage } from './pages/deployments/OverviewPage';
import { AlertPage } from './pages/alerts/AlertPage';
import { GroupHistoryRedirect, GroupPage } from './pages/alerts/GroupPage';
import { IncidentPage } from './pages/incidents/IncidentPage';
import { IncidentsPage } from './pages/incidents/IncidentsPage';
import { ResourcesPage } from './pages/resources/ResourcesPage';
import { ResourcePage } from './pages/resources/ResourcePage';
import { ProfilesPage } from './pages/resources/ProfilesPage';
import { BudgetsPage } from './pages/budgets/BudgetsPage';
import { UnownedPage } from './pages/cost/UnownedPage';

// The metrics and cost pages bring the chart library: loaded on first visit only.
const MetricsPage = lazy(() =>
  import('./pages/deployments/MetricsPage').then((m) => ({ default: m.MetricsPage })),
);
const CostPage = lazy(() => import('./pages/cost/CostPage').then((m) => ({ default: m.CostPage })));
const TrafficPage = lazy(() =>
  import('./pages/traffic/TrafficPage').then((m) => ({ default: m.TrafficPage })),
);
const AlertsPage = lazy(() =>
  import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })),
);

type AuthState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'user'; user: User };

function loginPath(location: { pathname: string; search: string }): string {
  const next = location.pathname + location.search;
  if (location.pathname === '/login' || next === '/') return '/login';
  return `/login?next=${encodeURIComponent(next)}`;
}

export function App() {
  const [auth, setAuth] = useState<AuthState>({ kind: 'loading' });
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    api.onUnauthenticated(() => {
      api.setCsrfToken(null);
      setAuth({ kind: 'anonymous' });
    });
    api
      .me({ redirectOn401: false })
      .then((user) => setAuth({ kind: 'user', user }))
      .catch(() => setAuth({ kind: 'anonymous' }));
    return () => api.onUnauthenticated(null);
  }, []);

  const onLoggedIn = useCallback(
    (user: User, next: string) => {
      setAuth({ kind: 'user', user });
      navigate(next, { replace: true });
    },
    [navigate],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setAuth({ kind: 'anonymous' });
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  const session = useMemo(
    () => (auth.kind === 'user' ? { user: auth.user, logout } : null),
    [auth, logout],
  );

  if (auth.kind === 'loading') return <div className="boot">Loading…</div>;

  if (!session) {
    if (location.pathname !== '/login') return <Navigate to={loginPath(location)} replace />;
    return <LoginPage onLoggedIn={onLoggedIn} />;
  }

  return (
    <SessionContext.Provider value={session}>
      <Header />
      <main className="container">
        <Routes>
          <Route path="/" element={<Navigate to="/projects" replace />} />
          <Route path="/login" element={<Navigate to="/projects" replace />} />
          <Route path="/projects" element={<ProjectsPage />} />
          <Route path="/projects/:slug" element={<ProjectPage />} />
          <Route path="/teams" element={<TeamsPage />} />
          <Route path="/teams/:slug" element={<TeamPage />} />
          <Route path="/catalog" element={<Navigate to="/catalog/orphans" replace />} />
          <Route path="/catalog/orphans" element={<OrphansPage />} />
          <Route path="/catalog/import" element={<ImportPage />} />
          <Route path="/catalog/scorecards" element={<ScorecardsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route
            path="/cost"
            element={
              <Suspense fallback={<div className="muted">Loading…</div>}>
                <CostPage />
              </Suspense>
            }
          />
          <Route path="/cost/unowned" element={<UnownedPage />} />
          <Route
            path="/traffic"
            element={
              <Suspense fallback={<div className="muted">Loading…</div>}>
                <TrafficPage />
              </Suspense>
            }
          />
          <Route path="/platform" element={<PlatformPage />} />
          <Route path="/deployments" element={<OverviewPage />} />
          <Route
            path="/deployments/metrics"
            element={
              <Suspense fallback={<div className="muted">Loading…</div>}>
                <MetricsPage />
              </Suspense>
            }
          />
          <Route path="/approvals" element={<ApprovalsPage />} />
          <Route path="/resources" element={<ResourcesPage />} />
          <Route path="/resources/standards" element={<ProfilesPage />} />
          <Route path="/budgets" element={<BudgetsPage />} />
          <Route path="/resources/:id" element={<ResourcePage />} />
          <Route
            path="/alerts"
            element={
              <Suspense fallback={<div className="muted">Loading…</div>}>
                <AlertsPage />
              </Suspense>
            }
          />
          <Route path="/alerts/groups/:cluster/:namespace" element={<GroupPage />} />
          <Route path="/alerts/groups" element={<Navigate to="/alerts" replace />} />
          <Route path="/alerts/history" element={<GroupHistoryRedirect />} />
          <Route path="/alerts/:fingerprint" element={<AlertPage />} />
          <Route path="/incidents" element={<IncidentsPage />} />
          <Route path="/incidents/:id" element={<IncidentPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </SessionContext.Provider>
  );
}
