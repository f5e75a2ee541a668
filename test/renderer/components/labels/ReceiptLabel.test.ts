import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import ReceiptLabel from '../../../../renderer/src/components/labels/ReceiptLabel.vue';
import BarcodeSvg from '../../../../renderer/src/components/labels/BarcodeSvg.vue';
import type { ReceiptLabelData } from '../../../../renderer/src/components/labels/types';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const RECEIVED: ReceiptLabelData = {
  outcome: 'received',
  caseNo: 'RMA251122000123',
  shelf: 'A-03-2',
  sku: '6901234567892',
  quantity: 2,
  receivedAt: '2025-11-22T06:05:00.000Z',
  warehouseId: 'WH-SH',
  staffName: '王仓管',
};

function mountLabel(label: ReceiptLabelData, locale: AppLocale = 'zh-CN'): VueWrapper {
  wrapper = mount(ReceiptLabel, { props: { label }, global: { plugins: [createAppI18n(locale)] } });
  return wrapper;
}

/**
 * The bars as [x, width] in modules (JsBarcode draws one unit per module, in groups moved by a
 * `translate`), the white background excluded.
 */
function bars(svg: Element): Array<[number, number]> {
  return [...svg.querySelectorAll('g')].flatMap((g) => {
    const dx = Number(/translate\((\d+)/.exec(g.getAttribute('transform') ?? '')?.[1] ?? 0);
    return [...g.querySelectorAll('rect')].map((r): [number, number] => [dx + Number(r.getAttribute('x')), Number(r.getAttribute('width'))]);
  });
}

/** Expands bars back into a module string ('1' bar, '0' space) between the quiet zones. */
function modules(svg: Element): string {
  const viewBox = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  const total = viewBox[2] ?? 0;
  const cells = Array.from({ length: total }, () => '0');
  for (const [x, w] of bars(svg)) for (let i = 0; i < w; i += 1) cells[x + i] = '1';
  return cells.join('');
}

const text = (w: VueWrapper, id: string): string => w.find(`[data-testid="${id}"]`).text();

describe('receipt label', () => {
  it('draws the case number as Code 128 bars, with quiet zones, start and stop patterns', () => {
    const label = mountLabel(RECEIVED);
    const svg = label.find('svg.barcode').element;
    expect(svg.getAttribute('data-format')).toBe('CODE128');
    expect(svg.getAttribute('data-valid')).toBe('true');
    expect(bars(svg).length).toBeGreaterThan(30);
    const m = modules(svg);
    // Ten modules of quiet zone on both sides, then a start code (Start A/B/C all begin 11010)…
    expect(m.slice(0, 10)).toBe('0'.repeat(10));
    expect(m.slice(10, 15)).toBe('11010');
    // …and the stop pattern 1100011101011 right before the closing quiet zone.
    expect(m.slice(-23)).toBe(`1100011101011${'0'.repeat(10)}`);
    // Every Code 128 symbol is 11 modules: start + data + check = (length − 13 − 20) / 11 whole symbols.
    expect((m.length - 13 - 20) % 11).toBe(0);
    // Printed size comes from CSS in mm: JsBarcode's pixel size is dropped and the bars stretch.
    expect(svg.getAttribute('width')).toBeNull();
    expect(svg.getAttribute('preserveAspectRatio')).toBe('none');
  });

  it('encodes different codes differently', () => {
    const a = modules(mountLabel(RECEIVED).find('svg.barcode').element);
    wrapper?.unmount();
    const b = modules(mountLabel({ ...RECEIVED, caseNo: 'RMA251122000124' }).find('svg.barcode').element);
    expect(a).not.toBe(b);
  });

  it('shows the outcome, shelf, code, product, quantity, time and who received it', () => {
    const label = mountLabel(RECEIVED);
    expect(text(label, 'receipt-label-outcome')).toBe('已入库');
    expect(text(label, 'receipt-label-warehouse')).toBe('WH-SH');
    expect(text(label, 'receipt-label-shelf')).toBe('货位 A-03-2');
    expect(text(label, 'receipt-label-code')).toBe('售后单号 RMA251122000123');
    expect(text(label, 'receipt-label-sku')).toBe('商品 6901234567892');
    expect(text(label, 'receipt-label-quantity')).toBe('数量 2');
    expect(text(label, 'receipt-label-staff')).toBe('经办 王仓管');
    // The workstation's local time of the ISO instant.
    const at = new Date(RECEIVED.receivedAt);
    const pad = (n: number): string => String(n).padStart(2, '0');
    expect(text(label, 'receipt-label-time')).toBe(
      `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`,
    );
  });

  it('labels an unmatched parcel with its tracking number instead of a case number', () => {
    const label = mountLabel({ outcome: 'unmatched', trackingNo: 'SF1234567890123', sku: '', quantity: 1, receivedAt: RECEIVED.receivedAt, warehouseId: 'WH-SH', staffName: 'Wang' }, 'en-US');
    expect(label.attributes('data-outcome')).toBe('unmatched');
    expect(text(label, 'receipt-label-outcome')).toBe('Unmatched');
    expect(text(label, 'receipt-label-code')).toBe('Tracking SF1234567890123');
    expect(label.find('svg.barcode').attributes('aria-label')).toBe('SF1234567890123');
    expect(text(label, 'receipt-label-shelf')).toBe('Not shelved');
    expect(text(label, 'receipt-label-sku')).toBe('SKU unknown');
  });

  it('marks a disputed parcel', () => {
    const label = mountLabel({ ...RECEIVED, outcome: 'disputed' }, 'en-US');
    expect(label.classes()).toContain('outcome-disputed');
    expect(text(label, 'receipt-label-outcome')).toBe('Disputed');
    expect(text(label, 'receipt-label-code')).toBe('Case RMA251122000123');
  });
});

describe('barcode SVG', () => {
  it('draws EAN-13 product codes and keeps their proportions', () => {
    wrapper = mount(BarcodeSvg, { props: { value: '6901234567892', format: 'EAN13' } });
    const svg = wrapper.element;
    expect(svg.getAttribute('data-valid')).toBe('true');
    const m = modules(svg);
    // 95 modules between quiet zones: guard 101, six left digits, centre guard 01010, six right digits, guard 101.
    expect(m.length).toBe(95 + 20);
    expect(m.slice(10, 13)).toBe('101');
    expect(m.slice(10 + 45, 10 + 50)).toBe('01010');
    expect(m.slice(-13, -10)).toBe('101');
    // The first digit (6) sets the left half's parity, LGGGLL: 9 in L code, then 0 in G code.
    expect(m.slice(13, 20)).toBe('0001011');
    expect(m.slice(20, 27)).toBe('0100111');
    expect(svg.getAttribute('preserveAspectRatio')).toBe('xMidYMid meet');
  });

  it('marks a code its symbology cannot carry instead of throwing', async () => {
    wrapper = mount(BarcodeSvg, { props: { value: '6901234567890', format: 'EAN13' } });
    await nextTick();
    expect(wrapper.attributes('data-valid')).toBe('false');
    expect(wrapper.findAll('rect')).toHaveLength(0);
  });
});
