// "Open incident" on an alert group: the server finds the project from the group's namespace
// and the start from its first firing alert; then the incident's page opens.
import { useNavigate } from 'react-router-dom';
import * as api from '../../api';
import { ErrorBanner } from '../../components/Field';
import { useSubmit } from '../../hooks/useSubmit';

export function OpenFromGroupButton({ group }: { group: string }) {
  const navigate = useNavigate();
  const { busy, error, run } = useSubmit();
  const open = () =>
    run(async () => {
      const i = await api.openIncident({ alert_group: group });
      navigate(`/incidents/${encodeURIComponent(i.id)}`);
    });
  return (
    <span>
      <button type="button" className="btn" disabled={busy} onClick={() => void open()}>
        Open incident
      </button>
      <ErrorBanner error={error} />
    </span>
  );
}
