import type { ActivityEntry, ActivityKind } from '../../shared/snapshot.js';

/**
 * The Activity panel's filter an entry falls under. The caller names what the line is about; a warning
 * or an error is a problem first (the "problems" filter is where users look when something is wrong),
 * unless it is about the network, whose losses and failures are that filter's whole story.
 */
export function activityKind(level: ActivityEntry['level'], topic: ActivityKind): ActivityKind {
  if (level === 'info') return topic;
  return topic === 'network' ? 'network' : 'problems';
}
