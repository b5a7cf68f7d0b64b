/**
 * Describes one .gguf file as a ModelEntry from its header alone (name, architecture, size class,
 * credit multiplier, context length, memory estimate); a file llama.cpp could not load is refused
 * with a ModelFileError that says why.
 */
import { stat } from 'node:fs/promises';
import { creditsMultiplier, modelSizeClass } from '../../shared/credits-multiplier.js';
import { readGgufHeader } from '../inference/gguf/gguf-reader.js';
import { modelInfoFromHeader } from '../inference/gguf/model-info.js';
import { estimateMemoryMB } from './memory-estimate.js';
import type { ModelEntry } from './model-types.js';

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
}

/** Reads the header of `path`; `fileName` is the entry's id (and its name when general.name is missing). */
export async function describeModelFile(path: string, fileName: string): Promise<ModelEntry> {
  const s = await stat(path).catch(() => null);
  if (!s?.isFile()) throw new ModelFileError(`${path} is not a file`);
  let header;
  try {
    header = await readGgufHeader(path);
    const info = modelInfoFromHeader(header, fileName.replace(/\.gguf$/i, ''));
    return {
      fileName, path, name: info.name, architecture: info.architecture, parameterCount: info.parameterCount, paramSize: info.paramSize,
      sizeClass: modelSizeClass(info.paramSize), creditMultiplier: creditsMultiplier(info.paramSize), contextLength: info.contextLength,
      fileSizeBytes: info.fileSizeBytes, memoryEstimateMB: estimateMemoryMB(header, Math.min(2048, info.contextLength || 2048)), active: false, failedReason: null,
    };
  } catch (err) {
    throw new ModelFileError(`${fileName} is not a usable GGUF model: ${(err as Error).message}`);
  }
}
