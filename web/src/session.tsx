// The logged-in user, shared by every page.
import { createContext, useContext } from 'react';
import type { User } from './api';

export interface Session {
  user: User;
  /** Ends the session and shows the login page. */
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The current session. REQUIRES: rendered inside the logged-in layout. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside of a session');
  return session;
}

/** True when the role may manage teams and their members. */
export function canManageTeams(user: User): boolean {
  return user.role === 'admin' || user.role === 'sre';
}

/** True when the role may create projects (developers only for their teams). */
export function canCreateProjects(user: User): boolean {
  return user.role !== 'viewer';
}
