/**
 * `scomo inventory DEVID [--refresh [--wait] [--timeout S]] [--history N] [--json]`: the device's
 * software inventory as last read (change request flow 5.4.5), with what changed since the read
 * before; --refresh queues a new read (--wait waits for it); --history lists the earlier reads.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Inventory, InventoryDiff } from '../../scomo/index.ts';
import type { InventorySnapshotRecord } from '../../server/index.ts';
import { integerArg, numberArg } from '../cli-args.ts';
import { jobText, waitForJob } from '../job-progress.ts';
import { addStoreOptions, print, table, when, withServer } from '../operator.ts';
import { openScomo } from '../scomo-wiring.ts';
import { DEFAULT_TIMEOUT_S } from './deploy.ts';

interface InventoryFlags {
  readonly refresh?: boolean;
  readonly wait?: boolean;
  readonly timeout?: number;
  readonly history?: number;
  readonly json?: boolean;
  readonly config?: string;
  readonly data?: string;
  readonly db?: string;
}

export function registerInventoryCommand(program: Command): void {
  addStoreOptions(
    program
      .command('inventory')
      .description('show a device’s software inventory and what changed; --refresh reads it again')
      .argument('<devId>', 'DevInfo/DevId of a provisioned device')
      .option('--refresh', 'queue a new inventory read (Get …/Inventory?list=StructData)')
      .option('--wait', 'with --refresh: wait for the read and show it')
      .addOption(
        new Option('--timeout <seconds>', `how long --wait waits (default: ${DEFAULT_TIMEOUT_S})`).argParser(
          numberArg,
        ),
      )
      .addOption(
        new Option('--history <n>', 'also list the n previous reads with their changes').argParser(
          integerArg,
        ),
      )
      .option('--json', 'print JSON'),
  ).action(async (devId: string, flags: InventoryFlags) => {
    await withServer(
      flags,
      async (stack) => {
        const scomo = await openScomo(stack);
        try {
          if (flags.refresh === true) {
            const job = await scomo.service.refreshInventory(devId);
            const wake = await stack.server.wake(devId);
            if (flags.json !== true) {
              await print(
                `${jobText(job)}\n${wake.notified ? 'device notified with package #0' : `device not notified (${wake.reason}): it is read at its next session`}`,
              );
            }
            if (flags.wait !== true) {
              if (flags.json === true)
                await print(JSON.stringify({ job: job.id, state: job.state, wake }, null, 2));
              return;
            }
            const done = await waitForJob(scomo.service, job.id, {
              timeoutMs: (flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
              show: flags.json !== true,
            });
            if (done.state !== 'succeeded') {
              if (flags.json !== true) await print(jobText(done));
              process.exitCode = 1;
              if (flags.json === true)
                await print(
                  JSON.stringify({ job: done.id, state: done.state, error: done.body.error }, null, 2),
                );
              return;
            }
          }
          const snapshots = await scomo.service.inventoryHistory(devId, { limit: 1 + (flags.history ?? 0) });
          if (flags.json === true) {
            await print(JSON.stringify({ devId, snapshots }, null, 2));
            return;
          }
          if (snapshots.length === 0) {
            await print(`no inventory of ${devId} yet (scomo inventory ${devId} --refresh --wait)`);
            return;
          }
          await print(snapshots.map((s, i) => render(s, i === 0)).join('\n\n'));
        } finally {
          scomo.close();
        }
      },
      { wakeOnEnqueue: false },
    );
  });
}

function render(snapshot: InventorySnapshotRecord, latest: boolean): string {
  // Written by the SCOMO service from src/scomo's Inventory / InventoryDiff.
  const inventory = snapshot.inventory as unknown as Inventory;
  const changes = snapshot.changes as unknown as InventoryDiff | null;
  const head = `${latest ? 'inventory' : 'earlier read'} of ${snapshot.devId} at ${when(snapshot.takenAt)} (${snapshot.method}, root ${snapshot.root})`;
  const lines = [head];
  if (inventory.deployed.length === 0) lines.push('  no deployed components');
  else {
    const rows = inventory.deployed.map((c) => [
      '  ' + c.id,
      c.version ?? '-',
      c.state,
      c.envType ?? '-',
      c.pkgIdRef ?? '-',
      c.nodeName,
    ]);
    lines.push(table([['  COMPONENT', 'VERSION', 'STATE', 'ENVTYPE', 'PACKAGE', 'NODE'], ...rows]));
  }
  if (inventory.delivered.length > 0) {
    lines.push(
      `  delivered packages: ${inventory.delivered.map((p) => `${p.pkgId} (${p.state})`).join(', ')}`,
    );
  }
  for (const problem of inventory.problems) lines.push(`  problem: ${problem}`);
  if (changes === null) lines.push('  first inventory of this device');
  else {
    const parts = [
      ...changes.added.map((c) => `+ ${c.id} ${c.version ?? ''}`.trimEnd()),
      ...changes.removed.map((c) => `- ${c.id} ${c.version ?? ''}`.trimEnd()),
      ...changes.changed.map(
        (c) =>
          `~ ${c.id}: ${c.fields.map((f) => `${f} ${String(c.before[f] ?? '-')} → ${String(c.after[f] ?? '-')}`).join(', ')}`,
      ),
      ...changes.deliveredAdded.map((p) => `+ package ${p.pkgId}`),
      ...changes.deliveredRemoved.map((p) => `- package ${p.pkgId}`),
    ];
    lines.push(
      parts.length === 0
        ? '  no change since the read before'
        : `  changes since the read before:\n${parts.map((p) => `    ${p}`).join('\n')}`,
    );
  }
  return lines.join('\n');
}
