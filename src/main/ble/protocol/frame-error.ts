/** Why a peer's bytes were refused. Every rejection in the BLE protocol layer is one of these codes. */
export type FrameErrorCode =
  | 'short-frame'
  | 'zero-total'
  | 'seq-out-of-range'
  | 'total-changed'
  | 'contradicting-chunk'
  | 'too-large'
  | 'timeout'
  | 'message-too-large'
  | 'bad-json'
  | 'unexpected-id'
  | 'invalid-message';

/**
 * A typed protocol error: peers get dropped with `code` logged and counted, never a crash.
 * `detail` carries numbers for logs (seq, total, bytes, cap).
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly code: FrameErrorCode,
    message: string,
    readonly detail: Record<string, number | string> = {},
  ) {
    super(`${code}: ${message}`);
  }
}

export function isFrameError(err: unknown): err is FrameError {
  return err instanceof FrameError;
}
