/** Records and helpers shared by the Store contract sections. */
import type {
  AnsweredOutcome,
  DeviceRecord,
  NewQueuedCommand,
  SessionHistoryEntry,
  Store,
  StoredAlert,
} from '../store.ts';

/** Runs one test body against a fresh store and always closes it (the body may swap the store). */
export type WithStore = (body: (store: Store) => Promise<Store | undefined>) => Promise<void>;

export const T0 = 1_700_000_000_000;

export function device(devId: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    devId,
    enabled: true,
    registeredAt: T0,
    lastSeenAt: null,
    clientCredential: null,
    serverCredential: null,
    clientNonce: null,
    serverNonce: null,
    devInfo: {},
    devDetail: {},
    quirks: [],
    notifyAddress: null,
    ...overrides,
  };
}

export function command(
  id: string,
  devId: string,
  overrides: Partial<NewQueuedCommand> = {},
): NewQueuedCommand {
  return {
    id,
    devId,
    payload: { op: 'Get', target: `./X/${id}` },
    enqueuedAt: T0,
    expiresAt: null,
    tag: null,
    ...overrides,
  };
}

export function alert(id: string, devId: string, overrides: Partial<StoredAlert> = {}): StoredAlert {
  return {
    id,
    devId,
    receivedAt: T0,
    sessionId: '1A',
    alertCode: '1226',
    correlator: null,
    type: 'urn:oma:at:scomo:1.0:OperationComplete',
    format: 'xml',
    mark: null,
    source: './SCOMO/Inventory/Delivered/App1/Operations/Install',
    target: null,
    data: '<ResultCode>1200</ResultCode>',
    encoding: 'text',
    ...overrides,
  };
}

export function history(id: string, devId: string, endedAt: number): SessionHistoryEntry {
  return {
    id,
    devId,
    sessionId: '1F',
    startedAt: endedAt - 500,
    endedAt,
    ending: 'completed',
    messagesIn: 2,
    messagesOut: 2,
    commandsResolved: 1,
    finalStatuses: [{ cmd: 'SyncHdr', status: 212 }],
  };
}

export const answered: AnsweredOutcome = {
  kind: 'answered',
  status: 200,
  itemStatuses: [{ targetRef: './A', status: 200 }],
  results: [{ source: './A', format: 'chr', type: 'text/plain', data: 'é ✓ <&>', encoding: 'text' }],
  children: [{ kind: 'answered', status: 215, itemStatuses: [], results: [], children: [] }],
};
