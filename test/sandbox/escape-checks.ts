/**
 * The escape and abuse checks of issue 17, as data: each runs task code that tries to reach the host
 * and says, from the result and from what the host saw, whether it got through. The same checks run
 * against the real sandbox (none may get through) and against a naive runner (python3 child, node:vm)
 * to show that they catch a real escape.
 */
import { existsSync } from 'node:fs';
import type { SandboxLanguage, SandboxLimits, SandboxRunResult } from '../../src/main/sandbox/sandbox-port.js';

export interface EscapeContext {
  secret: string;
  secretVar: string;
  /** A file on the host the task must not be able to read (its content is `marker`). */
  hostFile: string;
  marker: string;
  /** A path on the host the task must not be able to create. */
  forbidden: (name: string) => string;
  homeDir: string;
  port: number;
  connections: () => number;
}

export interface EscapeCheck {
  name: string;
  language: SandboxLanguage;
  code: (c: EscapeContext) => string;
  limits?: Partial<SandboxLimits>;
  /** Why the check counts as an escape or a broken limit, or null when it held. */
  broken: (r: SandboxRunResult, c: EscapeContext) => string | null;
  /** The naive runner fails this check (it proves the check can fail). */
  naiveFails: boolean;
}

const leaked = (r: SandboxRunResult, c: EscapeContext): string | null => {
  const all = r.stdout + r.stderr;
  if (all.includes(c.secret)) return 'the host secret was read';
  if (all.includes(c.marker)) return 'a host file was read';
  if (/root:.*:0:0:/.test(all)) return '/etc/passwd was read';
  if (all.includes('ESCAPED')) return `the task says it escaped: ${all.slice(all.indexOf('ESCAPED'), all.indexOf('ESCAPED') + 120)}`;
  return null;
};
const created = (name: string) => (r: SandboxRunResult, c: EscapeContext): string | null =>
  existsSync(c.forbidden(name)) ? `the task created ${c.forbidden(name)} on the host` : leaked(r, c);
const connected = (r: SandboxRunResult, c: EscapeContext): string | null =>
  c.connections() > 0 ? `the test's server saw ${c.connections()} connection(s)` : leaked(r, c);
const endedWith = (reason: SandboxRunResult['reason']) => (r: SandboxRunResult, c: EscapeContext): string | null =>
  r.reason === reason && !r.ok ? leaked(r, c) : `ended with ${r.reason ?? `exit ${r.exitCode}`}, not ${reason}`;

const py = (lines: string[]): string => lines.join('\n');
const attempt = (label: string, body: string): string => py([
  'try:', ...body.split('\n').map((l) => `    ${l}`), `except BaseException as e:`, `    print(${JSON.stringify(label)}, 'refused:', type(e).__name__)`,
]);

