/**
 * `scomo exec DEVID get|replace|add|delete|exec URI [DATA]`: queues one raw DM command for a device in
 * the server's store, wakes the device with package #0 when it can (its notify address and the
 * server's credential are known), and with `--wait` waits for the device's answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { Argument, Option } from 'commander';
import { ScomoError } from '../../errors/index.ts';
import type { ItemOperationKind, Operation, OperationItem } from '../../session/index.ts';
import type { QueuedCommand, ResultItem, WakeResult } from '../../server/index.ts';
import { META_FORMATS } from '../../syncml/index.ts';
import { numberArg } from '../cli-args.ts';
import { describeOperation, outcomeText, succeeded } from '../command-view.ts';
import { readInput } from '../input.ts';
import { addStoreOptions, print, withServer } from '../operator.ts';
import { startSpinner } from '../spinner.ts';

/** The verbs and the DM command each queues (DM 1.2 Protocol §6.6). */
export const EXEC_VERBS = {
  get: 'Get',
  replace: 'Replace',
  add: 'Add',
  delete: 'Delete',
  exec: 'Exec',
} as const satisfies Record<string, ItemOperationKind>;
export type ExecVerb = keyof typeof EXEC_VERBS;

const POLL_MS = 200;
const DEFAULT_TIMEOUT_S = 300;

interface ExecFlags {
  readonly format?: string;
  readonly type?: string;
  readonly dataFile?: string;
  readonly correlator?: string;
  readonly wait?: boolean;
  readonly timeout?: number;
  readonly ttl?: number;
  readonly id?: string;
  readonly json?: boolean;
  readonly config?: string;
  readonly data?: string;
  readonly db?: string;
}

