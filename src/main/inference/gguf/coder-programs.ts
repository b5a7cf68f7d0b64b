/**
 * What the generated coder model (coder-model.ts) knows: a few coding tasks, each named by a key line in
 * its text, the program it writes for it and, where the first program fails, the error line that keys
 * the fix. Tests and the demo queue these tasks and expect exactly these outputs.
 */
import type { SandboxLanguage } from '../../sandbox/sandbox-port.js';

export interface CoderProgram {
  /** Text in the prompt that makes the model write this program (a task key or an error line). */
  key: string;
  /** An error key outranks a task key: a fix prompt holds both and must get the fix. */
  keyKind: 'task' | 'error';
  language: SandboxLanguage;
  /** The program's lines, without the code fence (the model adds it). */
  lines: readonly string[];
}

export interface CoderTask {
  id: string;
  language: SandboxLanguage;
  /** The task's text; its last line is the key the model knows it by. */
  input: string;
  /** What the last run prints, and after how many write/fix rounds. */
  stdout: string;
  iterations: number;
}

export const CODER_PROGRAMS: readonly CoderProgram[] = [
  {
    key: '# task: sum-squares', keyKind: 'task', language: 'python',
    lines: ['total = sum(i * i for i in range(1, 11))', 'print(f"sum of squares 1..10 = {total}")'],
  },
  {
    key: '# task: word-lengths', keyKind: 'task', language: 'python',
    lines: [
      'words = "the quick brown fox jumps over the lazy dog".split()',
      'total = 0',
      'for word in words:',
      '    total += len(word)',
      'print(totl)',
    ],
  },
  {
    key: "NameError: name 'totl' is not defined", keyKind: 'error', language: 'python',
    lines: [
      'sentence = "the quick brown fox jumps over the lazy dog"',
      'lengths = [len(w) for w in sentence.split()]',
      'print(f"{len(lengths)} words, {sum(lengths)} letters")',
    ],
  },
  {
    key: '// task: fibonacci', keyKind: 'task', language: 'javascript',
    lines: [
      'const fib = [0, 1];',
      'while (fib.length < 10) fib.push(fib[fib.length - 1] + fib[fib.length - 2]);',
      "console.log(fib.join(', '));",
    ],
  },
  {
    key: '// task: celsius-table', keyKind: 'task', language: 'javascript',
    lines: [
      'const celsius = [0, 20, 100];',
      'const rows = celsius.map((c) => `${c} C = ${fahrenheit} F`);',
      "console.log(rows.join('\\n'));",
    ],
  },
  {
    key: "ReferenceError: 'fahrenheit' is not defined", keyKind: 'error', language: 'javascript',
    lines: ['const toF = (c) => (c * 9) / 5 + 32;', 'for (const c of [0, 20, 100]) console.log(`${c} C = ${toF(c)} F`);'],
  },
];

export const CODER_TASKS: readonly CoderTask[] = [
  { id: 'py-sum-squares', language: 'python', input: 'Print the sum of the squares of 1 to 10.\n# task: sum-squares', stdout: 'sum of squares 1..10 = 385\n', iterations: 1 },
  { id: 'py-word-lengths', language: 'python', input: 'Count the words and letters of "the quick brown fox jumps over the lazy dog".\n# task: word-lengths', stdout: '9 words, 35 letters\n', iterations: 2 },
  { id: 'js-fibonacci', language: 'javascript', input: 'Print the first ten Fibonacci numbers, comma separated.\n// task: fibonacci', stdout: '0, 1, 1, 2, 3, 5, 8, 13, 21, 34\n', iterations: 1 },
  { id: 'js-celsius-table', language: 'javascript', input: 'Print 0, 20 and 100 degrees Celsius in Fahrenheit, one a line.\n// task: celsius-table', stdout: '0 C = 32 F\n20 C = 68 F\n100 C = 212 F\n', iterations: 2 },
];

const fence = (l: SandboxLanguage): string => (l === 'python' ? 'python' : 'javascript');

/** The program as the model answers it, cut into its tokens: the fence rides on the first and last line. */
export function answerPieces(p: CoderProgram): string[] {
  const lines = p.lines.map((l) => `${l}\n`);
  lines[0] = `\`\`\`${fence(p.language)}\n${lines[0] ?? ''}`;
  lines[lines.length - 1] = `${lines[lines.length - 1] ?? ''}\`\`\``;
  return lines;
}
