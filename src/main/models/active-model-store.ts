/**
 * Where the choice of active model is kept: a port, so the Electron shell can back it with
 * electron-store and the headless host with conf; the default is a small JSON file in the data dir.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface ActiveModelPort {
  get(): string | null;
  set(fileName: string | null): void;
}

const stateSchema = z.object({ active: z.string().nullable() });

export function jsonActiveModelStore(path: string): ActiveModelPort {
  return {
    get: () => {
      try {
        const parsed = stateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
        return parsed.success ? parsed.data.active : null;
      } catch {
        return null; // missing or unreadable: no active model, never a crash
      }
    },
    set: (fileName) => {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ active: fileName })}\n`);
      renameSync(tmp, path);
    },
  };
}
