/**
 * Arguments of `npm run sandbox -- --language python|javascript FILE`: a clear one-line error for
 * anything else.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_LANGUAGES, type SandboxLanguage } from './sandbox-port.js';

export const SANDBOX_USAGE = 'usage: npm run sandbox -- --language python|javascript FILE';

export type SandboxCliArgs = { language: SandboxLanguage; file: string } | { error: string };

export function parseSandboxArgs(argv: string[]): SandboxCliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { language: { type: 'string', short: 'l' } }, allowPositionals: true, strict: true });
  } catch (e) {
    return { error: `${e instanceof Error ? e.message : String(e)} (${SANDBOX_USAGE})` };
  }
  const language = parsed.values.language;
  if (language === undefined) return { error: `--language is missing (${SANDBOX_USAGE})` };
  if (!(SANDBOX_LANGUAGES as readonly string[]).includes(language)) {
    return { error: `--language must be python or javascript, not "${language}" (${SANDBOX_USAGE})` };
  }
  if (parsed.positionals.length !== 1) {
    return { error: `${parsed.positionals.length === 0 ? 'the file to run is missing' : 'give exactly one file'} (${SANDBOX_USAGE})` };
  }
  return { language: language as SandboxLanguage, file: parsed.positionals[0]! };
}
