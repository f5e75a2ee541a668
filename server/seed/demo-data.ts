/**
 * Demo data (演示数据): a realistic, seeded mix of products, orders and after-sales cases in every
 * state, described as the commands that bring each case there. Applying those commands through the
 * rules (see ./demo.ts) yields the same events a real shop would have produced.
 */
import { allocateOrderLines, type CaseState, type CommandInput, type Order, type Product, type Reason } from '../../shared/domain';
import { createSeededRng, generateEan13, generateTrackingNumber, randomInt, type Rng } from '../../shared/barcode';
import { formatOrderNumber } from '../../shared/barcode';
import type { Carrier } from '../../shared/barcode';

export interface DemoProduct extends Product {
  name: string;
  gtin: string;
}

export interface DemoOrder {
  order: Order;
  orderNo: string;
  buyerName: string;
  buyerPhone: string;
  address: string;
}

/** A command without its envelope ids: the seeder adds command id, case id and base version. */
export interface DemoStep {
  /** Minutes after the case's first step. */
  atMinute: number;
  type: CommandInput['type'];
  actor: { id: string; role: 'buyer' | 'cs' | 'warehouse' | 'finance'; warehouseId?: string };
  payload: Record<string, unknown>;
}

export interface DemoCase {
  caseId: string;
  orderId: string;
  /** The state the steps lead to. */
  target: CaseState;
  /** When the first step happened. */
  startAt: string;
  steps: DemoStep[];
  /** The buyer's return tracking number, when the case has one. */
  returnTrackingNo?: string;
}

export interface DemoData {
  products: DemoProduct[];
  orders: DemoOrder[];
  cases: DemoCase[];
}

export const DEMO_WAREHOUSE = {
  warehouseId: 'WH-SH',
  name: '上海嘉定退货仓',
  phone: '021-59990000',
  address: '上海市嘉定区安亭镇墨玉南路888号 退货组',
} as const;

const CATALOGUE: ReadonlyArray<Omit<DemoProduct, 'gtin' | 'active'>> = [
  { sku: 'TS-WHT-M', spu: 'TS-COTTON', name: '纯棉圆领T恤 白色 M', unitPrice: 7900, sevenDayNoReason: true, virtual: false, weightGrams: 250, warrantyDays: 0 },
  { sku: 'TS-WHT-L', spu: 'TS-COTTON', name: '纯棉圆领T恤 白色 L', unitPrice: 7900, sevenDayNoReason: true, virtual: false, weightGrams: 260, warrantyDays: 0 },
  { sku: 'TS-BLK-L', spu: 'TS-COTTON', name: '纯棉圆领T恤 黑色 L', unitPrice: 7900, sevenDayNoReason: true, virtual: false, weightGrams: 260, warrantyDays: 0 },
  { sku: 'JK-DOWN-M', spu: 'JK-DOWN', name: '轻薄羽绒服 藏青 M', unitPrice: 49900, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 0 },
  { sku: 'JK-DOWN-L', spu: 'JK-DOWN', name: '轻薄羽绒服 藏青 L', unitPrice: 49900, sevenDayNoReason: true, virtual: false, weightGrams: 720, warrantyDays: 0 },
  { sku: 'SH-RUN-42', spu: 'SH-RUN', name: '缓震跑鞋 42码', unitPrice: 39900, sevenDayNoReason: true, virtual: false, weightGrams: 900, warrantyDays: 0 },
  { sku: 'SH-RUN-43', spu: 'SH-RUN', name: '缓震跑鞋 43码', unitPrice: 39900, sevenDayNoReason: true, virtual: false, weightGrams: 920, warrantyDays: 0 },
  { sku: 'EB-PRO-BLK', spu: 'EB-PRO', name: '降噪蓝牙耳机 Pro 黑色', unitPrice: 89900, sevenDayNoReason: true, virtual: false, weightGrams: 300, warrantyDays: 365 },
  { sku: 'PB-20K', spu: 'PB-20K', name: '20000mAh 快充移动电源', unitPrice: 15900, sevenDayNoReason: true, virtual: false, weightGrams: 420, warrantyDays: 365 },
  { sku: 'KB-MECH-87', spu: 'KB-MECH', name: '87键机械键盘 茶轴', unitPrice: 32900, sevenDayNoReason: true, virtual: false, weightGrams: 1100, warrantyDays: 730 },
  { sku: 'RC-IH-4L', spu: 'RC-IH', name: 'IH电饭煲 4L', unitPrice: 59900, sevenDayNoReason: true, virtual: false, weightGrams: 4200, warrantyDays: 365 },
  { sku: 'TEA-LJ-250', spu: 'TEA-LJ', name: '明前龙井 250g 礼盒', unitPrice: 26800, sevenDayNoReason: false, virtual: false, weightGrams: 600, warrantyDays: 0 },
  { sku: 'CARD-VIP-12', spu: 'CARD-VIP', name: '视频会员 12个月', unitPrice: 19800, sevenDayNoReason: false, virtual: true, weightGrams: 0, warrantyDays: 0 },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '婷', '浩然', '子涵', '欣怡'];
