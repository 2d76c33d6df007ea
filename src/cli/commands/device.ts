/**
 * `scomo device DEVID [--json]`: one device's record, its queue and its recent sessions. With
 * provisioning flags (--auth/--password, --server-password, --notify, --enable/--disable, --quirks) it
 * first creates or changes the device; `--delete` removes it and everything kept about it.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { ScomoError } from '../../errors/index.ts';
import { parseNotifyAddress } from '../../http/index.ts';
import type { DeviceRecord, QueuedCommand, SessionHistoryEntry, Store } from '../../server/index.ts';
import { describeOperation, describeOutcome } from '../command-view.ts';
import { addStoreOptions, print, table, when, withServer } from '../operator.ts';
import { provisionInput, wantsChange } from '../provision.ts';
import type { ProvisionFlags } from '../provision.ts';
import { summary } from './devices.ts';

const RECENT = 10;
const PAGE = 500;

type DeviceFlags = ProvisionFlags & {
  readonly json?: boolean;
  readonly delete?: boolean;
  readonly config?: string;
  readonly data?: string;
  readonly db?: string;
};

export function registerDeviceCommand(program: Command): void {
  const command = addStoreOptions(
    program
      .command('device')
      .description('show one device (record, queue, recent sessions); provisioning flags create or change it')
      .argument('<devId>', 'DevInfo/DevId, e.g. IMEI:490154203237518')
      .option('--json', 'print JSON instead of text'),
  )
    .addOption(
      new Option('--auth <mode>', 'client authentication the device uses').choices([
        'none',
        'basic',
        'md5',
        'hmac',
      ]),
    )
    .option('--username <name>', 'its CLCRED user name (default: the DevId)')
    .option('--password <secret>', 'its CLCRED secret (stored as B64(MD5(user:secret)) only)')
    .addOption(
      new Option('--server-auth <mode>', 'how the server authenticates to it').choices(['md5', 'hmac']),
    )
    .option('--server-password <secret>', 'the SRVCRED secret it knows the server by (also signs package #0)')
    .option('--notify <address>', 'where package #0 reaches it: udp://host:port, http://host:port/ (or none)')
    .option('--enable', 'serve the device')
    .option('--disable', 'refuse the device (403) until enabled again')
    .option('--quirks <names>', 'comma-separated quirks forced on it (docs/quirks.md), or none')
    .option('--delete', 'remove the device with its queue, alerts and session history');
  command.action(async (devId: string, raw: DeviceFlags & { disable?: boolean }) => {
    const { disable, ...rest } = raw;
    if (disable === true && rest.enable === true) throw usage('--enable and --disable contradict each other');
    const flags: DeviceFlags = disable === true ? { ...rest, enable: false } : rest;
    if (flags.notify !== undefined && flags.notify !== 'none') parseNotifyAddress(flags.notify);
    await withServer(flags, async ({ store, server }) => {
      if (flags.delete === true) {
        if (wantsChange(flags)) throw usage('--delete takes no provisioning flags');
        const removed = await store.deleteDevice(devId);
        if (!removed) throw notFound(devId);
        await print(flags.json === true ? JSON.stringify({ deleted: devId }) : `deleted ${devId}`);
        return;
      }
      if (wantsChange(flags)) {
        await server.devices.provision(provisionInput(devId, flags, server.options.serverId), Date.now());
      }
      const device = await store.getDevice(devId);
      if (device === null) throw notFound(devId);
      const view = await deviceView(store, device);
      await print(flags.json === true ? JSON.stringify(view, null, 2) : render(device, view));
    });
  });
}

async function deviceView(store: Store, device: DeviceRecord) {
  const queue = await store.listCommands({
    devId: device.devId,
    states: ['pending', 'claimed'],
    limit: 1000,
  });
  return {
    ...summary(device),
    sessions: await store.countSessionHistory(device.devId),
    queue: queue.map(commandView),
    recentCommands: (await recentResolved(store, device.devId)).map(commandView),
    recentSessions: (await store.listSessionHistory(device.devId, RECENT)).map(sessionView),
  };
}

type DeviceView = Awaited<ReturnType<typeof deviceView>>;

/** The last RECENT resolved commands (the store lists in seq order: page to the end). */
async function recentResolved(store: Store, devId: string): Promise<QueuedCommand[]> {
  let recent: QueuedCommand[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await store.listCommands({
      devId,
      states: ['resolved'],
      limit: PAGE,
      ...(afterSeq === undefined ? {} : { afterSeq }),
    });
    recent = [...recent, ...page].slice(-RECENT);
    if (page.length < PAGE) return recent.reverse();
    afterSeq = page.at(-1)?.seq;
  }
}

