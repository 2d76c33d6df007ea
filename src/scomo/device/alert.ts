/**
 * The OperationComplete Generic Alert payload (reference §1.8, §2.10): Source = the executed
 * operation node, Target = the affected package or component node, Type
 * `urn:oma:at:scomo:1.0:OperationComplete`, Format `xml`, Mark by the result's severity, Data
 * `<ResultCode>NNNN</ResultCode><Identifier>ID</Identifier>`, one Item per component when an install
 * produced several, and the Exec's Correlator echoed exactly — absent when it had none (§1.7 rule 4).
 */
import type { Alert } from '../../syncml/index.ts';
import { GENERIC_ALERT_CODE, SCOMO_ALERT_FORMAT, SCOMO_ALERT_TYPES } from '../vocabulary/identity.ts';
import { markForResult } from '../vocabulary/result-codes.ts';
import type { ScomoAlert, ScomoAlertItem } from './types.ts';

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** `<ResultCode>NNNN</ResultCode><Identifier>ID</Identifier>` (reference §1.8). */
export function resultData(resultCode: number, identifier: string): string {
  return `<ResultCode>${resultCode}</ResultCode><Identifier>${escapeXmlText(identifier)}</Identifier>`;
}

export interface AlertSubject {
  /** The affected node's URI. */
  readonly target: string;
  /** DC ID for a component, PkgID for a package. */
  readonly identifier: string;
}

export function operationCompleteItem(
  source: string,
  subject: AlertSubject,
  resultCode: number,
): ScomoAlertItem {
  return {
    source,
    target: subject.target,
    type: SCOMO_ALERT_TYPES.operationComplete,
    format: SCOMO_ALERT_FORMAT,
    mark: markForResult(resultCode),
    data: resultData(resultCode, subject.identifier),
  };
}

export function operationComplete(
  source: string,
  correlator: string | undefined,
  subjects: readonly AlertSubject[],
  resultCode: number,
): ScomoAlert {
  const items = subjects.map((s) => operationCompleteItem(source, s, resultCode));
  return correlator === undefined ? { items } : { correlator, items };
}

/**
 * The alert as a SyncML Alert command (DM 1.2 Protocol §6.6.2 element order: CmdID, Data,
 * Correlator, Item*), with the Data as CDATA in XML. The session layer builds its own commands; this
 * serves tests and embedders that write messages themselves.
 */
export function scomoAlertCommand(alert: ScomoAlert, cmdID: string): Alert {
  return {
    kind: 'Alert',
    cmdID,
    data: GENERIC_ALERT_CODE,
    ...(alert.correlator === undefined ? {} : { correlator: alert.correlator }),
    items: alert.items.map((item) => ({
      source: { locURI: item.source },
      target: { locURI: item.target },
      meta: { type: item.type, format: item.format, mark: item.mark },
      data: item.data,
      cdata: true,
    })),
  };
}
