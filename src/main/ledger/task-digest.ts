/**
 * What the intent's `taskHash` and the receipt's `resultHash` commit to (docs/ledger-encoding.md,
 * "Task and result digests"). Binary and tagged like the transaction encoding, so the provider can check
 * that the task it was asked to run is the one the requester signed for, and the requester that the
 * output it received is the one the provider signed.
 */
import { createHash } from 'node:crypto';

export const TASK_TAG = 'EDGECODER-TASK/v1';
export const RESULT_TAG = 'EDGECODER-RESULT/v1';

export interface TaskPayload {
  prompt: string;
  maxTokens: number;
  language?: string | undefined;
}

function lengthPrefixed(b: Buffer): Buffer[] {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return [len, b];
}

/** sha256(tag ‖ 0 ‖ len32 prompt ‖ prompt ‖ len32 language ‖ language ‖ u32 maxTokens), lowercase hex. */
export function taskDigest(task: TaskPayload): string {
  if (!Number.isInteger(task.maxTokens) || task.maxTokens < 0 || task.maxTokens > 0xffffffff) throw new RangeError('maxTokens must be a u32 integer');
  const max = Buffer.alloc(4);
  max.writeUInt32BE(task.maxTokens);
  const parts = [
    Buffer.from(`${TASK_TAG}\0`, 'ascii'),
    ...lengthPrefixed(Buffer.from(task.prompt, 'utf8')),
    ...lengthPrefixed(Buffer.from(task.language ?? '', 'utf8')),
    max,
  ];
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

/** sha256(tag ‖ 0 ‖ output as UTF-8), lowercase hex. */
export function resultDigest(output: string): string {
  return createHash('sha256').update(`${RESULT_TAG}\0`, 'ascii').update(output, 'utf8').digest('hex');
}
