/**
 * Where a catalogue download comes from and the hash to check it against when the catalogue pins
 * none: the hub publishes a file's sha256 (its LFS object id) in the `x-linked-etag` header of the
 * file's resolve URL, answered before the redirect to the storage. HF_ENDPOINT (the hub's own variable,
 * also honoured by node-llama-cpp's downloader) points both at a mirror.
 */
import { withDeadline } from '../core/deadline.js';
import type { Clock } from '../core/clock.js';

export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/** `hf:user/repo/path/file.gguf` → the https resolve URL on the hub (main branch); https URLs pass through. */
export function resolveHubUrl(uri: string, endpoint = hubEndpoint()): string {
  if (!uri.startsWith('hf:')) return uri;
  const [user, repo, ...file] = uri.slice(3).split('/');
  if (!user || !repo || file.length === 0) throw new Error(`${uri} is not an hf:user/repo/file URI`);
  return `${endpoint}/${user}/${repo}/resolve/main/${file.map(encodeURIComponent).join('/')}`;
}

export class HubHashError extends Error {
  override readonly name = 'HubHashError';
}

/** The sha256 the hub publishes for `uri`; rejects with the reason when it publishes none. */
export async function hubSha256(uri: string, opts: { clock: Clock; timeoutMs?: number; signal?: AbortSignal; fetchFn?: typeof fetch }): Promise<string> {
  const url = resolveHubUrl(uri);
  const res = await withDeadline((signal) => (opts.fetchFn ?? fetch)(url, { method: 'HEAD', redirect: 'manual', signal }), {
    clock: opts.clock, ms: opts.timeoutMs ?? 15_000, operation: `asking the hub for the hash of ${uri}`, ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const tag = (res.headers.get('x-linked-etag') ?? res.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(tag)) throw new HubHashError(`the hub publishes no sha256 for ${uri} (HTTP ${res.status}): download it with a sha256 you trust instead`);
  return tag;
}
