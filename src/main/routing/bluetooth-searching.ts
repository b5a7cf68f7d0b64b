/**
 * When Bluetooth counts as "searching" for the request router: a request that finds no device yet
 * waits a little for one to appear (DESIGN "Routing": when the network drops, scanning starts and
 * requests wait briefly instead of failing). Devices may still appear while the central is starting up
 * or while a scan is asked for (the mode wants it, even if noble has paused it between connections).
 * With no central, or a central stopped, unavailable or with the adapter off and no scan asked for,
 * nothing will appear: the request fails at once with the reason.
 */

/** The central's status as far as searching goes (the shape of ble/central's CentralStatus). */
export interface ScanStatus {
  state: { kind: string };
  /** What the mode service asked for. */
  scanRequested: boolean;
}

export function bluetoothSearching(status: ScanStatus | null | undefined): boolean {
  if (!status) return false;
  return status.state.kind === 'starting' || status.scanRequested;
}
