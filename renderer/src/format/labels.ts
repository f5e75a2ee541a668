/**
 * Wording and formats shared by every screen: rejection codes, command types and case states
 * through vue-i18n, money, sizes and times.
 */
import { formatMinor as formatDecimal } from '../../../shared/domain/money';
import type { Rejection } from '../db/types';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type HasKey = (key: string) => boolean;

/** `invalid_state` → `rejections.invalid_state`; server codes with dots use underscores. */
export function rejectionKey(code: string): string {
  return `rejections.${code.replace(/\./g, '_')}`;
}

/** A refused form's field names (`reason, amount`) as the words the form shows; a field without words stays as it is. */
function fieldWords(t: Translate, te: HasKey, fields: string): string {
  return fields
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => (te(`formFields.${f}`) ? t(`formFields.${f}`) : f))
    .join(t('formFields.separator'));
}

export function rejectionText(t: Translate, te: HasKey, rejection: Rejection): string {
  const key = rejectionKey(rejection.code);
  if (!te(key)) return t('rejections.unknown', { code: rejection.code });
  const params: Record<string, unknown> = { ...rejection.params };
  if (typeof params.fields === 'string') params.fields = fieldWords(t, te, params.fields);
  return t(key, params);
}

export function commandText(t: Translate, te: HasKey, type: string): string {
  const key = `sync.commandTypes.${type.replace(/\./g, '_')}`;
  return te(key) ? t(key) : type;
}

export function stateText(t: Translate, te: HasKey, state: string): string {
  const key = `sync.caseStates.${state}`;
  return te(key) ? t(key) : state;
}

/** Integer minor units (fen) as yuan with two decimals, without floating-point arithmetic. */
export function formatMinor(minor: number): string {
  const decimal = formatDecimal(minor);
  return decimal.startsWith('-') ? `-¥${decimal.slice(1)}` : `¥${decimal}`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const timeOfDayFormats = new Map<string, Intl.DateTimeFormat>();

/** The time of day (14:05:09, 24-hour) of an ISO time or epoch milliseconds in `locale`; one formatter per language, for lists redrawn often. */
export function formatTimeOfDay(at: string | number, locale: string): string {
  let format = timeOfDayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    timeOfDayFormats.set(locale, format);
  }
  return format.format(new Date(at));
}

export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale);
}
