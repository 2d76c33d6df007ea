/**
 * Package #1 (DM 1.2 Protocol §8.3, reference §2.1): Alert 1201 (client-initiated) or 1200
 * (server-initiated), a Replace of the five DevInfo leaves (each Item: Source LocURI, Meta Format chr,
 * Data), and the queued Generic Alerts (1226) with their Correlator echoed exactly (absent when none).
 */
import type { Alert, Item, Meta, Replace } from '../../../syncml/index.ts';
import { ALERT } from '../codes.ts';
import type { OutEntry } from '../handlers/index.ts';
import type { DevInfoValues } from '../ports/tree-port.ts';
import type { PendingAlert, SessionInitiator } from '../types.ts';

const DEVINFO_LEAVES: readonly (readonly [string, keyof DevInfoValues])[] = [
  ['./DevInfo/DevId', 'devId'],
  ['./DevInfo/Man', 'man'],
  ['./DevInfo/Mod', 'mod'],
  ['./DevInfo/DmV', 'dmV'],
  ['./DevInfo/Lang', 'lang'],
];

function sessionAlert(initiator: SessionInitiator): Alert {
  const code = initiator === 'server' ? ALERT.SERVER_INITIATED : ALERT.CLIENT_INITIATED;
  return { kind: 'Alert', cmdID: '', data: code, items: [] };
}

function devInfoReplace(devInfo: DevInfoValues): Replace {
  return {
    kind: 'Replace',
    cmdID: '',
    items: DEVINFO_LEAVES.map(([uri, key]): Item => ({
      source: { locURI: uri },
      meta: { format: 'chr' },
      data: devInfo[key],
    })),
  };
}

/** Generic Alert 1226 (reference §2.10): Item Meta Type + Format (+ Mark) and Data. */
export function genericAlert(pending: PendingAlert): Alert {
  const alert: Alert = {
    kind: 'Alert',
    cmdID: '',
    data: ALERT.GENERIC_ALERT,
    items: pending.items.map((entry): Item => {
      const meta: Meta = { type: entry.type, format: entry.format };
      if (entry.mark !== undefined) meta.mark = entry.mark;
      const item: Item = { meta, data: entry.data };
      if (entry.source !== undefined) item.source = { locURI: entry.source };
      if (entry.target !== undefined) item.target = { locURI: entry.target };
      return item;
    }),
  };
  if (pending.correlator !== undefined) alert.correlator = pending.correlator;
  return alert;
}

export function package1(
  initiator: SessionInitiator,
  devInfo: DevInfoValues,
  alerts: readonly PendingAlert[],
): OutEntry[] {
  return [
    { command: sessionAlert(initiator) },
    { command: devInfoReplace(devInfo) },
    ...alerts.map((pending): OutEntry => ({
      command: genericAlert(pending),
      track: { kind: 'generic-alert', id: pending.id },
    })),
  ];
}
