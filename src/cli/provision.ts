/** `scomo device DEVID --auth … --password …`: the flags that create or change a device. */
import { ScomoError } from '../errors/index.ts';
import type { ProvisionInput } from '../server/index.ts';
import { isQuirkName, QUIRK_NAMES } from '../session/index.ts';

export interface ProvisionFlags {
  readonly auth?: 'none' | 'basic' | 'md5' | 'hmac';
  readonly username?: string;
  readonly password?: string;
  readonly serverAuth?: 'md5' | 'hmac';
  readonly serverPassword?: string;
  readonly notify?: string;
  readonly enable?: boolean;
  readonly quirks?: string;
}

const CLIENT_TYPES = { basic: 'BASIC', md5: 'DIGEST', hmac: 'HMAC' } as const;
const SERVER_TYPES = { md5: 'DIGEST', hmac: 'HMAC' } as const;

/** True when the flags ask for any change. */
export function wantsChange(flags: ProvisionFlags): boolean {
  return (
    flags.auth !== undefined ||
    flags.username !== undefined ||
    flags.password !== undefined ||
    flags.serverAuth !== undefined ||
    flags.serverPassword !== undefined ||
    flags.notify !== undefined ||
    flags.enable !== undefined ||
    flags.quirks !== undefined
  );
}

/**
 * The registry input for the flags; fields not named keep their value. `serverId` is the name the
 * server presents in SRVCRED (the device's DMAcc ServerID).
 */
export function provisionInput(devId: string, flags: ProvisionFlags, serverId: string): ProvisionInput {
  const input: { -readonly [K in keyof ProvisionInput]: ProvisionInput[K] } = { devId };
  const clientFlags =
    flags.auth !== undefined || flags.username !== undefined || flags.password !== undefined;
  if (clientFlags) {
    // A password alone means md5, the agent's default with a password (docs/agent.md).
    const auth = flags.auth ?? 'md5';
    if (auth === 'none') {
      if (flags.password !== undefined) usage('--auth none takes no --password');
      input.clientCredential = null;
    } else {
      if (flags.password === undefined) usage(`--auth ${auth} needs --password (the device's CLCRED secret)`);
      input.clientCredential = {
        authType: CLIENT_TYPES[auth],
        username: flags.username ?? devId,
        password: flags.password,
      };
    }
  }
  if (flags.serverAuth !== undefined || flags.serverPassword !== undefined) {
    if (flags.serverPassword === undefined) usage('--server-auth needs --server-password');
    input.serverCredential = {
      authType: SERVER_TYPES[flags.serverAuth ?? 'md5'],
      username: serverId,
      password: flags.serverPassword,
    };
  }
  if (flags.notify !== undefined) input.notifyAddress = flags.notify === 'none' ? null : flags.notify;
  if (flags.enable !== undefined) input.enabled = flags.enable;
  if (flags.quirks !== undefined) input.quirks = quirkList(flags.quirks);
  return input;
}

function quirkList(text: string): string[] {
  if (text === 'none' || text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isQuirkName(name));
  if (unknown.length > 0) {
    usage(`unknown quirk ${unknown.join(', ')}; known quirks: ${QUIRK_NAMES.join(', ')} (docs/quirks.md)`);
  }
  return names;
}

function usage(message: string): never {
  throw new ScomoError('SCOMO_CLI_USAGE', message);
}