export function registerExecCommand(program: Command): void {
  const command = addStoreOptions(
    program
      .command('exec')
      .description('queue a raw DM command for a device; --wait for its result')
      .argument('<devId>', 'DevInfo/DevId of a provisioned device')
      .addArgument(new Argument('<command>', 'DM command to queue').choices(Object.keys(EXEC_VERBS)))
      .argument('<uri>', 'target node, e.g. ./DevDetail/SwV')
      .argument('[data]', 'Data of replace/add/exec (text; see --data-file)'),
  )
    .addOption(
      new Option('--format <format>', 'Meta Format of the data (default: chr)').choices([...META_FORMATS]),
    )
    .option('--type <mime>', 'Meta Type of the data, e.g. text/plain')
    .option(
      '--data-file <file>',
      'read the data from FILE ("-": stdin); with --format bin it is sent as bytes',
    )
    .option('--correlator <id>', 'Exec: correlator echoed in the device’s asynchronous result alert')
    .option('--wait', 'wait until the device answered and print its status and results')
    .addOption(
      new Option('--timeout <seconds>', `how long --wait waits (default: ${DEFAULT_TIMEOUT_S})`).argParser(
        numberArg,
      ),
    )
    .addOption(
      new Option('--ttl <seconds>', 'the command expires if not delivered within this time').argParser(
        numberArg,
      ),
    )
    .option('--id <id>', 'idempotency key: queueing the same id twice queues once')
    .option('--json', 'print JSON (and no spinner)');
  command.action(
    async (devId: string, verb: ExecVerb, uri: string, data: string | undefined, flags: ExecFlags) => {
      const operation = await buildOperation(verb, uri, data, flags);
      await withServer(
        flags,
        async ({ server, store, settings }) => {
          const queued = await server.enqueue(devId, operation, {
            ...(flags.id === undefined ? {} : { id: flags.id }),
            ...(flags.ttl === undefined ? {} : { ttlMs: Math.round(flags.ttl * 1000) }),
          });
          const wake: WakeResult | null =
            settings.serverOptions.wake?.onEnqueue === false ? null : await server.wake(devId);
          if (flags.json !== true)
            await print(
              `queued ${queued.id}: ${describeOperation(queued.payload)} for ${devId}\n${wakeText(wake)}`,
            );
          if (flags.wait !== true) {
            if (flags.json === true) await print(JSON.stringify(jsonView(queued, wake)));
            return;
          }
          const done = await waitFor(
            store,
            queued,
            (flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
            flags.json !== true,
          );
          if (flags.json === true) await print(JSON.stringify(jsonView(done, wake), null, 2));
          else await print(resultText(done));
          if (!succeeded(done.outcome)) process.exitCode = 1;
        },
        // exec wakes the device itself, so that it can say whether it did.
        { wakeOnEnqueue: false },
      );
    },
  );
}

async function buildOperation(
  verb: ExecVerb,
  uri: string,
  data: string | undefined,
  flags: ExecFlags,
): Promise<Operation> {
  const kind = EXEC_VERBS[verb];
  if (data !== undefined && flags.dataFile !== undefined) throw usage('give DATA or --data-file, not both');
  if ((kind === 'Get' || kind === 'Delete') && (data !== undefined || flags.dataFile !== undefined)) {
    throw usage(`${verb} carries no data`);
  }
  if (flags.correlator !== undefined && kind !== 'Exec') throw usage('--correlator goes with exec only');
  const item: { -readonly [K in keyof OperationItem]: OperationItem[K] } = { target: uri };
  if (flags.format !== undefined) item.format = flags.format;
  if (flags.type !== undefined) item.type = flags.type;
  if (data !== undefined) item.data = data;
  if (flags.dataFile !== undefined) {
    const bytes = await readInput(flags.dataFile);
    if (flags.format === 'bin') {
      item.data = Buffer.from(bytes).toString('base64');
      item.binary = true;
    } else item.data = Buffer.from(bytes).toString('utf8');
  }
  return flags.correlator === undefined
    ? { kind, items: [item] }
    : { kind, items: [item], correlator: flags.correlator };
}

async function waitFor(
  store: { getCommand(id: string): Promise<QueuedCommand | null> },
  queued: QueuedCommand,
  timeoutMs: number,
  spin: boolean,
): Promise<QueuedCommand> {
  const started = Date.now();
  const spinner = startSpinner(`waiting for ${queued.devId}`, { enabled: spin });
  try {
    for (;;) {
      const current = await store.getCommand(queued.id);
      if (current === null)
        throw new ScomoError('SCOMO_CLI_NOT_FOUND', `command ${queued.id} vanished (device deleted?)`);
      if (current.state === 'resolved') return current;
      const waited = Date.now() - started;
      if (waited >= timeoutMs) {
        throw new ScomoError(
          'SCOMO_CLI_TIMEOUT',
          `no answer from ${queued.devId} within ${Math.round(timeoutMs / 1000)} s; command ${queued.id} stays queued (scomo device ${queued.devId} shows it)`,
        );
      }
      spinner.update(
        `waiting for ${queued.devId} (${current.state === 'claimed' ? 'in a session' : 'queued'}, ${Math.floor(waited / 1000)} s)`,
      );
      await sleep(POLL_MS);
    }
  } finally {
    spinner.stop();
  }
}

function wakeText(wake: WakeResult | null): string {
  if (wake === null) return 'not woken (wake is off): the device gets it at its next session';
  if (wake.notified)
    return `device notified with package #0 (session ${wake.sessionId.toString(16).toUpperCase()})`;
  const why = wake.detail === undefined ? wake.reason : `${wake.reason}: ${wake.detail}`;
  return wake.reason === 'busy'
    ? 'the device is in a session now and gets it there'
    : `device not notified (${why}): it gets the command at its next session`;
}

function resultText(command: QueuedCommand): string {
  const outcome = command.outcome;
  if (outcome === null) return 'no outcome';
  const lines = [`${describeOperation(command.payload)} → ${outcomeText(outcome)}`];
  if (outcome.kind === 'answered') {
    for (const item of outcome.results) lines.push(`  ${resultLine(item)}`);
    outcome.children.forEach((child, i) => lines.push(`  [${i}] ${outcomeText(child)}`));
  }
  return lines.join('\n');
}

function resultLine(item: ResultItem): string {
  const meta = [item.format, item.type].filter((v) => v !== null).join(', ');
  const value =
    item.data === null ? '(no data)' : item.encoding === 'b64' ? `(base64) ${item.data}` : item.data;
  return `${item.source ?? '?'}${meta === '' ? '' : ` (${meta})`}: ${value}`;
}

function jsonView(command: QueuedCommand, wake: WakeResult | null) {
  return {
    id: command.id,
    devId: command.devId,
    operation: command.payload,
    state: command.state,
    wake,
    outcome: command.outcome,
  };
}

function usage(message: string): ScomoError {
  return new ScomoError('SCOMO_CLI_USAGE', message);
}
