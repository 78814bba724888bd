import { Link } from 'react-router-dom';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <div className="blankslate">
      <h2>Not found</h2>
      <p>
        This {what} does not exist. <Link to="/projects">Back to projects</Link>
      </p>
    </div>
  );
}