const PLACES = [
  ['北京市', '朝阳区', '建国路'],
  ['上海市', '浦东新区', '张杨路'],
  ['广东省广州市', '天河区', '体育西路'],
  ['广东省深圳市', '南山区', '科技园南路'],
  ['浙江省杭州市', '西湖区', '文三路'],
  ['江苏省南京市', '鼓楼区', '中山北路'],
  ['四川省成都市', '武侯区', '人民南路四段'],
  ['湖北省武汉市', '洪山区', '珞喻路'],
  ['陕西省西安市', '雁塔区', '小寨东路'],
  ['山东省青岛市', '市南区', '香港中路'],
] as const;
const CARRIERS: readonly Carrier[] = ['SF', 'YTO', 'ZTO', 'JD', 'EMS'];
const CARRIER_NAMES: Record<Carrier, string> = { SF: '顺丰速运', YTO: '圆通速递', ZTO: '中通快递', JD: '京东物流', EMS: '中国邮政EMS' };

const pick = <T>(items: readonly T[], rng: Rng): T => items[randomInt(items.length, rng)] as T;

function buyer(rng: Rng): { name: string; phone: string; address: string } {
  const [province, district, road] = pick(PLACES, rng);
  const phone = `1${pick(['3', '5', '7', '8', '9'], rng)}${String(randomInt(1_000_000_000, rng)).padStart(9, '0')}`;
  return {
    name: pick(SURNAMES, rng) + pick(GIVEN, rng),
    phone,
    address: `${province}${district}${road}${1 + randomInt(999, rng)}号${1 + randomInt(30, rng)}栋${101 + randomInt(2500, rng)}室`,
  };
}

/**
 * The lifecycle script for each target state: the after-sales types and the steps that lead there.
 * Every state of DOMAIN §3 appears; awaiting_receipt is the most common, since those are the parcels
 * the warehouse scans.
 */
type Recipe = { target: CaseState; caseType: 'return_refund' | 'exchange' | 'refund_only' | 'cancel_after_payment'; orderState: 'completed' | 'awaiting_shipment' | 'shipped'; path: readonly string[]; weight: number };
const RECIPES: readonly Recipe[] = [
  { target: 'pending_review', caseType: 'return_refund', orderState: 'completed', path: [], weight: 3 },
  { target: 'pending_review', caseType: 'cancel_after_payment', orderState: 'awaiting_shipment', path: [], weight: 1 },
  { target: 'rejected', caseType: 'return_refund', orderState: 'completed', path: ['reject'], weight: 1 },
  { target: 'awaiting_buyer_shipment', caseType: 'return_refund', orderState: 'completed', path: ['approve'], weight: 2 },
  { target: 'awaiting_receipt', caseType: 'return_refund', orderState: 'completed', path: ['approve', 'ship_back'], weight: 8 },
  { target: 'awaiting_receipt', caseType: 'exchange', orderState: 'completed', path: ['approve', 'ship_back'], weight: 2 },
  { target: 'disputed', caseType: 'return_refund', orderState: 'completed', path: ['approve', 'ship_back', 'dispute'], weight: 1 },
  { target: 'awaiting_refund', caseType: 'return_refund', orderState: 'completed', path: ['approve', 'ship_back', 'receive'], weight: 2 },
  { target: 'awaiting_exchange_shipment', caseType: 'exchange', orderState: 'completed', path: ['approve', 'ship_back', 'receive'], weight: 1 },
  { target: 'awaiting_buyer_confirmation', caseType: 'exchange', orderState: 'completed', path: ['approve', 'ship_back', 'receive', 'ship_exchange'], weight: 1 },
  { target: 'completed', caseType: 'return_refund', orderState: 'completed', path: ['approve', 'ship_back', 'receive', 'refund'], weight: 2 },
  { target: 'closed', caseType: 'return_refund', orderState: 'completed', path: ['withdraw'], weight: 1 },
];

const REASON_BY_TYPE: Record<Recipe['caseType'], readonly Reason[]> = {
  return_refund: ['no_reason_seven_days', 'size_or_fit', 'quality_issue', 'not_as_described', 'damaged_on_arrival'],
  exchange: ['size_or_fit', 'quality_issue'],
  refund_only: ['not_received'],
  cancel_after_payment: ['changed_mind'],
};

