import { describe, expect, it } from 'vitest';
import { extractCode } from '../../src/main/coding/code-extract.js';
import { sandboxLanguageOf, maxIterations } from '../../src/main/coding/coding-types.js';

describe('extractCode', () => {
  const cases: Array<[string, string, 'python' | 'javascript', string, string]> = [
    ['the block in the language', 'Text\n```python\nprint(1)\n```\nmore', 'python', 'print(1)\n', 'fenced'],
    ['an alias (py)', '```py\nprint(2)\n```', 'python', 'print(2)\n', 'fenced'],
    ['the first block in the language, not a later example', '```python\nx = 1\nprint(x)\n```\nUse:\n```python\nprint("other")\n```', 'python', 'x = 1\nprint(x)\n', 'fenced'],
    ['the language block over an earlier shell block', '```bash\npip install x\n```\n```javascript\nconsole.log(1)\n```', 'javascript', 'console.log(1)\n', 'fenced'],
    ['an unlabelled block when none is labelled', 'Here:\n```\nconsole.log(3)\n```', 'javascript', 'console.log(3)\n', 'unlabelled'],
    ['tildes and longer fences', '~~~~python\nprint(4)\n~~~~', 'python', 'print(4)\n', 'fenced'],
    ['indentation kept', '```python\ndef f():\n    return 5\nprint(f())\n```', 'python', 'def f():\n    return 5\nprint(f())\n', 'fenced'],
    ['an unclosed block runs to the end', '```python\nprint(6)\n\n', 'python', 'print(6)\n', 'fenced'],
    ['a block in another language only: the whole answer', '```bash\necho 7\n```', 'python', '```bash\necho 7\n```\n', 'whole'],
    ['no block: the whole answer', 'print(8)', 'python', 'print(8)\n', 'whole'],
    ['an empty block is skipped', '```python\n```\nprint(9)', 'python', '```python\n```\nprint(9)\n', 'whole'],
    ['CRLF line ends', '```python\r\nprint(10)\r\n```\r\n', 'python', 'print(10)\n', 'fenced'],
    ['nothing at all', '  \n', 'python', '', 'whole'],
  ];
  for (const [name, answer, language, code, from] of cases) {
    it(name, () => expect(extractCode(answer, language)).toEqual({ code, from }));
  }
});

describe('task kinds and languages', () => {
  it('allows 2 iterations for micro_loop (and unknown kinds), 1 for single_step', () => {
    expect([maxIterations('micro_loop'), maxIterations('single_step'), maxIterations('code')]).toEqual([2, 1, 2]);
  });
  it('maps the subtask language to a sandbox language, or null', () => {
    expect(['python', 'Python', 'py', 'javascript', 'js', 'node', 'rust', '', undefined].map(sandboxLanguageOf))
      .toEqual(['python', 'python', 'python', 'javascript', 'javascript', 'javascript', null, null, null]);
  });
});
