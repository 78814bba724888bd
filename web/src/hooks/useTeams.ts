import { useEffect, useState } from 'react';
import * as api from '../api';
import type { Team } from '../api';

/** All teams (first 500), for pickers and filters; empty until loaded. */
export function useTeamOptions(): Team[] {
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    let live = true;
    api
      .listTeams({ limit: 500 })
      .then((page) => live && setTeams(page.items))
      .catch(() => live && setTeams([]));
    return () => {
      live = false;
    };
  }, []);
  return teams;
}
