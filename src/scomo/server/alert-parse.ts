/**
 * Reading SCOMO OperationComplete alerts (reference §1.8, §2.10) as a server: both Types (the OMNA
 * URN and Nokia's legacy name), Format `xml`, `chr` or `text/plain`, Data escaped, in CDATA, as
 * WBXML OPAQUE bytes, or escaped twice; Mark optional (default informational) and not trusted to
 * tell success (Nokia marks successes `warning`); Target taken as sent (MediaTek names a Deployed
 * node even for a Delivered operation). A malformed SCOMO item is a ScomoError the server maps to
 * Status 415 (`SCOMO_ALERT_FORMAT`) or records as unreadable (`SCOMO_ALERT_DATA`).
 */
import { ScomoError } from '../../errors/index.ts';
import { base64ToBytes, DEFAULT_MARK, isMarkSeverity } from '../../syncml/index.ts';
import type { Alert, ItemData, MarkSeverity } from '../../syncml/index.ts';
import {
  GENERIC_ALERT_CODE,
  isAcceptedAlertFormat,
  isOperationCompleteType,
  SCOMO_ALERT_TYPES,
} from '../vocabulary/identity.ts';
import { isSuccessResult, resultMeaning } from '../vocabulary/result-codes.ts';
import { scomoObjectOf, scomoOperationOf } from './scomo-uri.ts';
import type { ScomoObjectRef, ScomoOperationRef } from './scomo-uri.ts';

/**
 * One alert item as a server sees it: the syncml Item fields plus the Alert's correlator. The
 * session layer's client-alert records have this shape too (null for absent; `encoding: 'b64'` when
 * `data` is the base64 of OPAQUE bytes).
 */
export interface AlertItemInput {
  readonly correlator?: string | null | undefined;
  readonly type?: string | null | undefined;
  readonly format?: string | null | undefined;
  readonly mark?: string | null | undefined;
  readonly source?: string | null | undefined;
  readonly target?: string | null | undefined;
  readonly data?: string | Uint8Array | null | undefined;
  readonly encoding?: 'text' | 'b64';
}

export interface ScomoAlertResult {
  readonly correlator?: string;
  readonly sourceUri?: string;
  readonly targetUri?: string;
  readonly resultCode: number;
  readonly meaning: string;
  readonly success: boolean;
  /** `Identifier` (DC ID or PkgID); "" when the device sent none. */
  readonly identifier: string;
  readonly mark: MarkSeverity;
  /** The legacy Nokia Type was used. */
  readonly legacyType: boolean;
  /** The executed operation, when Source names one. */
  readonly operation?: ScomoOperationRef;
  /** The affected object, when Target names one (as sent: not checked against Source). */
  readonly targetObject?: ScomoObjectRef;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback;
}

function dataText(input: AlertItemInput): string {
  const data: ItemData | null | undefined = input.data;
  if (data === undefined || data === null) return '';
  let bytes: Uint8Array | undefined;
  if (typeof data === 'string') {
    if (input.encoding !== 'b64') return data;
    bytes = base64ToBytes(data);
  } else if (data instanceof Uint8Array) {
    bytes = data;
  }
  if (bytes === undefined) throw dataError('Data is neither text nor bytes');
  try {
    return UTF8.decode(bytes);
  } catch (err) {
    throw new ScomoError('SCOMO_ALERT_DATA', 'OperationComplete Data bytes are not UTF-8 text', {
      cause: err,
    });
  }
}

function dataError(why: string): ScomoError {
  return new ScomoError(
    'SCOMO_ALERT_DATA',
    `OperationComplete ${why}; expected <ResultCode>NNNN</ResultCode><Identifier>ID</Identifier>`,
  );
}

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const RESULT_CODE = /<ResultCode>\s*(\d{3,5})\s*<\/ResultCode>/i;
const IDENTIFIER = /<Identifier>([\s\S]*?)<\/Identifier>/i;

