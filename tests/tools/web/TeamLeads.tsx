// Deliberately wrong: a page that reads `lead` from a team's members, a field GET
// /api/v1/teams/{slug} does not send (its TeamMember schema in docs/openapi.json has login and
// role only). tsc over a copy of web/ with this page added must reject it (tests/CMakeLists.txt
// checks that it does); it is never part of the UI.
import * as api from '../../api';
import { useLoad } from '../../hooks/useLoad';

export function TeamLeads({ slug }: { slug: string }) {
  const team = useLoad(() => api.getTeam(slug), slug);
  const leads = (team.data?.members ?? []).filter((m) => m.lead);
  return <p>{leads.map((m) => m.login).join(', ')}</p>;
}
