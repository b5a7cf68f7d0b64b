import { FrameError } from '../../src/main/ble/protocol/index.js';

/** The FrameError code `fn` throws, or 'no error'; any other error is rethrown. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FrameError) return err.code;
    throw err;
  }
  return 'no error';
}
