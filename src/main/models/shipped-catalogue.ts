/**
 * The catalogue shipped with the app: resources/model-catalogue.json, bundled into the main process at
 * build time (scripts/build.mjs validates it first) and validated again at load.
 */
import raw from '../../../resources/model-catalogue.json' with { type: 'json' };
import type { Catalogue } from '../../shared/model-catalogue.js';
import { parseCatalogue } from './model-catalogue-service.js';

export function shippedCatalogue(): Catalogue {
  return parseCatalogue(raw);
}
