/** RSS and CPU time of a process and all its descendants, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; cpuTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    parents.set(s.ppid, [...(parents.get(s.ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    out.push(pid);
    for (const child of parents.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

export interface Footprint {
  processes: number;
  rssMB: number;
  cpuSeconds: number;
}

export function footprint(root: number): Footprint {
  const pids = processTree(root);
  let rss = 0;
  let ticks = 0;
  for (const pid of pids) {
    rss += rssKb(pid);
    ticks += stat(pid)?.cpuTicks ?? 0;
  }
  return { processes: pids.length, rssMB: Math.round(rss / 102.4) / 10, cpuSeconds: ticks / TICKS_PER_SECOND };
}
