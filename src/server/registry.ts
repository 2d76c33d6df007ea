import { passwordEquivalent } from '../security/index.ts';
import type { SyncMLMessage } from '../syncml/index.ts';
import { serverError } from './errors.ts';
import type { RegistrationPolicy, ServerOptions } from './options.ts';
import type {
  ClientAuthType,
  ClientCredential,
  DeviceRecord,
  ListDevicesQuery,
  ServerAuthType,
  ServerCredential,
  SessionHistoryEntry,
  Store,
} from './ports/store.ts';

/** Credentials as an operator gives them: clear passwords, turned into equivalents before storing. */
export interface CredentialInput<T extends string> {
  readonly authType: T;
  readonly username: string;
  readonly password: string;
}

export interface ProvisionInput {
  readonly devId: string;
  readonly enabled?: boolean;
  readonly clientCredential?: CredentialInput<ClientAuthType> | null;
  readonly serverCredential?: CredentialInput<ServerAuthType> | null;
  readonly notifyAddress?: string | null;
  readonly quirks?: readonly string[];
}

/** The device a message comes from, as far as the registry can tell. */
export type DeviceLookup =
  | { readonly kind: 'known'; readonly device: DeviceRecord }
  /** Not stored yet: registered once its session authenticates (registration policy). */
  | { readonly kind: 'provisional'; readonly device: DeviceRecord }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Devices by DevId: the registration policy, DevInfo and DevDetail, credentials (as password
 * equivalents), last seen, and session history.
 */
export class DeviceRegistry {
  readonly #store: Store;
  readonly #options: ServerOptions;

  constructor(store: Store, options: ServerOptions) {
    this.#store = store;
    this.#options = options;
  }

  get(devId: string): Promise<DeviceRecord | null> {
    return this.#store.getDevice(devId);
  }

  list(query?: ListDevicesQuery): Promise<DeviceRecord[]> {
    return this.#store.listDevices(query);
  }

  /** Creates or updates a device as an operator describes it; absent fields keep their value. */
  async provision(input: ProvisionInput, now: number): Promise<DeviceRecord> {
    if (input.devId.trim() === '')
      throw serverError('SCOMO_SERVER_BAD_OPTION', 'A device needs a non-empty DevId.');
    const existing = await this.#store.getDevice(input.devId);
    const base = existing ?? newDevice(input.devId, now, null, this.#defaultServerCredential());
    const device: DeviceRecord = {
      ...base,
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      ...(input.clientCredential === undefined
        ? {}
        : { clientCredential: toCredential(input.clientCredential) }),
      ...(input.serverCredential === undefined
        ? {}
        : { serverCredential: toCredential(input.serverCredential) }),
      ...(input.notifyAddress === undefined ? {} : { notifyAddress: input.notifyAddress }),
      ...(input.quirks === undefined ? {} : { quirks: [...input.quirks] }),
    };
    await this.#store.upsertDevice(device);
    return device;
  }

  /** The device of an incoming message under the registration policy. */
  async lookup(devId: string, message: SyncMLMessage, now: number): Promise<DeviceLookup> {
    const device = await this.#store.getDevice(devId);
    if (device !== null) {
      return device.enabled
        ? { kind: 'known', device }
        : { kind: 'refused', reason: `Device ${devId} is disabled.` };
    }
    const client = provisionalCredential(this.#options.registration, devId, message);
    if (client === undefined) return { kind: 'refused', reason: `Device ${devId} is not provisioned.` };
    return { kind: 'provisional', device: newDevice(devId, now, client, this.#defaultServerCredential()) };
  }

  /** Stores a provisional device once its session authenticated; never overwrites a stored one. */
  async register(device: DeviceRecord): Promise<DeviceRecord> {
    return (await this.#store.insertDeviceIfAbsent(device)).device;
  }

  history(devId: string, limit?: number): Promise<SessionHistoryEntry[]> {
    return this.#store.listSessionHistory(devId, limit);
  }

  sessionCount(devId: string): Promise<number> {
    return this.#store.countSessionHistory(devId);
  }

  #defaultServerCredential(): ServerCredential | null {
    const configured = this.#options.serverCredential;
    return configured === null ? null : toCredential(configured);
  }
}

export function newDevice(
  devId: string,
  now: number,
  clientCredential: ClientCredential | null,
  serverCredential: ServerCredential | null,
): DeviceRecord {
  return {
    devId,
    enabled: true,
    registeredAt: now,
    lastSeenAt: null,
    clientCredential,
    serverCredential,
    clientNonce: null,
    serverNonce: null,
    devInfo: {},
    devDetail: {},
    quirks: [],
    notifyAddress: null,
  };
}

function toCredential<T extends string>(
  input: CredentialInput<T> | null,
): { authType: T; username: string; passwordEquivalent: string } | null {
  if (input === null) return null;
  // Reference §3.2: B64(MD5(name ":" password)) verifies basic, md5 and HMAC without the password.
  return {
    authType: input.authType,
    username: input.username,
    passwordEquivalent: passwordEquivalent(input.username, input.password),
  };
}

/** undefined: the policy refuses unknown devices. */
function provisionalCredential(
  policy: RegistrationPolicy,
  devId: string,
  message: SyncMLMessage,
): ClientCredential | null | undefined {
  switch (policy.mode) {
    case 'open':
      return null;
    case 'pre-provisioned':
      return undefined;
    case 'shared-secret': {
      const username = message.header.source.locName ?? devId;
      return {
        authType: policy.authType,
        username,
        passwordEquivalent: passwordEquivalent(username, policy.secret),
      };
    }
    default:
      return undefined;
  }
}
