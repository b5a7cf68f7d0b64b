/**
 * `npm run models -- --list`: the catalogue as text, best first, each model with how it fits this
 * computer (the same estimate and order the Model panel shows).
 */
import type { CatalogueView } from '../../shared/model-catalogue.js';

export function catalogueListing(view: CatalogueView): string {
  const lines = [`This computer: ${view.hardware}`, ''];
  for (const e of view.entries) {
    const gb = (e.fileSizeBytes / 1e9).toFixed(1);
    lines.push(`${e.recommended ? '★' : ' '} ${e.id.padEnd(22)} ${e.name} (${e.quantization}, ${gb} GB, ${e.licence})${e.onDisk ? ' [on disk]' : ''}`);
    lines.push(`    ${e.fit ? e.fit.words : `fit unknown: ${e.fitError ?? 'not estimated'}`}`);
  }
  lines.push('', '★ recommended. Use one: npm run headless -- --model <id>, or Download and use in the Model panel.');
  return `${lines.join('\n')}\n`;
}
