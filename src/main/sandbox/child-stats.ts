/**
 * The CPU time and resident memory of another process, read from the operating system while the
 * process may be stuck in a loop and cannot answer for itself. Linux reads /proc/<pid>/stat; where
 * there is no /proc (macOS, Windows) the answer is null and the caller falls back to what the child
 * reported itself (its WebAssembly memory cap still holds there).
 */
import { readFileSync } from 'node:fs';

export interface ChildStats {
  cpuSeconds: number;
  rssBytes: number;
}

/** Clock ticks per second and page size on Linux (the kernel ABI values on every mainstream build). */
const CLK_TCK = 100;
const PAGE_BYTES = 4096;

export function parseProcStat(text: string): ChildStats | null {
  // The command name (field 2) is in parentheses and may contain spaces; fields after it are plain.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): utime is field 14, stime 15, rss (pages) 24.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  if (![utime, stime, rssPages].every(Number.isFinite)) return null;
  return { cpuSeconds: (utime + stime) / CLK_TCK, rssBytes: rssPages * PAGE_BYTES };
}

export function readChildStats(pid: number | undefined, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ChildStats | null {
  if (pid === undefined) return null;
  try {
    return parseProcStat(read(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
}
