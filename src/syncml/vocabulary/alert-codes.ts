/** Alert codes of OMA DM 1.2 (reference §2.6, DM 1.2 Protocol §8.7); Alert Data carries the code. */
export const ALERT_CODES = {
  DISPLAY: { code: '1100', meaning: 'Display', direction: 'server' },
  CONFIRM_OR_REJECT: { code: '1101', meaning: 'Confirm or reject', direction: 'server' },
  TEXT_INPUT: { code: '1102', meaning: 'Text input', direction: 'server' },
  SINGLE_CHOICE: { code: '1103', meaning: 'Single choice', direction: 'server' },
  MULTIPLE_CHOICE: { code: '1104', meaning: 'Multiple choice', direction: 'server' },
  SERVER_INITIATED_MGMT: { code: '1200', meaning: 'Server-initiated management', direction: 'client' },
  CLIENT_INITIATED_MGMT: { code: '1201', meaning: 'Client-initiated management', direction: 'client' },
  NEXT_MESSAGE: { code: '1222', meaning: 'Next message', direction: 'both' },
  SESSION_ABORT: { code: '1223', meaning: 'Session abort', direction: 'both' },
  CLIENT_EVENT: { code: '1224', meaning: 'Client event', direction: 'client' },
  NO_END_OF_DATA: { code: '1225', meaning: 'No end of data', direction: 'both' },
  GENERIC_ALERT: { code: '1226', meaning: 'Generic alert', direction: 'client' },
} as const;

export type AlertName = keyof typeof ALERT_CODES;
export type AlertCode = (typeof ALERT_CODES)[AlertName]['code'];
/** Who may send an alert: the server, the client, or either side. */
export type AlertDirection = (typeof ALERT_CODES)[AlertName]['direction'];

const NAME_BY_CODE: ReadonlyMap<string, AlertName> = new Map(
  (Object.keys(ALERT_CODES) as AlertName[]).map((name) => [ALERT_CODES[name].code, name]),
);

/** The table entry name of an alert code, or undefined for a code outside the list. */
export function alertName(code: string): AlertName | undefined {
  return NAME_BY_CODE.get(code.trim());
}

/** UI alerts 1100–1104 (reference §2.6): the client shows them to the user. */
export function isUserInteractionAlert(code: string): boolean {
  const value = code.trim();
  return /^110[0-4]$/.test(value);
}
