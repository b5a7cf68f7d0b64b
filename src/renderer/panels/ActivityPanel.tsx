import { memo, useState } from 'react';
import { activityKinds, type ActivityEntry, type ActivityKind } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { activityFilterLabels, filterActivity } from '../worker/activity-filter.js';

/** The Activity list with one toggle per kind; none pressed shows everything. */
function ActivityPanelView({ activity }: { activity: ActivityEntry[] }): React.JSX.Element {
  const [chosen, setChosen] = useState<ReadonlySet<ActivityKind>>(new Set());
  const toggle = (kind: ActivityKind): void => {
    const next = new Set(chosen);
    if (!next.delete(kind)) next.add(kind);
    setChosen(next);
  };
  const shown = filterActivity(activity, chosen);
  return (
    <Panel title="Activity" testId="panel-activity" aside={activity.length > 0 && <span className="count" data-testid="activity-count">{shown.length === activity.length ? activity.length : `${shown.length} of ${activity.length}`}</span>}>
      {activity.length === 0 ? (
        <EmptyState what="Mode changes, network loss and recovery, tasks and syncs will be logged here." why="Nothing has happened since the runner started." />
      ) : (
        <>
          <div className="chips" role="group" aria-label="Show only" data-testid="activity-filters">
            <button type="button" aria-pressed={chosen.size === 0} data-testid="activity-filter-all" onClick={() => setChosen(new Set())}>All</button>
            {activityKinds.map((kind) => (
              <button key={kind} type="button" aria-pressed={chosen.has(kind)} data-testid={`activity-filter-${kind}`} onClick={() => toggle(kind)}>
                {activityFilterLabels[kind]}
              </button>
            ))}
          </div>
          {shown.length === 0 ? (
            <p className="sub" data-testid="activity-filtered-empty">Nothing of that kind among the last {activity.length} entries.</p>
          ) : (
            <ol className="activity">
              {shown.map((a, i) => (
                <li key={`${a.at}-${i}`} className={a.level} data-testid="activity-entry" data-kind={a.kind}>
                  <time dateTime={new Date(a.at).toISOString()}>{new Date(a.at).toLocaleTimeString()}</time>
                  <span>{a.message}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Panel>
  );
}

/** Memoised on its slice: a peers change (several a second with 200 devices) passes it by. */
export const ActivityPanel = memo(ActivityPanelView);