export const PYTHON_CHECKS: EscapeCheck[] = [
  { name: 'read /etc/passwd and the user home', language: 'python', naiveFails: true, broken: leaked,
    code: (c) => py([
      'import os',
      attempt('passwd', "print(open('/etc/passwd').read())"),
      attempt('home', `print(os.listdir(${JSON.stringify(c.homeDir)}))`),
      attempt('file', `print(open(${JSON.stringify(c.hostFile)}).read())`),
    ]) },
  { name: 'write outside the sandbox', language: 'python', naiveFails: true, broken: created('written'),
    code: (c) => attempt('write', `open(${JSON.stringify(c.forbidden('written'))}, 'w').write('x')`) },
  { name: 'os.system', language: 'python', naiveFails: true, broken: created('system'),
    code: (c) => py(['import os', attempt('system', `os.system('touch ${c.forbidden('system')}')`)]) },
  { name: 'subprocess', language: 'python', naiveFails: true, broken: created('subprocess'),
    code: (c) => py(['import subprocess', attempt('subprocess', `subprocess.run(['touch', ${JSON.stringify(c.forbidden('subprocess'))}])`)]) },
  { name: 'ctypes to libc system()', language: 'python', naiveFails: true, broken: created('ctypes'),
    code: (c) => py(['import ctypes', attempt('ctypes', `ctypes.CDLL(None).system(b'touch ${c.forbidden('ctypes')}')`)]) },
  { name: 'import js / pyodide_js / pyodide.ffi to reach process', language: 'python', naiveFails: false, broken: leaked,
    code: (c) => py([
      attempt('js', `import js\nprint('ESCAPED js', js.process.env.${c.secretVar})`),
      attempt('pyodide_js', `import pyodide_js\nprint('ESCAPED pyodide_js', pyodide_js._module)`),
      attempt('ffi', "from pyodide.ffi import to_js\nprint('ESCAPED ffi', to_js({}).constructor.constructor('return process')().env)"),
      attempt('http', "import pyodide.http\nprint('ESCAPED http', pyodide.http)"),
      attempt('micropip', "import micropip\nprint('ESCAPED micropip')"),
    ]) },
  { name: 'the FFI core module behind the import block, to Function and globalThis', language: 'python', naiveFails: false, broken: leaked,
    code: (c) => py([
      'import importlib._bootstrap as b',
      attempt('core', [
        "core = b._builtin_from_name('_pyodide_core')",
        'o = core.to_js({})',
        attempt('function', `print('ESCAPED function', o.constructor.constructor('return process')().env.${c.secretVar})`),
        attempt('pollute', "o.constructor.prototype.toJSON = core.create_proxy(lambda *a: 'forged')\nprint('ESCAPED pollute')"),
      ].join('\n')),
    ]) },
  { name: 'socket and HTTP to a server the test listens on', language: 'python', naiveFails: true, broken: connected,
    code: (c) => py([
      'import socket, urllib.request',
      attempt('socket', `socket.create_connection(('127.0.0.1', ${c.port}), timeout=2).sendall(b'hi')`),
      attempt('urllib', `urllib.request.urlopen('http://127.0.0.1:${c.port}/', timeout=2).read()`),
    ]) },
  { name: 'the host environment (a secret set in the test)', language: 'python', naiveFails: true, broken: leaked,
    code: () => py(['import os', 'print(dict(os.environ))']) },
  { name: 'while True: pass', language: 'python', naiveFails: false, broken: endedWith('timeout'), code: () => 'while True:\n    pass' },
  { name: 'catching the interrupt and looping on', language: 'python', naiveFails: false, broken: endedWith('timeout'),
    code: () => 'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass' },
  { name: 'memory growth without end', language: 'python', naiveFails: false, broken: endedWith('memory_limit'), limits: { memoryMb: 128 },
    code: () => 'x = []\nwhile True:\n    x.append(bytearray(1 << 20))' },
  { name: 'recursion without end', language: 'python', naiveFails: false,
    broken: (r, c) => (!r.ok && /RecursionError/.test(r.stderr) ? leaked(r, c) : `ended ${JSON.stringify({ reason: r.reason, exit: r.exitCode })}`),
    code: () => 'def f(n):\n    return f(n + 1)\nf(0)' },
  { name: 'recursion without end past a raised recursion limit', language: 'python', naiveFails: false,
    broken: (r, c) => (!r.ok ? leaked(r, c) : 'the run claims success'),
    code: () => 'import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1)\nf(0)' },
  { name: 'printing without end', language: 'python', naiveFails: false, limits: { outputBytes: 8 * 1024 },
    broken: (r, c) => (r.reason === 'output_limit' && r.stdout.length < 9 * 1024 && r.stdout.endsWith('…[output cut at 8 KiB]') ? leaked(r, c) : `ended ${r.reason}, ${r.stdout.length} chars`),
    code: () => 'while True:\n    print("spam " * 20)' },
];