/** ResultCode and Identifier from the Data text (reference §1.8). */
export function parseResultData(raw: string): { resultCode: number; identifier: string } {
  let text = raw.replace(CDATA, '$1').trim();
  // Escaped twice (the XML escape of an already escaped payload): undo one level.
  if (!RESULT_CODE.test(text) && /&lt;ResultCode/i.test(text)) text = unescapeXml(text).replace(CDATA, '$1');
  const code = RESULT_CODE.exec(text);
  if (code?.[1] === undefined) {
    // Lenient: a bare result code (seen as the whole Data of minimal clients).
    if (/^\d{4}$/.test(text)) return { resultCode: Number(text), identifier: '' };
    throw dataError(`Data holds no ResultCode (${JSON.stringify(raw.slice(0, 80))})`);
  }
  const id = IDENTIFIER.exec(text)?.[1];
  return {
    resultCode: Number(code[1]),
    identifier: id === undefined ? '' : unescapeXml(id.replace(CDATA, '$1')).trim(),
  };
}

function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * One alert item → its SCOMO result, or undefined when the item is not an OperationComplete.
 * Throws ScomoError SCOMO_ALERT_FORMAT (Format not xml/chr/text/plain) or SCOMO_ALERT_DATA.
 */
export function parseScomoAlertItem(input: AlertItemInput): ScomoAlertResult | undefined {
  if (!isOperationCompleteType(input.type)) return undefined;
  if (present(input.format) && !isAcceptedAlertFormat(input.format)) {
    throw new ScomoError(
      'SCOMO_ALERT_FORMAT',
      `OperationComplete with Format "${input.format}"; expected xml, chr or text/plain`,
    );
  }
  const { resultCode, identifier } = parseResultData(dataText(input));
  const mark =
    present(input.mark) && isMarkSeverity(input.mark.trim().toLowerCase())
      ? (input.mark.trim().toLowerCase() as MarkSeverity)
      : DEFAULT_MARK;
  const operation = present(input.source) ? scomoOperationOf(input.source) : undefined;
  const targetObject = present(input.target) ? scomoObjectOf(input.target) : undefined;
  return {
    ...(present(input.correlator) ? { correlator: input.correlator } : {}),
    ...(present(input.source) ? { sourceUri: input.source } : {}),
    ...(present(input.target) ? { targetUri: input.target } : {}),
    resultCode,
    meaning: resultMeaning(resultCode),
    success: isSuccessResult(resultCode),
    identifier,
    mark,
    legacyType: (input.type ?? '')
      .trim()
      .toLowerCase()
      .endsWith(SCOMO_ALERT_TYPES.legacyOperationComplete.toLowerCase()),
    ...(operation === undefined ? {} : { operation }),
    ...(targetObject === undefined
      ? {}
      : { targetObject: { kind: targetObject.kind, node: targetObject.node, root: targetObject.root } }),
  };
}

/**
 * The SCOMO results of a Generic Alert command (Data 1226), one per OperationComplete item; other
 * items and other alerts give none. The correlator is the Alert's, echoed exactly.
 */
export function parseScomoAlert(alert: Alert): ScomoAlertResult[] {
  if ((alert.data ?? '').trim() !== GENERIC_ALERT_CODE) return [];
  const out: ScomoAlertResult[] = [];
  for (const item of alert.items) {
    const data = item.data;
    if (data !== undefined && typeof data !== 'string' && !(data instanceof Uint8Array)) {
      if (isOperationCompleteType(item.meta?.type)) throw dataError('Data holds embedded markup');
      continue;
    }
    const result = parseScomoAlertItem({
      correlator: alert.correlator,
      type: item.meta?.type,
      format: item.meta?.format,
      mark: item.meta?.mark,
      source: item.source?.locURI,
      target: item.target?.locURI,
      data,
    });
    if (result !== undefined) out.push(result);
  }
  return out;
}
