/**
 * `scomo agent --once` (a child process) against the DM server over real HTTP on 127.0.0.1 with a real
 * SQLite store: every auth mode in XML and WBXML, each kind of command queued and resolved with the
 * device's statuses and results, exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnsweredOutcome, QueuedCommand } from '../../src/server/index.ts';
import type { Operation } from '../../src/session/index.ts';
import { agentOnce, provision, startNode } from './server-harness.ts';
import type { AuthMode, DeviceSpec, TestNode } from './server-harness.ts';

let node: TestNode;
before(async () => {
  node = await startNode();
});
after(() => node.close());

/** The work queued for every device, and what each must resolve with. */
const WORK: readonly { name: string; op: Operation }[] = [
  { name: 'add-interior', op: { kind: 'Add', items: [{ target: './Vendor', format: 'node' }] } },
  { name: 'add-leaf', op: { kind: 'Add', items: [{ target: './Vendor/A', data: 'hello' }] } },
  { name: 'replace', op: { kind: 'Replace', items: [{ target: './Vendor/A', data: 'world' }] } },
  { name: 'get', op: { kind: 'Get', items: [{ target: './Vendor/A' }] } },
  { name: 'exec', op: { kind: 'Exec', items: [{ target: './Vendor/A', data: 'go' }] } },
  {
    name: 'atomic',
    op: {
      kind: 'Atomic',
      operations: [
        { kind: 'Add', items: [{ target: './Vendor/B', data: 'b' }] },
        { kind: 'Replace', items: [{ target: './Vendor/A', data: 'atomic' }] },
      ],
    },
  },
  {
    name: 'atomic-failing',
    op: {
      kind: 'Atomic',
      operations: [
        { kind: 'Replace', items: [{ target: './Vendor/A', data: 'rolled back' }] },
        { kind: 'Replace', items: [{ target: './Vendor/Missing', data: 'x' }] },
      ],
    },
  },
  {
    name: 'sequence',
    op: {
      kind: 'Sequence',
      operations: [
        { kind: 'Get', items: [{ target: './Vendor/A' }] },
        { kind: 'Delete', items: [{ target: './Vendor/B' }] },
        { kind: 'Get', items: [{ target: './Vendor/B' }] },
      ],
    },
  },
  { name: 'delete-missing', op: { kind: 'Delete', items: [{ target: './Vendor/Nope' }] } },
  { name: 'devdetail', op: { kind: 'Get', items: [{ target: './DevDetail?list=StructData' }] } },
];

function answered(command: QueuedCommand | undefined): AnsweredOutcome {
  assert.equal(command?.state, 'resolved', `${command?.id ?? '?'} resolved`);
  const outcome = command?.outcome;
  assert.equal(outcome?.kind, 'answered');
  return outcome as AnsweredOutcome;
}

