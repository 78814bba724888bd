// What a project needs before it runs somewhere, in order: a spec, deploy targets, an artifact
// and a deployment. Each step says whether it is done and which tab or CLI command does it;
// the box is shown until every step is done.
import { Link } from 'react-router-dom';
import * as api from '../../api';
import { useLoad } from '../../hooks/useLoad';

interface Step {
  id: string;
  title: string;
  done: boolean;
  tab: string;
  tabTitle: string;
  command?: string;
}

/** Whether the answer says "there is at least one" (a 404 is "none"). */
function has<T>(load: () => Promise<T>, some: (answer: T) => boolean): Promise<boolean> {
  return load().then(some, (e: unknown) => {
    if (e instanceof api.ApiError && e.status === 404) return false;
    throw e;
  });
}

function useSteps(slug: string): Step[] | null {
  const state = useLoad(
    () =>
      Promise.all([
        has(
          () => api.getSpec(slug),
          () => true,
        ),
        has(
          () => api.projectTargets(slug),
          (a) => a.items.length > 0,
        ),
        has(
          () => api.listArtifacts(slug, { limit: 1 }),
          (a) => a.items.length > 0,
        ),
        has(
          () => api.listDeployments(slug, { limit: 1 }),
          (a) => a.items.length > 0,
        ),
      ]),
    `next-steps:${slug}`,
  );
  if (!state.data) return null;
  const [spec, targets, artifact, deployed] = state.data;
  return [
    {
      id: 'spec',
      title: 'Describe the app in paved.yaml and push it',
      done: spec,
      tab: 'spec',
      tabTitle: 'Spec',
      command: `paved spec push paved.yaml -p ${slug}`,
    },
    {
      id: 'targets',
      title: 'Choose the clusters it deploys to',
      done: targets,
      tab: 'settings',
      tabTitle: 'Settings',
      command: `paved targets set -p ${slug} local-alpha local-production`,
    },
    {
      id: 'artifact',
      title: 'Record a built image (CI does this)',
      done: artifact,
      tab: 'deployments',
      tabTitle: 'Deployments',
      command: `paved artifact push -p ${slug} --image REGISTRY/IMAGE --digest sha256:…`,
    },
    {
      id: 'deploy',
      title: 'Deploy it to alpha',
      done: deployed,
      tab: 'deployments',
      tabTitle: 'Deployments',
      command: `paved deploy -p ${slug} --env alpha --all --artifact sha256:… --wait`,
    },
  ];
}

export function NextSteps({ slug }: { slug: string }) {
  const steps = useSteps(slug);
  if (!steps || steps.every((s) => s.done)) return null;
  return (
    <section className="box" data-testid="next-steps">
      <div className="box-header">
        <h2>Next steps</h2>
      </div>
      <ol className="box-body next-steps">
        {steps.map((s) => (
          <li key={s.id} data-testid="next-step" data-step={s.id} data-done={s.done}>
            <span className={`label ${s.done ? 'label-production' : 'label-danger'}`}>
              {s.done ? 'done' : 'to do'}
            </span>{' '}
            <strong>{s.title}</strong> —{' '}
            <Link to={`/projects/${encodeURIComponent(slug)}?tab=${s.tab}`}>{s.tabTitle} tab</Link>
            {s.command ? (
              <>
                {' '}
                or <code className="small">{s.command}</code>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
