/**
 * Takes the code out of a model's answer: the first fenced block in the task's language; failing that,
 * the first fenced block with no language; failing that, the whole answer. A block whose closing fence
 * is missing runs to the end of the answer. A block in another language (```bash) is not taken: the
 * whole answer runs, and its error goes back to the model.
 */
import type { SandboxLanguage } from '../sandbox/sandbox-port.js';

const ALIASES: Record<SandboxLanguage, readonly string[]> = {
  python: ['python', 'py', 'python3'],
  javascript: ['javascript', 'js', 'node', 'mjs'],
};

export interface ExtractedCode {
  code: string;
  /** Where it came from: a fenced block in the language, an unlabelled block, or the whole answer. */
  from: 'fenced' | 'unlabelled' | 'whole';
}

interface Block {
  info: string;
  body: string;
}

/** Fenced blocks (``` or ~~~, three or more) at the start of a line, in order. */
function fencedBlocks(answer: string): Block[] {
  const lines = answer.split(/\r?\n/);
  const blocks: Block[] = [];
  let open: { fence: string; info: string; body: string[] } | null = null;
  for (const line of lines) {
    if (!open) {
      const m = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/.exec(line);
      if (m) open = { fence: m[1] ?? '```', info: (m[2] ?? '').toLowerCase(), body: [] };
      continue;
    }
    const close = new RegExp(`^ {0,3}${open.fence[0] === '`' ? '`' : '~'}{${open.fence.length},}\\s*$`);
    if (close.test(line)) {
      blocks.push({ info: open.info, body: open.body.join('\n') });
      open = null;
    } else {
      open.body.push(line);
    }
  }
  if (open) blocks.push({ info: open.info, body: open.body.join('\n') });
  return blocks;
}

export function extractCode(answer: string, language: SandboxLanguage): ExtractedCode {
  const blocks = fencedBlocks(answer);
  const mine = blocks.find((b) => ALIASES[language].includes(b.info) && b.body.trim() !== '');
  if (mine) return { code: tidy(mine.body), from: 'fenced' };
  const bare = blocks.find((b) => b.info === '' && b.body.trim() !== '');
  if (bare) return { code: tidy(bare.body), from: 'unlabelled' };
  return { code: tidy(answer), from: 'whole' };
}

/** Trailing blanks off, one final newline. */
function tidy(code: string): string {
  const t = code.replace(/\s+$/, '');
  return t === '' ? '' : `${t}\n`;
}
