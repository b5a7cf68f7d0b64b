/**
 * What the coding loop asks the model: a short plan, the program, and a fix carrying the task, the code,
 * its exit code and its error output. Error text is cut to its end (where tracebacks say what failed)
 * so a long failure cannot push the prompt past the model's context.
 */
import type { SandboxLanguage } from '../sandbox/sandbox-port.js';
import { languageName } from './coding-types.js';

/** Characters of one error kept in a prompt (the end of it). */
export const ERROR_CHARS = 1500;
/** Earlier errors (from a mesh request's history) kept in a fix prompt. */
export const HISTORY_ENTRIES = 3;

const fenceTag = (l: SandboxLanguage): string => (l === 'python' ? 'python' : 'javascript');

const SANDBOX_RULES =
  'It runs in a sandbox with the standard library only: no files, no network, no input, no packages to install. Print the result to stdout.';

export function tail(text: string, max = ERROR_CHARS): string {
  const t = text.trim();
  return t.length <= max ? t : `…${t.slice(t.length - max)}`;
}

export function planPrompt(language: SandboxLanguage, task: string): string {
  return [
    `You will write a ${languageName(language)} program for this task:`,
    task.trim(),
    '',
    'Write a short plan for it first: at most five steps, no code.',
    'Plan:',
  ].join('\n');
}

export function writePrompt(language: SandboxLanguage, task: string, plan: string): string {
  const lines = [`Task: ${task.trim()}`];
  if (plan.trim()) lines.push('', 'Plan:', tail(plan, 2000));
  lines.push(
    '',
    `Write a complete ${languageName(language)} program that does the task. ${SANDBOX_RULES}`,
    `Answer with the whole program in one \`\`\`${fenceTag(language)} code block.`,
  );
  return lines.join('\n');
}

export interface FailedRun {
  code: string;
  /** null: it never finished; undefined: not known (code that failed elsewhere). */
  exitCode: number | null | undefined;
  /** Its stderr, or the sandbox's reason in words when stderr is empty. */
  error: string;
}

export function fixPrompt(language: SandboxLanguage, task: string, failed: FailedRun, earlier: readonly string[] = []): string {
  const tag = fenceTag(language);
  const how = failed.exitCode === undefined ? 'failed' : failed.exitCode === null ? 'did not finish' : `exited with code ${failed.exitCode}`;
  const lines = [
    `Task: ${task.trim()}`,
    '',
    `This ${languageName(language)} program ${how}:`,
    `\`\`\`${tag}`,
    failed.code.replace(/\s+$/, ''),
    '```',
    'Error output:',
    tail(failed.error) || '(none)',
  ];
  const history = earlier.filter((e) => e.trim()).slice(-HISTORY_ENTRIES);
  if (history.length) {
    lines.push('', 'Earlier attempts failed with:');
    for (const e of history) lines.push(`- ${tail(e, 300).replace(/\n/g, ' ')}`);
  }
  lines.push(
    '',
    `Fix the program. ${SANDBOX_RULES}`,
    `Answer with the whole corrected program in one \`\`\`${tag} code block.`,
  );
  return lines.join('\n');
}
