import type { ActivityEntry, ActivityKind } from '../../shared/snapshot.js';

/** The kinds the Activity panel offers as filters, with their labels. */
export const activityFilterLabels: Record<ActivityKind, string> = {
  mode: 'Mode', network: 'Network', tasks: 'Tasks', credits: 'Credits', problems: 'Problems', models: 'Models', other: 'Other',
};

/** No kind chosen shows everything; otherwise only entries of the chosen kinds. */
export function filterActivity(entries: readonly ActivityEntry[], chosen: ReadonlySet<ActivityKind>): ActivityEntry[] {
  return chosen.size === 0 ? [...entries] : entries.filter((e) => chosen.has(e.kind));
}
