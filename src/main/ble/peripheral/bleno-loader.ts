import { createRequire } from 'node:module';
import type BlenoModule from '@abandonware/bleno';

export type Bleno = typeof BlenoModule;

/** Where bleno comes from: the real module (default) or a test's instance on the simulated air. */
export type BlenoSource = () => Bleno;

export type BlenoLoad = { ok: true; bleno: Bleno } | { ok: false; reason: string };

const require = createRequire(import.meta.url);

/** The process's bleno. Throws where there is no HCI socket (EAFNOSUPPORT): callers use tryLoadBleno. */
export const defaultBlenoSource: BlenoSource = () => require('@abandonware/bleno') as Bleno;

/** Loads bleno lazily; a throwing require (no Bluetooth, no native addon) becomes a reason, never a crash. */
export function tryLoadBleno(source: BlenoSource = defaultBlenoSource): BlenoLoad {
  try {
    return { ok: true, bleno: source() };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e?.code === 'EAFNOSUPPORT' ? 'no Bluetooth adapter (HCI socket not supported)' : (e?.message ?? String(err));
    return { ok: false, reason };
  }
}
