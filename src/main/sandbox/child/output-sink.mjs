// One output stream of a run (stdout or stderr): bytes kept up to the cap, then cut with a marker.

export class OutputSink {
  constructor(capBytes, onOverflow) {
    this.cap = capBytes;
    this.onOverflow = onOverflow;
    this.chunks = [];
    this.size = 0;
    this.cut = false;
  }

  /** Adds bytes (Uint8Array) or text; returns false once the cap is passed (the run should stop). */
  push(data) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (this.cut) return false;
    const room = this.cap - this.size;
    if (bytes.length <= room) {
      this.chunks.push(bytes.slice());
      this.size += bytes.length;
      return true;
    }
    if (room > 0) this.chunks.push(bytes.slice(0, room));
    this.size = this.cap;
    this.cut = true;
    this.onOverflow();
    return false;
  }

  /** The kept text (a multi-byte character split by the cap is dropped), with the marker when cut. */
  text() {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    const body = new TextDecoder('utf-8', { fatal: false }).decode(all).replace(/\uFFFD$/, '');
    return this.cut ? `${body}\n…[output cut at ${formatKiB(this.cap)}]` : body;
  }
}

function formatKiB(bytes) {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
