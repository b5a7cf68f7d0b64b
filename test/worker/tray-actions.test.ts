import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/app/composition-root.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { runTrayAction, trayActionEffect, type TrayAction, type TrayActionTargets } from '../../src/main/tray/tray-actions.js';
import { buildTrayModel, type TrayItem } from '../../src/main/tray/tray-model.js';
import { operations } from '../../src/shared/contract.js';
import { formatLocalTime } from '../../src/main/worker/snooze.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real core in On (a coordinator nobody listens on) and the targets the Electron shell would pass. */
async function startCore(): Promise<{ core: Core; clock: ManualClock; targets: TrayActionTargets; seen: string[] }> {
  const { dir, cleanup } = tempDir('edgecoder-tray-actions-');
  cleanups.push(cleanup);
  const clock = new ManualClock();
  const logger = memoryLogger();
  const settings = openConfSettings(dir, logger, () => clock.now());
  settings.update({ mode: 'on', coordinatorUrl: 'http://127.0.0.1:9' });
  const core = createCore({ dataDir: dir, settings, clock, logger, version: '0.0.0-test', inferenceTransport: childProcessTransport(), inferenceThreads: 1 });
  await core.start();
  cleanups.push(() => core.stop());
  const seen: string[] = [];
  const targets: TrayActionTargets = {
    handlers: core.handlers,
    openDashboard: () => seen.push('open-dashboard'),
    quit: () => seen.push('quit'),
    failed: (message) => seen.push(`failed: ${message}`),
  };
  return { core, clock, targets, seen };
}

/** Finds a menu item by label, in submenus too, and returns its action. */
function actionLabelled(items: TrayItem[], label: string): TrayAction {
  for (const item of items) {
    if (item.kind === 'submenu') {
      const inner = item.items.find((i) => i.label === label);
      if (inner) return inner.action;
    } else if ((item.kind === 'action' || item.kind === 'mode') && item.label === label) {
      return item.action;
    }
  }
  throw new Error(`no tray item labelled ${label}: ${JSON.stringify(items.map((i) => ('label' in i ? i.label : i.kind)))}`);
}

describe('tray actions run the contract calls the dashboard makes', () => {
  it('each contract action names an operation whose schema accepts its arguments', () => {
    const actions: TrayAction[] = [
      { kind: 'set-mode', mode: 'bluetooth-local' }, { kind: 'snooze', preset: 'tomorrow' }, { kind: 'resume' }, { kind: 'finish-then-stop' },
    ];
    expect(actions.map((a) => trayActionEffect(a))).toEqual([
      { kind: 'contract', call: { op: 'setMode', args: { mode: 'bluetooth-local' } } },
      { kind: 'contract', call: { op: 'snooze', args: { preset: 'tomorrow' } } },
      { kind: 'contract', call: { op: 'resumeWork', args: {} } },
      { kind: 'contract', call: { op: 'finishThenStop', args: {} } },
    ]);
    for (const a of actions) {
      const effect = trayActionEffect(a);
      if (effect.kind !== 'contract') throw new Error('expected a contract call');
      expect(operations[effect.call.op].args.safeParse(effect.call.args).success).toBe(true);
    }
  });

  it('clicking through the menu of a live core: snooze, resume, finish then stop, mode', async () => {
    const { core, clock, targets, seen } = await startCore();
    const menu = (): TrayItem[] => buildTrayModel(core.snapshot.current(), clock.now()).items;

    await runTrayAction(actionLabelled(menu(), '1 hour'), targets);
    const until = clock.now() + 3_600_000;
    expect(core.gate.status()).toMatchObject({ state: 'snoozed', snoozedUntil: until });
    expect(buildTrayModel(core.snapshot.current(), clock.now()).icon).toBe('tray-paused');

    await runTrayAction(actionLabelled(menu(), `Resume (snoozed until ${formatLocalTime(until, clock.now())})`), targets);
    expect(core.gate.status().snoozedUntil).toBeNull();
    expect(menu().some((i) => i.kind === 'submenu' && i.label === 'Snooze')).toBe(true);

    // No task runs, so "finish then stop" is shown disabled; the action itself still ends in Off at once.
    await runTrayAction(actionLabelled(menu(), 'Finish running tasks, then stop (none running)'), targets);
    expect(core.snapshot.current()).toMatchObject({ mode: 'off', modeChange: { cause: 'drained' } });

    await runTrayAction(actionLabelled(menu(), 'On'), targets);
    expect(core.snapshot.current()).toMatchObject({ mode: 'on', modeChange: { cause: 'user' } });

    await runTrayAction(actionLabelled(menu(), 'Open Dashboard'), targets);
    await runTrayAction(actionLabelled(menu(), 'Quit EdgeCoder Runner'), targets);
    expect(seen).toEqual(['open-dashboard', 'quit']);
  });

  it('arguments the contract refuses are reported, not run', async () => {
    const { core, targets, seen } = await startCore();
    const bad = { kind: 'snooze', preset: '2h' } as unknown as TrayAction;
    await runTrayAction(bad, targets);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe('failed: snooze: (args): Invalid input');
    expect(core.gate.status().snoozedUntil).toBeNull();
  });

  it('an unknown action is a type error, and throws if forced through at run time', async () => {
    const { targets } = await startCore();
    // @ts-expect-error: 'snooze-forever' is not a TrayAction kind (this line fails tsc if it ever becomes one)
    const unknown: TrayAction = { kind: 'snooze-forever' };
    await expect(runTrayAction(unknown, targets)).rejects.toThrow(/Unknown tray action: {"kind":"snooze-forever"}/);
  });
});
