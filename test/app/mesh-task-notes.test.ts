import { describe, expect, it } from 'vitest';
import { deviceLabel, ledgerHandoverLine, MeshTaskNotes, meshTaskLine, type ActivityLine, type MeshTaskOutcome } from '../../src/main/app/mesh-task-notes.js';

const AGENT = 'agent-0123456789abcdef';

describe('deviceLabel', () => {
  it.each([
    ['seen with a name: name and the first 11 characters of the id', [{ agentId: AGENT, localName: 'Pixel 7' }], 'Pixel 7 (agent-01234…)'],
    ['seen without a name: the bare id', [{ agentId: AGENT, localName: null }], AGENT],
    ['another device seen, not this one: the bare id', [{ agentId: 'other', localName: 'Pixel 7' }], AGENT],
    ['nothing seen (central stopped): the bare id', [], AGENT],
    ['an empty name counts as none', [{ agentId: AGENT, localName: '' }], AGENT],
  ])('%s', (_what, seen, label) => {
    expect(deviceLabel(AGENT, seen)).toBe(label);
  });
});

describe('meshTaskLine', () => {
  it.each<[string, MeshTaskOutcome, ActivityLine]>([
    ['served', { requesterId: 'x', tx: { credits: 0.3, cpuSeconds: 1 } }, { level: 'info', text: 'Served a task for Phone over Bluetooth: +0.3 credits (1 CPU s), pending sync.', topic: 'tasks' }],
    ['refused with a reason', { requesterId: 'x', error: 'no local model is active and loaded' }, { level: 'warn', text: 'A task from Phone over Bluetooth was not served: no local model is active and loaded', topic: 'tasks' }],
    ['a coding task served', { requesterId: 'x', tx: { credits: 0.42, cpuSeconds: 1.4 }, coding: { language: 'python', iterations: 2, exitCode: 0 } },
      { level: 'info', text: 'Ran a Python task for Phone over Bluetooth: ok after 2 attempts, 1.4 CPU-s, +0.42 credits, pending sync.', topic: 'tasks' }],
    ['a coding task served whose code still failed', { requesterId: 'x', tx: { credits: 0.1, cpuSeconds: 0.3 }, coding: { language: 'javascript', iterations: 1, exitCode: 1, reason: 'max_iterations' } },
      { level: 'info', text: 'Ran a JavaScript task for Phone over Bluetooth: failed after 1 attempt (max iterations), 0.3 CPU-s, +0.1 credits, pending sync.', topic: 'tasks' }],
    ['refused without a reason', { requesterId: 'x' }, { level: 'warn', text: 'A task from Phone over Bluetooth was not served: unknown reason', topic: 'tasks' }],
  ])('%s', (_what, event, line) => {
    expect(meshTaskLine(event, 'Phone')).toEqual(line);
  });

  it('a hand-over names the count', () => {
    expect(ledgerHandoverLine(3)).toEqual({ level: 'info', text: 'A nearby device handed over 3 transaction(s) this computer was missing; recorded, pending sync.', topic: 'credits' });
  });
});

describe('MeshTaskNotes: every served task, each refusal once', () => {
  const served: MeshTaskOutcome = { requesterId: 'a', tx: { credits: 1, cpuSeconds: 2 } };
  const noModel: MeshTaskOutcome = { requesterId: 'a', error: 'no model' };
  const busy: MeshTaskOutcome = { requesterId: 'a', error: 'busy' };
  const noModelFromB: MeshTaskOutcome = { requesterId: 'b', error: 'no model' };

  // Which of the events leave a line (by index), and how often the Credits slice refreshes.
  it.each<[string, MeshTaskOutcome[], number[], number]>([
    ['the same refusal three times: one line', [noModel, noModel, noModel], [0], 0],
    ['a different refusal shows, then the first again shows too', [noModel, busy, noModel], [0, 1, 2], 0],
    ['the same reason from another device is another line', [noModel, noModelFromB, noModelFromB], [0, 1], 0],
    ['a served task resets it: the refusal shows again', [noModel, served, noModel], [0, 1, 2], 1],
    ['served tasks always show', [served, served], [0, 1], 2],
  ])('%s', (_what, events, shown, servedCount) => {
    const lines: ActivityLine[] = [];
    let refreshed = 0;
    const notes = new MeshTaskNotes({ nameOf: (id) => `device ${id}`, note: (level, text, topic) => lines.push({ level, text, topic }), onServed: () => refreshed++ });
    for (const e of events) notes.record(e);
    expect(lines).toEqual(shown.map((i) => {
      const e = events[i];
      if (!e) throw new Error(`no event ${i}`);
      return meshTaskLine(e, `device ${e.requesterId}`);
    }));
    expect(refreshed).toBe(servedCount);
  });

  it('names the device as nameOf says at the time of the outcome', () => {
    const lines: string[] = [];
    let name = 'agent-a';
    const notes = new MeshTaskNotes({ nameOf: () => name, note: (_l, t) => lines.push(t) });
    notes.record(served);
    name = 'Pixel 7 (agent-a…)';
    notes.record(served);
    expect(lines.map((l) => l.split(' over')[0])).toEqual(['Served a task for agent-a', 'Served a task for Pixel 7 (agent-a…)']);
  });
});
