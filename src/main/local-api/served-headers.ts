/**
 * The headers every answer carries: who served it (`x-edgecoder-served-by`: the device's name, or
 * "this computer") and the terms it won on (`x-edgecoder-route`), in ASCII as HTTP requires.
 */
import type { CostTerms } from '../../shared/routing.js';
import type { TokenSource } from '../routing/route-types.js';

export const SERVED_BY_HEADER = 'x-edgecoder-served-by';
export const ROUTE_HEADER = 'x-edgecoder-route';

/** Header values are latin-1 without control characters: anything else is percent-encoded. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

/** `kind=mesh; total=41.5; model=32; load=0; battery=4.5; signal=5`: the winner's routing cost, term by term (model size, load, battery, signal) with the total. */
export function routeHeader(kind: string, terms: CostTerms): string {
  return `kind=${kind}; total=${num(terms.total)}; model=${num(terms.model)}; load=${num(terms.load)}; battery=${num(terms.battery)}; signal=${num(terms.signal)}`;
}

export function servedHeaders(source: TokenSource): Record<string, string> {
  return {
    [SERVED_BY_HEADER]: headerSafe(source.servedBy.name),
    [ROUTE_HEADER]: routeHeader(source.servedBy.kind, source.terms),
  };
}
