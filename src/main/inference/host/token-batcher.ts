/**
 * Streams generated text to the app without one IPC message per token: the first chunk goes at
 * once (time to first token), later ones are coalesced for up to `intervalMs`. flush() sends what
 * is left (before the final result, so chunks always arrive first and in order).
 */
export class TokenBatcher {
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private lastSent = -Infinity;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs = 20,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.timer) return;
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.lastSent = this.now();
    this.send(text);
  }
}
