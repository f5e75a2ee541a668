/**
 * What a string, a time and a command payload must be before they may reach PostgreSQL. A text
 * column or a jsonb value refuses NUL, a lone UTF-16 surrogate cannot be encoded as UTF-8, and a
 * time outside a few centuries overflows the date arithmetic: such input used to fail a whole
 * push batch with a 500. Checked at the wire schema instead, it is a clear refusal of the one
 * command that carries it.
 *
 * Also refused: control characters (except tab and line breaks in free text) and the bidirectional
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which make a text read
 * differently from what it contains (a tracking number or a reason shown reversed).
 */
import { z } from 'zod';

/** A surrogate half without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Free text: no controls but tab, LF and CR; no bidirectional embeddings, overrides or isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// Identifiers: no control or format character at all, no line or paragraph separator.
const IDENTIFIER_FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Why `value` may not be stored, or null. */
export function textProblem(value: string, kind: 'text' | 'identifier'): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate';
  if ((kind === 'identifier' ? IDENTIFIER_FORBIDDEN : TEXT_FORBIDDEN).test(value)) return 'contains a control or text-direction character';
  return null;
}

/** A name or id (case id, command type, device id): printable characters only. */
export function wireIdentifier(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, 'identifier');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Earliest and latest instants a wire time may name (exclusive upper bound). */
const WIRE_TIME_MIN = '2000-01-01T00:00:00.000Z';
const WIRE_TIME_MAX = '2100-01-01T00:00:00.000Z';

/** An ISO 8601 time with its offset, between 2000 and 2100. */
export const WireTimeSchema = z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
  const ms = Date.parse(value);
  if (!(ms >= Date.parse(WIRE_TIME_MIN) && ms < Date.parse(WIRE_TIME_MAX))) ctx.addIssue({ code: 'custom', message: 'time out of range (2000–2099)' });
});

/** How deep a command payload may nest (the rule book's deepest payload is 4 levels). */
const MAX_PAYLOAD_DEPTH = 16;
/** Longest string in a command payload (the rule book's longest text is 2,000 characters). */
const MAX_PAYLOAD_TEXT = 4000;

/** The first thing in a JSON value that may not be stored, with its path; null when all is well. */
function jsonProblem(value: unknown): { path: (string | number)[]; message: string } | null {
  // Iterative, so a payload nested a million levels deep costs no stack.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    const { value: v, path } = next;
    if (typeof v === 'string') {
      if (v.length > MAX_PAYLOAD_TEXT) return { path, message: `text longer than ${MAX_PAYLOAD_TEXT} characters` };
      const problem = textProblem(v, 'text');
      if (problem) return { path, message: problem };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) return { path, message: 'number beyond 2^53 (not exact)' };
    } else if (typeof v === 'object' && v !== null) {
      if (path.length >= MAX_PAYLOAD_DEPTH) return { path, message: `nested deeper than ${MAX_PAYLOAD_DEPTH} levels` };
      if (Array.isArray(v)) {
        v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      } else {
        for (const [key, item] of Object.entries(v)) {
          const problem = textProblem(key, 'text');
          if (problem) return { path: [...path, key], message: `key ${problem}` };
          stack.push({ value: item, path: [...path, key] });
        }
      }
    }
  }
  return null;
}

/** A command payload: any JSON the rule book then validates per command type, but nothing PostgreSQL would refuse. */
export const WirePayloadSchema = z.unknown().superRefine((value, ctx) => {
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});