async function runDevice(auth: AuthMode, encoding: 'xml' | 'wbxml'): Promise<void> {
  const device: DeviceSpec = {
    devId: `IMEI:${auth}-${encoding}`,
    auth,
    encoding,
    // Basic auth joins name and password with ':' (reference §3.2): the name may not hold one.
    username: `user-${auth}-${encoding}`,
    password: `pw-${auth}`,
    // basic has no server credential (the store keeps no clear password to present).
    serverAuth: auth !== 'basic',
  };
  await provision(node, device);
  const queued = new Map<string, QueuedCommand>();
  for (const { name, op } of WORK) queued.set(name, await node.server.enqueue(device.devId, op));

  const run = await agentOnce(node.url, device);
  assert.equal(run.code, 0, `agent exit code; ${JSON.stringify(run.session)} ${run.otherStderr.join('\n')}`);
  assert.equal(run.session?.['outcome'], 'completed');

  const now = new Map<string, QueuedCommand | undefined>();
  for (const [name, command] of queued) now.set(name, (await node.store.getCommand(command.id)) ?? undefined);
  const status = (name: string) => answered(now.get(name)).status;

  assert.equal(status('add-interior'), 200);
  assert.equal(status('add-leaf'), 200);
  assert.equal(status('replace'), 200);
  const get = answered(now.get('get'));
  assert.equal(get.status, 200);
  assert.deepEqual(
    get.results.map((r) => [r.source, r.data]),
    [['./Vendor/A', 'world']],
  );
  // An ordinary leaf is not executable (DM 1.2 RepPro §6.6.8): 405, as the device said.
  assert.equal(status('exec'), 405);
  const atomic = answered(now.get('atomic'));
  assert.equal(atomic.status, 200);
  assert.deepEqual(
    atomic.children.map((c) => c.status),
    [200, 200],
  );
  // Atomic rolls back: 507 for the Atomic, 216 for the child that had succeeded, 404 for the failure.
  const failing = answered(now.get('atomic-failing'));
  assert.equal(failing.status, 507);
  assert.deepEqual(
    failing.children.map((c) => c.status),
    [216, 404],
  );
  const sequence = answered(now.get('sequence'));
  assert.equal(sequence.status, 200);
  assert.deepEqual(
    sequence.children.map((c) => c.status),
    [200, 200, 404],
  );
  // The Get inside the Sequence saw the Atomic's value, not the rolled-back one.
  assert.deepEqual(
    sequence.children[0]?.results.map((r) => r.data),
    ['atomic'],
  );
  assert.equal(status('delete-missing'), 404);
  const detail = answered(now.get('devdetail'));
  assert.equal(detail.status, 200);
  assert.ok(detail.results.some((r) => r.source === './DevDetail/SwV'));

  // Exactly once: every command went out in this one session and resolved there.
  for (const [name, command] of now) assert.equal(command?.attempts, 1, `${name} claimed once`);
  const record = await node.store.getDevice(device.devId);
  assert.equal(record?.devInfo['./DevInfo/DevId'], device.devId);
  assert.equal(record?.devInfo['./DevInfo/Mod'], 'scomo-agent');
  assert.ok(record?.devDetail['./DevDetail/SwV'] !== undefined, 'DevDetail kept from the Get');
  assert.ok((record?.lastSeenAt ?? 0) > 0);
  const history = await node.store.listSessionHistory(device.devId);
  assert.deepEqual(
    history.map((h) => [h.ending, h.commandsResolved]),
    [['completed', WORK.length]],
  );
  // The agent saw every management command (Atomic/Sequence children included).
  const commands = run.session?.['commands'] as Record<string, number>;
  assert.equal(commands['Atomic'], 2);
  assert.equal(commands['Sequence'], 1);
}

describe('agent --once against the DM server', { concurrency: 3 }, () => {
  for (const encoding of ['xml', 'wbxml'] as const) {
    for (const auth of ['basic', 'md5', 'hmac'] as const) {
      test(`${auth} authentication, ${encoding}: Get/Replace/Add/Delete/Exec/Atomic/Sequence resolve`, () =>
        runDevice(auth, encoding));
    }
  }

  test('a second session gets nothing twice and the md5 nonce rolls over', async () => {
    const device: DeviceSpec = { devId: 'IMEI:again', auth: 'md5', password: 'again', serverAuth: true };
    await provision(node, device);
    const first = await node.server.enqueue(device.devId, {
      kind: 'Get',
      items: [{ target: './DevInfo/Man' }],
    });
    assert.equal((await agentOnce(node.url, device)).code, 0);
    const nonceAfterFirst = (await node.store.getDevice(device.devId))?.clientNonce;
    assert.ok(
      nonceAfterFirst !== null && nonceAfterFirst !== undefined,
      'NextNonce stored for the next session',
    );
    const second = await agentOnce(node.url, device);
    assert.equal(second.code, 0);
    // Nothing was queued for the second session: the device received no management command.
    assert.deepEqual(second.session?.['commands'], {});
    assert.notEqual((await node.store.getDevice(device.devId))?.clientNonce, nonceAfterFirst);
    assert.equal((await node.store.getCommand(first.id))?.attempts, 1);
    assert.equal(await node.store.countSessionHistory(device.devId), 2);
  });
});
