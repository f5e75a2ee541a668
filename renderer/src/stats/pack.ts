/**
 * The projected cases and orders packed into a few typed arrays and strings, so the dashboard can
 * keep them in the local store as one row and a later start reads that row instead of every case:
 * structured clone copies a typed array in one move, where 100,000 small objects cost one each.
 * Repeated words (states, SKUs, stations…) are numbers into one word list; ids are joined into
 * one string. `unpackFacts(packFacts(x))` gives back `x`.
 */
import type { Breach, CaseFacts, OrderFacts } from './facts';

export const PACK_FORMAT = 1;
const NONE = 0xffffffff;
/** Never in an id (the API refuses strings with NUL). */
const SEP = '\u0000';

export interface PackedFacts {
  format: typeof PACK_FORMAT;
  words: string[];
  cases: {
    count: number;
    ids: string;
    caseNos: string;
    orderIds: string;
    /** state, type, reason, sku, closeCause, owner, bench station, grade, disposition: word numbers. */
    words: Uint32Array;
    quantity: Int32Array;
    /** openedDay, endedDay, dueMs, dueDay, bench hourSlot, refund day, cash, coins. */
    numbers: Float64Array;
    benchHour: Int8Array;
    /** bit 0: at a bench, bit 1: disputed at the bench, bit 2: refund paid. */
    flags: Uint8Array;
    /** Cases with past breaches or disputes: [index, breaches, disputes]. */
    extras: Array<[number, Breach[], CaseFacts['disputes']]>;
  };
  orders: {
    count: number;
    ids: string;
    paidDay: Float64Array;
    lineCount: Int32Array;
    lineSku: Uint32Array;
    lineQty: Int32Array;
  };
}

const CASE_WORDS = 9;
const CASE_NUMBERS = 8;

class Words {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();
  of(word: string | null | undefined): number {
    if (word === null || word === undefined) return NONE;
    let i = this.#index.get(word);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(word);
      this.#index.set(word, i);
    }
    return i;
  }
}

export function packFacts(caseFacts: Iterable<CaseFacts>, orderFacts: Iterable<OrderFacts>): PackedFacts {
  const cases = [...caseFacts];
  const orders = [...orderFacts];
  const words = new Words();
  const n = cases.length;
  const w = new Uint32Array(n * CASE_WORDS);
  const quantity = new Int32Array(n);
  const numbers = new Float64Array(n * CASE_NUMBERS);
  const benchHour = new Int8Array(n).fill(-1);
  const flags = new Uint8Array(n);
  const extras: PackedFacts['cases']['extras'] = [];
  cases.forEach((c, i) => {
    const b = c.bench;
    const r = c.refundPaid;
    w.set([words.of(c.state), words.of(c.type), words.of(c.reason), words.of(c.sku), words.of(c.closeCause), words.of(c.owner), words.of(b?.station), words.of(b?.grade), words.of(b?.disposition)], i * CASE_WORDS);
    quantity[i] = c.quantity;
    numbers.set([c.openedDay, c.endedDay, c.dueMs, c.dueDay, b ? b.hourSlot : Number.NaN, r ? r.day : Number.NaN, r ? r.cash : 0, r ? r.coins : 0], i * CASE_NUMBERS);
    if (b) benchHour[i] = b.hour;
    flags[i] = (b ? 1 : 0) | (b?.disputed ? 2 : 0) | (r ? 4 : 0);
    if (c.pastBreaches.length > 0 || c.disputes.length > 0) extras.push([i, c.pastBreaches, c.disputes]);
  });
  let lines = 0;
  for (const o of orders) lines += o.lines.length;
  const lineSku = new Uint32Array(lines);
  const lineQty = new Int32Array(lines);
  const lineCount = new Int32Array(orders.length);
  let at = 0;
  orders.forEach((o, i) => {
    lineCount[i] = o.lines.length;
    for (const l of o.lines) {
      lineSku[at] = words.of(l.sku);
      lineQty[at] = l.quantity;
      at += 1;
    }
  });
  return {
    format: PACK_FORMAT,
    words: words.list,
    cases: {
      count: n,
      ids: cases.map((c) => c.id).join(SEP),
      caseNos: cases.map((c) => c.caseNo).join(SEP),
      orderIds: cases.map((c) => c.orderId).join(SEP),
      words: w,
      quantity,
      numbers,
      benchHour,
      flags,
      extras,
    },
    orders: { count: orders.length, ids: orders.map((o) => o.id).join(SEP), paidDay: Float64Array.from(orders, (o) => o.paidDay), lineCount, lineSku, lineQty },
  };
}

