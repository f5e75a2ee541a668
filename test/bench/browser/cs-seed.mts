/// <reference lib="dom" />
/**
 * Seeding page of the customer-service benchmark (added to a blank page on the app's origin
 * before the app first opens its store): the signed-in CS agent's session and `cases` cases in
 * twenty stages (`staged-cases.mts`), each order with its own buyer phone and each case of a
 * random type, so searches on a phone's last four digits and filters by type find few cases, as
 * they would at a shop.
 */
import type { CsSeedOptions, CsSeedPage } from './cs-protocol';
import { expose, seedStore, staffSession } from './seed-store.mts';
import { stagedCases } from './staged-cases.mts';

const SESSION = staffSession({ id: 'staff-cs1', username: 'cs1', displayName: '客服 Li', role: 'cs', warehouseId: null });

const page: CsSeedPage = {
  async seed(options: CsSeedOptions) {
    const r = await seedStore(SESSION, options.cases, stagedCases({ ...options, distinctPhones: true, mixedTypes: true }, Date.now()));
    return { ...r, cases: options.cases };
  },
};
expose('csSeed', page);
