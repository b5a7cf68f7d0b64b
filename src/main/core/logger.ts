/** Structured logging as a dependency: services log events with fields, the host decides where they go. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

export function createLogger(
  sink: (line: { level: LogLevel; scope: string; event: string; fields: LogFields; ts: number }) => void,
  scope = 'app',
  now: () => number = Date.now,
): Logger {
  return {
    log: (level, event, fields = {}) => sink({ level, scope, event, fields, ts: now() }),
    child: (sub) => createLogger(sink, `${scope}.${sub}`, now),
  };
}

/** Writes JSON lines to stderr at or above a level. */
export function stderrLogger(min: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  return createLogger((line) => {
    if (order.indexOf(line.level) >= order.indexOf(min)) process.stderr.write(`${JSON.stringify(line)}\n`);
  });
}

/** Keeps lines in memory (bounded), for tests and the Activity panel. */
export function memoryLogger(capacity = 1000): Logger & { lines: Array<{ level: LogLevel; scope: string; event: string; fields: LogFields }> } {
  const lines: Array<{ level: LogLevel; scope: string; event: string; fields: LogFields }> = [];
  const base = createLogger((line) => {
    lines.push(line);
    if (lines.length > capacity) lines.shift();
  });
  return Object.assign(base, { lines });
}

export const silentLogger: Logger = createLogger(() => undefined);
