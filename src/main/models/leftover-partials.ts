/**
 * Partial downloads an earlier run left in `<models>/.partial` (cancelled, failed, or the app quit
 * mid-transfer). The downloader (ipull) keeps each as `<fileName>.ipull`: the file's bytes at their
 * offsets followed by a JSON progress record `{"part","chunks","chunkSize","parallelStreams"}` with
 * one status per chunk (2 = complete). Reading that record tells how much is already there, so the
 * Model panel can show the leftover as an interrupted download until it is resumed or discarded.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const PARTIAL_SUFFIX = '.ipull';
const CHUNK_COMPLETE = 2;
/** The progress record is at the end; a few thousand chunks fit well inside this tail. */
const TAIL_BYTES = 256 * 1024;

export interface LeftoverPartial {
  /** The model file name it will become (without `.ipull`). */
  fileName: string;
  path: string;
  /** Size of the complete file, or 0 when the progress record is missing or unreadable. */
  totalBytes: number;
  /** Bytes in completed chunks (what a resume does not fetch again); 0 when unknown. */
  downloadedBytes: number;
}

/** Lists `*.gguf.ipull` files in `partialDir` (none when the folder does not exist). */
export async function findLeftoverPartials(partialDir: string): Promise<LeftoverPartial[]> {
  const names = (await readdir(partialDir).catch(() => [] as string[])).filter((n) => /\.gguf\.ipull$/i.test(n)).sort();
  const found: LeftoverPartial[] = [];
  for (const name of names) {
    const path = join(partialDir, name);
    const progress = await readPartialProgress(path).catch(() => null);
    found.push({ fileName: name.slice(0, -PARTIAL_SUFFIX.length), path, totalBytes: progress?.totalBytes ?? 0, downloadedBytes: progress?.downloadedBytes ?? 0 });
  }
  return found;
}

/** The progress of one partial file from its trailing record, or null when it has none. */
export async function readPartialProgress(path: string): Promise<{ totalBytes: number; downloadedBytes: number } | null> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await fh.read(tail, 0, length, size - length);
    const at = tail.lastIndexOf('{"part":');
    if (at < 0) return null;
    // The record is a flat object of numbers and one array of numbers: it ends at the first '}'.
    const end = tail.indexOf('}', at);
    if (end < 0) return null;
    const record: unknown = JSON.parse(tail.subarray(at, end + 1).toString('utf8'));
    if (!isProgressRecord(record) || record.part !== 0) return null; // several parts: a layout we do not read
    const totalBytes = size - length + at;
    let downloadedBytes = 0;
    record.chunks.forEach((c, i) => {
      if (c === CHUNK_COMPLETE) downloadedBytes += Math.max(0, Math.min(record.chunkSize, totalBytes - i * record.chunkSize));
    });
    return { totalBytes, downloadedBytes };
  } finally {
    await fh.close();
  }
}

function isProgressRecord(x: unknown): x is { part: number; chunks: number[]; chunkSize: number } {
  const r = x as { part?: unknown; chunks?: unknown; chunkSize?: unknown } | null;
  return typeof r?.part === 'number' && Array.isArray(r.chunks) && r.chunks.every((c) => typeof c === 'number')
    && typeof r.chunkSize === 'number' && Number.isFinite(r.chunkSize) && r.chunkSize > 0;
}
