import { leAdvReport } from './hci-codes.js';
import type { VirtualController } from './virtual-controller.js';

/**
 * One advertising interval seen by one scanner: an advertising report per advertiser in range
 * (ADV_IND / ADV_SCAN_IND / ADV_NONCONN_IND by the advertiser's type) and, when scanning actively and the
 * advertiser is scannable, its SCAN_RSP. With duplicate filtering on, each (address, type) once per scan.
 */
export function deliverAdvertisingReports(
  scanner: VirtualController,
  all: readonly VirtualController[],
  rssiBetween: (a: VirtualController, b: VirtualController) => number | null,
): void {
  if (!scanner.powered || !scanner.scan.enabled) return;
  for (const adv of all) {
    if (adv === scanner || !adv.powered || !adv.adv.enabled) continue;
    const rssi = rssiBetween(scanner, adv);
    if (rssi === null) continue;
    const type = Math.min(3, adv.adv.type);
    report(scanner, adv, type, adv.adv.data, rssi);
    if (scanner.scan.active && (type === 0 || type === 2)) report(scanner, adv, 0x04, adv.adv.scanRsp, rssi);
  }
}

function report(scanner: VirtualController, adv: VirtualController, type: number, data: Buffer, rssi: number): void {
  if (scanner.scan.filterDuplicates) {
    const key = `${adv.address}/${type}`;
    if (scanner.scan.seen.has(key)) return;
    scanner.scan.seen.add(key);
  }
  scanner.toHost(leAdvReport(type, adv.address, data, rssi));
}
