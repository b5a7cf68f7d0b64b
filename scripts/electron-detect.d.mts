export type ElectronDetection =
  | { ok: true; binary: string }
  | { ok: false; code: 'binary-missing' | 'no-display'; reason: string };

export interface DetectElectronInput {
  env: Record<string, string | undefined>;
  platform: string;
  projectDir: string;
  exists: (file: string) => boolean;
  readFile: (file: string) => string;
}

export function electronBinaryName(platform: string): string;
export function detectElectron(input: DetectElectronInput): ElectronDetection;
