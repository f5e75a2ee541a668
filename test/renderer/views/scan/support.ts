/** What the scan-station tests share: cases waiting for goods, and a scan handed to the station. */
import { classifyBarcode } from '../../../../shared/barcode';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { BUYER, CS, RETURN_ADDRESS, command, serverCaseAfter } from '../../sync/fixtures';

/** A case waiting for goods with this return tracking number. */
export function awaitingReceipt(caseId: string, orderId: string, trackingNumber: string) {
  return serverCaseAfter(caseId, orderId, [
    command('cs.approve', caseId, 1, { returnAddress: RETURN_ADDRESS }, CS),
    command('buyer.ship_back', caseId, 2, { carrier: 'SF', trackingNumber }, BUYER),
  ]);
}

/** A code as the station receives it from the scanner service (already decoded and classified). */
export function scan(text: string): Promise<boolean> {
  return useScanStationStore().handleScan(text, classifyBarcode(text));
}