export const JAVASCRIPT_CHECKS: EscapeCheck[] = [
  { name: 'require fs and child_process', language: 'javascript', naiveFails: true, broken: created('js-child'),
    code: (c) => [
      `const host = (() => { try { return this.constructor.constructor('return process')(); } catch { return undefined; } })();`,
      `const req = typeof require === 'function' ? require : (name) => host.getBuiltinModule(name);`,
      `try { print(req('fs').readFileSync('/etc/passwd', 'utf8')); } catch (e) { print('fs refused', e.message); }`,
      `try { req('child_process').execSync('touch ${c.forbidden('js-child')}'); } catch (e) { print('child_process refused', e.message); }`,
    ].join('\n') },
  { name: 'process and the host environment', language: 'javascript', naiveFails: true, broken: leaked,
    code: (c) => [
      `try { print('ESCAPED', JSON.stringify(process.env.${c.secretVar})); } catch (e) { print('process refused', e.message); }`,
      `try { const p = this.constructor.constructor('return process')(); print('ESCAPED', p.env.${c.secretVar}); } catch (e) { print('constructor refused', e.message); }`,
      `try { const p = (function () { return this; })().process; print('ESCAPED', p.env.${c.secretVar}); } catch (e) { print('sloppy this refused', e.message); }`,
    ].join('\n') },
  // node:vm refuses import() without a loader callback too, so this one cannot fail first here.
  { name: 'dynamic import()', language: 'javascript', naiveFails: false, broken: leaked,
    code: (c) => [
      `const hostImport = (() => { try { return this.constructor.constructor('s', 'return import(s)'); } catch { return (s) => import(s); } })();`,
      `hostImport('fs').then((fs) => print('ESCAPED', fs.readFileSync(${JSON.stringify(c.hostFile)}, 'utf8')), (e) => print('import refused', String(e)));`,
    ].join('\n') },
  { name: 'fetch to a server the test listens on', language: 'javascript', naiveFails: true, broken: connected,
    code: (c) => [
      `const f = typeof fetch === 'function' ? fetch : this.constructor.constructor('return fetch')();`,
      `try { f('http://127.0.0.1:${c.port}/').then(() => print('fetched'), (e) => print('fetch failed', String(e))); } catch (e) { print('fetch refused', e.message); }`,
    ].join('\n') },
  { name: 'globalThis probing', language: 'javascript', naiveFails: true,
    broken: (r, c) => {
      const names = r.stdout.trim().split(',');
      const host = names.filter((n) => ['process', 'fetch', 'Buffer', 'setTimeout', 'WebAssembly', 'module', 'global', '__dirname', 'XMLHttpRequest', 'WebSocket', 'navigator', 'std', 'os'].includes(n));
      return host.length > 0 ? `host globals visible: ${host.join(', ')}` : leaked(r, c);
    },
    code: () => [
      `const g = this.constructor.constructor('return globalThis')();`,
      'const seen = new Set(); for (let o = g; o; o = Object.getPrototypeOf(o)) for (const k of Object.getOwnPropertyNames(o)) seen.add(k);',
      `print([...seen].join(','));`,
    ].join('\n') },
  { name: 'while (true) {}', language: 'javascript', naiveFails: false, broken: endedWith('timeout'), code: () => 'while (true) {}' },
  { name: 'memory growth without end', language: 'javascript', naiveFails: false, broken: endedWith('memory_limit'), limits: { memoryMb: 64 },
    code: () => 'const keep = [];\nwhile (true) keep.push(new Float64Array(1 << 16));' },
  { name: 'recursion without end', language: 'javascript', naiveFails: false,
    broken: (r, c) => (!r.ok && /stack overflow|Maximum call stack/i.test(r.stderr) ? leaked(r, c) : `ended ${JSON.stringify({ reason: r.reason, exit: r.exitCode, stderr: r.stderr.slice(0, 80) })}`),
    code: () => 'function f(n) { return f(n + 1) + 1; }\nf(0);' },
  { name: 'printing without end', language: 'javascript', naiveFails: false, limits: { outputBytes: 8 * 1024 },
    broken: (r, c) => (r.reason === 'output_limit' && r.stdout.length < 9 * 1024 ? leaked(r, c) : `ended ${r.reason}, ${r.stdout.length} chars`),
    code: () => 'while (true) console.log("spam ".repeat(20));' },
];
