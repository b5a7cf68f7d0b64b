/**
 * A network link the demo (and `--sim`) can cut: while it is down, `hasLink()` says so (the OS view
 * the network monitor reads) and `fetch` fails the way Node's fetch fails on an unreachable network,
 * `TypeError('fetch failed')` with an ENETUNREACH cause, including requests already on their way.
 * While it is up, both pass through to the real ones.
 */
export interface SimulatedNetworkOptions {
  /** The real fetch to pass through to (default globalThis.fetch). */
  fetch?: typeof fetch;
  /** The real link check while up (default: always a link). */
  hasLink?: () => boolean;
}

export class SimulatedNetwork {
  private up = true;
  private readonly inFlight = new Set<(err: TypeError) => void>();
  private readonly listeners = new Set<(up: boolean) => void>();
  private readonly baseFetch: typeof fetch;
  private readonly baseHasLink: () => boolean;

  constructor(opts: SimulatedNetworkOptions = {}) {
    this.baseFetch = opts.fetch ?? globalThis.fetch;
    this.baseHasLink = opts.hasLink ?? (() => true);
  }

  get isUp(): boolean {
    return this.up;
  }

  readonly hasLink = (): boolean => this.up && this.baseHasLink();

  readonly fetch: typeof fetch = (input, init) => {
    if (!this.up) return Promise.reject(unreachable(input));
    const controller = new AbortController();
    const callerSignal = init?.signal ?? null;
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    return new Promise<Response>((resolve, reject) => {
      const cut = (err: TypeError): void => {
        reject(err);
        controller.abort(err);
      };
      this.inFlight.add(cut);
      this.baseFetch(input, { ...init, signal: controller.signal }).then(resolve, reject).finally(() => {
        this.inFlight.delete(cut);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      });
    });
  };

  /** Cuts (false) or restores (true) the link; requests in flight when it is cut fail at once. */
  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      for (const cut of [...this.inFlight]) cut(unreachable(null));
      this.inFlight.clear();
    }
    for (const listener of this.listeners) listener(up);
  }

  onChange(listener: (up: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function unreachable(input: Parameters<typeof fetch>[0] | null): TypeError {
  const host = input === null ? 'the network' : hostOf(input);
  const cause = Object.assign(new Error(`connect ENETUNREACH ${host}`), { code: 'ENETUNREACH', syscall: 'connect' });
  return new TypeError('fetch failed', { cause });
}

function hostOf(input: Parameters<typeof fetch>[0]): string {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).host;
  } catch {
    return 'the network';
  }
}