function split(joined: string, count: number): string[] {
  return count === 0 ? [] : joined.split(SEP);
}

/** The projections back, keyed by id; throws on a pack of another format or a damaged one. */
export function unpackFacts(p: PackedFacts): { cases: Map<string, CaseFacts>; orders: Map<string, OrderFacts> } {
  if (p.format !== PACK_FORMAT) throw new Error(`unknown dashboard pack format ${String(p.format)}`);
  const word = (i: number): string | null => (i === NONE ? null : (p.words[i] ?? null));
  const c = p.cases;
  const ids = split(c.ids, c.count);
  const caseNos = split(c.caseNos, c.count);
  const orderIds = split(c.orderIds, c.count);
  if (ids.length !== c.count || caseNos.length !== c.count || orderIds.length !== c.count) throw new Error('damaged dashboard pack');
  const extras = new Map(c.extras.map(([i, breaches, disputes]) => [i, { breaches, disputes }]));
  const cases = new Map<string, CaseFacts>();
  for (let i = 0; i < c.count; i++) {
    const w = i * CASE_WORDS;
    const x = i * CASE_NUMBERS;
    const flags = c.flags[i] ?? 0;
    const extra = extras.get(i);
    const id = ids[i] as string;
    cases.set(id, {
      id,
      caseNo: caseNos[i] as string,
      orderId: orderIds[i] as string,
      state: word(c.words[w]!) as CaseFacts['state'],
      type: word(c.words[w + 1]!) as CaseFacts['type'],
      reason: word(c.words[w + 2]!) as CaseFacts['reason'],
      sku: word(c.words[w + 3]!) ?? '',
      closeCause: word(c.words[w + 4]!) as CaseFacts['closeCause'],
      owner: (word(c.words[w + 5]!) ?? '') as CaseFacts['owner'],
      quantity: c.quantity[i]!,
      openedDay: c.numbers[x]!,
      endedDay: c.numbers[x + 1]!,
      dueMs: c.numbers[x + 2]!,
      dueDay: c.numbers[x + 3]!,
      pastBreaches: extra?.breaches ?? [],
      disputes: extra?.disputes ?? [],
      bench:
        flags & 1
          ? {
              station: word(c.words[w + 6]!) ?? '',
              grade: word(c.words[w + 7]!) as NonNullable<CaseFacts['bench']>['grade'],
              disposition: word(c.words[w + 8]!) as NonNullable<CaseFacts['bench']>['disposition'],
              hour: c.benchHour[i]!,
              hourSlot: c.numbers[x + 4]!,
              disputed: (flags & 2) !== 0,
            }
          : null,
      refundPaid: flags & 4 ? { day: c.numbers[x + 5]!, cash: c.numbers[x + 6]!, coins: c.numbers[x + 7]! } : null,
    });
  }
  const o = p.orders;
  const orderIdList = split(o.ids, o.count);
  if (orderIdList.length !== o.count) throw new Error('damaged dashboard pack');
  const orders = new Map<string, OrderFacts>();
  let at = 0;
  for (let i = 0; i < o.count; i++) {
    const lines: OrderFacts['lines'] = [];
    for (let k = 0; k < o.lineCount[i]!; k++, at++) lines.push({ sku: word(o.lineSku[at]!) ?? '', quantity: o.lineQty[at]! });
    const id = orderIdList[i] as string;
    orders.set(id, { id, paidDay: o.paidDay[i]!, lines });
  }
  return { cases, orders };
}
