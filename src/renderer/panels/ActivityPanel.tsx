import type { ActivityEntry } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';

export function ActivityPanel({ activity }: { activity: ActivityEntry[] }): React.JSX.Element {
  return (
    <Panel title="Activity" testId="panel-activity">
      {activity.length === 0 ? (
        <EmptyState what="Mode changes, network loss and recovery, tasks and syncs will be logged here." why="Nothing has happened since the runner started." />
      ) : (
        <ol className="activity">
          {activity.map((a, i) => (
            <li key={`${a.at}-${i}`} className={a.level} data-testid="activity-entry">
              <time dateTime={new Date(a.at).toISOString()}>{new Date(a.at).toLocaleTimeString()}</time>
              <span>{a.message}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