function commandView(command: QueuedCommand) {
  return {
    id: command.id,
    seq: command.seq,
    state: command.state,
    operation: describeOperation(command.payload),
    enqueuedAt: when(command.enqueuedAt),
    attempts: command.attempts,
    expiresAt: command.expiresAt === null ? null : when(command.expiresAt),
    result: describeOutcome(command),
    outcome: command.outcome,
  };
}

function sessionView(entry: SessionHistoryEntry) {
  return {
    sessionId: entry.sessionId,
    startedAt: when(entry.startedAt),
    endedAt: when(entry.endedAt),
    durationMs: entry.endedAt - entry.startedAt,
    ending: entry.ending,
    messagesIn: entry.messagesIn,
    messagesOut: entry.messagesOut,
    commandsResolved: entry.commandsResolved,
    finalStatuses: entry.finalStatuses,
  };
}

function render(device: DeviceRecord, view: DeviceView): string {
  const cred = (c: { authType: string; username: string } | null) =>
    c === null ? 'none' : `${c.authType} as ${c.username}`;
  const lines = [
    `Device ${device.devId}`,
    table([
      ['  enabled', device.enabled ? 'yes' : 'no (refused with 403)'],
      ['  registered', when(device.registeredAt)],
      ['  last seen', `${when(device.lastSeenAt)} (${view.sessions} sessions)`],
      ['  client auth', cred(device.clientCredential)],
      ['  server auth', cred(device.serverCredential)],
      ['  notify', device.notifyAddress ?? 'none (the device picks up work at its next session)'],
      ['  quirks', device.quirks.length === 0 ? 'none forced' : device.quirks.join(', ')],
    ]),
  ];
  for (const [title, values] of [
    ['DevInfo', device.devInfo],
    ['DevDetail', device.devDetail],
  ] as const) {
    const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length > 0) lines.push(title, table(entries.map(([uri, value]) => [`  ${uri}`, value])));
  }
  lines.push(`Queue: ${view.queue.length} waiting`);
  if (view.queue.length > 0) lines.push(commandTable(view.queue));
  if (view.recentCommands.length > 0) lines.push('Recent results', commandTable(view.recentCommands));
  lines.push(`Recent sessions: ${view.recentSessions.length} of ${view.sessions}`);
  if (view.recentSessions.length > 0) {
    lines.push(
      table([
        ['  ENDED', 'ENDING', 'IN/OUT', 'COMMANDS', 'DURATION'],
        ...view.recentSessions.map((s) => [
          `  ${s.endedAt}`,
          s.ending,
          `${s.messagesIn}/${s.messagesOut}`,
          String(s.commandsResolved),
          `${s.durationMs} ms`,
        ]),
      ]),
    );
  }
  return lines.join('\n');
}

function commandTable(commands: readonly ReturnType<typeof commandView>[]): string {
  return table([
    ['  ID', 'STATE', 'OPERATION', 'ENQUEUED', 'RESULT'],
    ...commands.map((c) => [`  ${c.id}`, c.state, c.operation, c.enqueuedAt, c.result]),
  ]);
}

function notFound(devId: string): ScomoError {
  return new ScomoError(
    'SCOMO_CLI_NOT_FOUND',
    `no device ${devId} in this store (provision it with: scomo device ${devId} --auth md5 --password <secret>)`,
  );
}

function usage(message: string): ScomoError {
  return new ScomoError('SCOMO_CLI_USAGE', message);
}