const DESCRIPTIONS: Record<Reason, string> = {
  no_reason_seven_days: '七天无理由退货，商品未使用，吊牌完好。',
  changed_mind: '拍错了，不想要了。',
  size_or_fit: '尺码偏小，穿着不合适。',
  quality_issue: '使用两天后出现故障，无法正常充电。',
  not_as_described: '颜色与商品详情页图片差别较大。',
  damaged_on_arrival: '收到时外包装破损，商品有划痕。',
  wrong_item: '收到的商品与下单的不一致。',
  missing_item: '包裹里少了一件。',
  not_received: '物流显示已签收，但本人未收到。',
  parcel_lost: '快递显示丢件。',
  other: '其他原因。',
};

export interface DemoOptions {
  seed?: number;
  /** Seeding time; orders and cases are placed in the days before it. */
  now: Date;
  /** Number of cases (default: one realistic warehouse day, 40). */
  cases?: number;
  /** Staff ids used as actors. */
  staff?: { cs: string; warehouse: string; finance: string };
}

export function generateDemoData(options: DemoOptions): DemoData {
  const rng = createSeededRng(options.seed ?? 20261122);
  const nowMs = options.now.getTime();
  const staff = options.staff ?? { cs: 'staff-cs1', warehouse: 'staff-wh1', finance: 'staff-fin1' };
  const total = options.cases ?? 40;
  const products: DemoProduct[] = CATALOGUE.map((p) => ({ ...p, active: true, gtin: generateEan13('690', rng) }));
  const physical = products.filter((p) => !p.virtual);
  const orders: DemoOrder[] = [];
  const cases: DemoCase[] = [];
  const weights = RECIPES.reduce((sum, r) => sum + r.weight, 0);
  const day = new Date(options.now);
  const dayIso = `${day.getUTCFullYear()}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;

  for (let i = 0; i < total; i++) {
    // Every recipe once first, then by weight: small demos still show every state.
    let recipe: Recipe;
    if (i < RECIPES.length) recipe = RECIPES[i] as Recipe;
    else {
      let ticket = randomInt(weights, rng);
      recipe = RECIPES.find((r) => (ticket -= r.weight) < 0) ?? (RECIPES[0] as Recipe);
    }
    const who = buyer(rng);
    const orderId = `ord-${String(i + 1).padStart(6, '0')}`;
    const buyerId = i === 0 ? 'staff-buyer1' : `buyer-${String(i + 1).padStart(6, '0')}`;
    const lineCount = 1 + randomInt(3, rng);
    const chosen = [...new Set(Array.from({ length: lineCount }, () => pick(physical, rng)))];
    const drafts = chosen.map((p, n) => ({ id: `${orderId}-L${n + 1}`, sku: p.sku, quantity: 1 + randomInt(2, rng), unitPrice: p.unitPrice }));
    const gross = drafts.reduce((sum, d) => sum + d.unitPrice * d.quantity, 0);
    const discount = Math.floor(gross * (randomInt(3, rng) * 0.05));
    const coins = randomInt(3, rng) === 0 ? 1000 : 0;
    const lines = allocateOrderLines(drafts, discount - (discount % 100), coins);

    // Order timeline: paid 3–12 days ago; shipped a day later; signed 2–3 days after that.
    const paidMs = nowMs - (3 + randomInt(9, rng)) * 86_400_000 - randomInt(86_400_000, rng);
    const shippedMs = paidMs + 20 * 3_600_000;
    const signedMs = shippedMs + (2 + randomInt(2, rng)) * 86_400_000;
    const state = recipe.orderState;
    const order: Order = {
      id: orderId,
      buyerId,
      state,
      lines,
      shippingFee: 1000,
      invoiceIssued: randomInt(4, rng) === 0,
      // A recent, unshipped order: cancelled more than the auto-approve window after payment, so CS reviews it.
      paidAt: new Date(state === 'awaiting_shipment' ? nowMs - 5 * 3_600_000 : paidMs).toISOString(),
      shippedAt: state === 'awaiting_shipment' ? null : new Date(shippedMs).toISOString(),
      signedAt: state === 'completed' ? new Date(Math.min(signedMs, nowMs - 3_600_000)).toISOString() : null,
      confirmedAt: state === 'completed' ? new Date(Math.min(signedMs + 3_600_000, nowMs - 1_800_000)).toISOString() : null,
      platformSubsidy: 0,
      serviceFee: Math.round(gross * 0.02),
    };
    orders.push({ order, orderNo: formatOrderNumber(i + 1, dayIso), buyerName: who.name, buyerPhone: who.phone, address: who.address });

    const line = lines[0];
    if (!line) continue;
    const lineProduct = products.find((p) => p.sku === line.sku);
    // Seven-day no-reason only while the window is still open when the demo is applied (the server
    // judges applications at its own time): signed less than six days before `now`.
    const sevenDayOpen = order.signedAt !== null && Date.parse(order.signedAt) > nowMs - 6 * 86_400_000;
    const reasons = REASON_BY_TYPE[recipe.caseType].filter((r) => r !== 'no_reason_seven_days' || (lineProduct?.sevenDayNoReason === true && sevenDayOpen));
    const reason = pick(reasons, rng);
    // The buyer applies at least an hour after signing (or paying), within the last two days or so.
    const startMs = Math.max(toMsOrNow(order.signedAt ?? order.paidAt, nowMs) + 3_600_000, nowMs - 2 * 86_400_000 - randomInt(6, rng) * 3_600_000);
    const caseId = `case-${String(i + 1).padStart(6, '0')}`;
    const steps: DemoStep[] = [
      {
        atMinute: 0,
        type: 'buyer.apply',
        actor: { id: buyerId, role: 'buyer' },
        payload: {
          orderId,
          lineId: line.id,
          caseType: recipe.caseType,
          quantity: 1,
          reason,
          description: DESCRIPTIONS[reason],
          ...(recipe.caseType === 'exchange' ? { exchangeSku: exchangeTarget(line.sku, products) } : {}),
        },
      },
    ];
    let minute = 30;
    let returnTrackingNo: string | undefined;
    const cs = { id: staff.cs, role: 'cs' as const };
    const wh = { id: staff.warehouse, role: 'warehouse' as const, warehouseId: DEMO_WAREHOUSE.warehouseId };
    const fin = { id: staff.finance, role: 'finance' as const };
    for (const step of recipe.path) {
      const at = minute;
      minute += 60 + randomInt(600, rng);
      switch (step) {
        case 'reject':
          steps.push({ atMinute: at, type: 'cs.reject', actor: cs, payload: { reason: '商品已拆封使用，不符合七天无理由退货条件。' } });
          break;
        case 'approve':
          steps.push({ atMinute: at, type: 'cs.approve', actor: cs, payload: { returnAddress: { ...DEMO_WAREHOUSE } } });
          break;
        case 'withdraw':
          steps.push({ atMinute: at, type: 'buyer.withdraw', actor: { id: buyerId, role: 'buyer' }, payload: {} });
          break;
        case 'ship_back': {
          const carrier = pick(CARRIERS, rng);
          returnTrackingNo = generateTrackingNumber(carrier, rng);
          steps.push({ atMinute: at, type: 'buyer.ship_back', actor: { id: buyerId, role: 'buyer' }, payload: { carrier: CARRIER_NAMES[carrier], trackingNumber: returnTrackingNo } });
          break;
        }
        case 'dispute':
          steps.push({ atMinute: at, type: 'warehouse.raise_dispute', actor: wh, payload: { category: 'empty_parcel', notes: '包裹内无商品，仅有填充物。', photos: [] } });
          break;
        case 'receive':
          steps.push({
            atMinute: at,
            type: 'warehouse.receive',
            actor: wh,
            payload: {
              inspection: {
                received: [{ sku: line.sku, quantity: 1 }],
                condition: 'opened_resalable',
                checklist: { packaging: true, seals: false, accessories: true, serialNumber: null },
                weightGrams: lineProduct?.weightGrams ?? 0,
                photos: [],
                notes: '外包装完好，吊牌在。',
                disposition: { kind: 'restock', location: `A-${String(1 + randomInt(20, rng)).padStart(2, '0')}-${String(1 + randomInt(8, rng)).padStart(2, '0')}` },
              },
            },
          });
          break;
        case 'ship_exchange': {
          const carrier = pick(CARRIERS, rng);
          steps.push({ atMinute: at, type: 'warehouse.ship_exchange', actor: wh, payload: { carrier: CARRIER_NAMES[carrier], trackingNumber: generateTrackingNumber(carrier, rng) } });
          break;
        }
        case 'refund':
          steps.push({ atMinute: at, type: 'finance.approve_refund', actor: fin, payload: { reference: `RF${String(100000 + i)}` } });
          break;
      }
    }
    // Keep every step in the past.
    const span = steps[steps.length - 1]?.atMinute ?? 0;
    const start = Math.max(Math.min(startMs, nowMs - (span + 5) * 60_000), toMsOrNow(order.paidAt, nowMs) + 3_600_000);
    cases.push({ caseId, orderId, target: recipe.target, startAt: new Date(start).toISOString(), steps, ...(returnTrackingNo ? { returnTrackingNo } : {}) });
  }
  return { products, orders, cases };
}

function toMsOrNow(iso: string | null, nowMs: number): number {
  return iso ? Date.parse(iso) : nowMs;
}

/** Another SKU of the same SPU at the same price, or the same SKU. */
function exchangeTarget(sku: string, products: readonly DemoProduct[]): string {
  const source = products.find((p) => p.sku === sku);
  const other = products.find((p) => p.spu === source?.spu && p.sku !== sku && p.unitPrice === source?.unitPrice);
  return other?.sku ?? sku;
}
