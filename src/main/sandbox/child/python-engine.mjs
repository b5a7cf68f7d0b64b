// Python in Pyodide, for one run: the child loads it warm, runs one task, and is then discarded, so no
// file or global of a run reaches the next. The FFI to JavaScript is cut before task code runs.
import { OutputSink } from './output-sink.mjs';

// The runner function, and the cut of every way from Python to the JavaScript host.
const BOOTSTRAP = String.raw`
import sys, builtins, traceback

_BLOCKED = ('js', 'pyodide_js', 'pyodide', '_pyodide', '_pyodide_core', 'micropip', 'pyodide_http')

def _blocked(name):
    return name.split('.')[0] in _BLOCKED

class _BlockHost:
    """Refuses the modules that lead to the JavaScript host, before any other finder."""
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if _blocked(name):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return None

def _edgecoder_run(code):
    g = {'__name__': '__main__', '__builtins__': builtins, '__file__': '<task>'}
    missing = None
    try:
        compiled = compile(code, '<task>', 'exec')
        exec(compiled, g)
        status = 0
    except SystemExit as e:
        c = e.code
        if c is None:
            status = 0
        elif isinstance(c, int):
            status = c & 0xFF
        else:
            print(c, file=sys.stderr)
            status = 1
    except BaseException as e:
        if isinstance(e, ModuleNotFoundError) and e.name:
            missing = e.name.split('.')[0]
        tb = e.__traceback__.tb_next if e.__traceback__ is not None else None
        traceback.print_exception(type(e), e, tb)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    return [status, missing]

def _no_processes(*args, **kwargs):
    raise PermissionError(1, 'the sandbox runs no other processes')

def _edgecoder_seal():
    import os
    for name in ('system', 'popen', 'fork', 'forkpty', 'execv', 'execve', 'execl', 'execle', 'execlp', 'execlpe',
                 'execvp', 'execvpe', 'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp',
                 'spawnvpe', 'posix_spawn', 'posix_spawnp', 'kill', 'killpg'):
        if hasattr(os, name):
            setattr(os, name, _no_processes)
    for name in list(sys.modules):
        if _blocked(name):
            del sys.modules[name]
    sys.meta_path.insert(0, _BlockHost)

_edgecoder_run
`;

function pyodideOptions(pyodideDir) {
  return {
    indexURL: `${pyodideDir}/`,
    jsglobals: Object.create(null),
    env: { HOME: '/home/task', PYTHONHASHSEED: '0' },
    stdout: () => {},
    stderr: () => {},
    checkAPIVersion: true,
  };
}

/**
 * The interpreter's memory right after start-up, before any code of ours or a task's ran: a child
 * restored from it skips Python's initialisation (about 0.3 CPU-s instead of 2.7 here).
 */
export async function makePythonSnapshot({ pyodideDir }) {
  const { loadPyodide } = await import(`${pyodideDir}/pyodide.mjs`);
  const py = await loadPyodide({ ...pyodideOptions(pyodideDir), _makeSnapshot: true });
  return py.makeMemorySnapshot();
}

/** Loads Pyodide (MEMFS only, no host mount, an empty `js` module, no packages) and seals it. */
export async function loadPythonEngine({ pyodideDir, state, snapshot }) {
  const { loadPyodide } = await import(`${pyodideDir}/pyodide.mjs`);
  const py = await loadPyodide({ ...pyodideOptions(pyodideDir), ...(snapshot ? { _loadSnapshot: snapshot } : {}) });
  // Python checks this "signal buffer" between bytecodes: past the deadline, or once output went over
  // its cap, it reads SIGINT (2) and raises KeyboardInterrupt in the task, again every 250 ms if the
  // task catches it (the parent kills the process shortly after the deadline anyway).
  py._module.Py_EmscriptenSignalBuffer = {
    get 0() {
      const now = performance.now();
      if (!(state.stop || now > state.deadline) || now < state.nextInterruptAt) return 0;
      state.nextInterruptAt = now + 250;
      return 2;
    },
    set 0(_value) {},
  };
  py._module.HEAP8[py._module._Py_EMSCRIPTEN_SIGNAL_HANDLING] = 1;
  const runTask = py.runPython(BOOTSTRAP);
  const seal = py.globals.get('_edgecoder_seal');
  seal();
  seal.destroy();
  py.unregisterJsModule('js');
  py.unregisterJsModule('pyodide_js');
  for (const name of ['loadPackage', 'loadPackagesFromImports', 'mountNodeFS', 'mountNativeFS', 'useNodeSockFS', 'registerJsModule', 'pyimport', 'runPythonAsync']) {
    try {
      py[name] = () => {
        throw new Error(`${name} is not available in the sandbox`);
      };
    } catch {
      // a read-only member stays; Python cannot reach this object anyway
    }
  }
  return {
    run({ code, stdin, limits }) {
      const out = new OutputSink(limits.outputBytes, () => ((state.outputCut = true), (state.stop = true)));
      const err = new OutputSink(limits.outputBytes, () => ((state.outputCut = true), (state.stop = true)));
      py.setStdout({ write: (buf) => (out.push(buf), buf.length) });
      py.setStderr({ write: (buf) => (err.push(buf), buf.length) });
      let given = false;
      py.setStdin({ stdin: () => (given ? null : ((given = true), stdin ?? '')) });
      let exitCode = 1;
      let missingModule = null;
      let crash = null;
      try {
        const answer = runTask(code);
        const [status, missing] = answer.toJs();
        answer.destroy();
        exitCode = status;
        missingModule = missing ?? null;
      } catch (e) {
        crash = e instanceof Error ? e.message : String(e);
      }
      return { exitCode: crash ? null : exitCode, stdout: out.text(), stderr: err.text(), missingModule, crash };
    },
  };
}
