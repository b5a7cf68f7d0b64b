import os from 'node:os';

/**
 * True when the machine has at least one non-internal network interface with an address: a quick OS
 * signal that lets the monitor declare "offline" without waiting for three failed heartbeats. A
 * coordinator on loopback (development, tests) is always reachable by link. Given a function, the
 * address is read at every check, so a coordinator changed in the settings is followed at once.
 */
export function hasNetworkLink(coordinatorUrl: string | (() => string), interfaces = os.networkInterfaces): () => boolean {
  const address = typeof coordinatorUrl === 'string' ? () => coordinatorUrl : coordinatorUrl;
  return () => {
    const host = safeHost(address());
    if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return true;
    return Object.values(interfaces()).some((list) => (list ?? []).some((i) => !i.internal));
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
