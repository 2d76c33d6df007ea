/**
 * `scomo deploy DEVID PACKAGE[@VERSION] [--via dm|url] [--inactive | --activate | --download-only]
 * [--inventory-first] [--env-type T]… [--wait [--timeout S]] [--json]`: delivers a package to a
 * device (the variant chosen for it) and installs it, as a SCOMO job; wakes the device; with --wait
 * shows the job's steps on stderr until it finishes.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { ScomoError } from '../../errors/index.ts';
import type { InstallMode, ScomoJob, ScomoService, WakeResult } from '../../server/index.ts';
import { numberArg } from '../cli-args.ts';
import { isFinishedJob, jobJson, jobText, waitForJob } from '../job-progress.ts';
import { addStoreOptions, print, withServer } from '../operator.ts';
import type { ServerStack } from '../server-wiring.ts';
import { openScomo } from '../scomo-wiring.ts';

export const DEFAULT_TIMEOUT_S = 600;

export interface JobFlags {
  readonly wait?: boolean;
  readonly timeout?: number;
  readonly json?: boolean;
  readonly config?: string;
  readonly data?: string;
  readonly db?: string;
}

interface DeployFlags extends JobFlags {
  readonly via?: 'url' | 'dm';
  readonly inactive?: boolean;
  readonly activate?: boolean;
  readonly downloadOnly?: boolean;
  readonly inventoryFirst?: boolean;
  readonly envType?: string[];
}

/** The options --wait and --timeout every job command takes. */
export function addJobOptions(command: Command): Command {
  return addStoreOptions(command)
    .option('--wait', 'wait until the job finishes, showing its steps on stderr')
    .addOption(
      new Option('--timeout <seconds>', `how long --wait waits (default: ${DEFAULT_TIMEOUT_S})`).argParser(
        numberArg,
      ),
    )
    .option('--json', 'print the job as JSON');
}

export function registerDeployCommand(program: Command): void {
  addJobOptions(
    program
      .command('deploy')
      .description('deliver a package to a device and install it (a SCOMO job); --wait to follow it')
      .argument('<devId>', 'DevInfo/DevId of a provisioned device')
      .argument('<package>', 'PACKAGE or PACKAGE@VERSION from the repository (scomo package list)')
      .addOption(
        new Option('--via <path>', 'by URL from the repository, or over DM as a large object').choices([
          'url',
          'dm',
        ]),
      )
      .option('--inactive', 'install the components Inactive (DownloadInstallInactive / InstallInactive)')
      .option('--activate', 'download, install and activate in one operation (DownloadInstallActivate)')
      .option('--download-only', 'deliver only; install later with scomo op DEVID install PKGID')
      .option('--inventory-first', 'read the inventory first; a package already deployed is not sent again')
      .option('--env-type <type...>', 'EnvTypes the device supports (narrows the variant choice)'),
  ).action(async (devId: string, spec: string, flags: DeployFlags) => {
    const install = installMode(flags);
    await runJob(flags, (scomo) =>
      scomo.deploy(devId, {
        package: spec,
        install,
        ...(flags.via === undefined ? {} : { via: flags.via }),
        ...(flags.inventoryFirst === true ? { inventoryFirst: true } : {}),
        ...(flags.envType === undefined ? {} : { envTypes: flags.envType }),
      }),
    );
  });
}

function installMode(flags: DeployFlags): InstallMode {
  const chosen = [flags.inactive === true, flags.activate === true, flags.downloadOnly === true].filter(
    Boolean,
  ).length;
  if (chosen > 1)
    throw new ScomoError('SCOMO_CLI_USAGE', 'give at most one of --inactive, --activate, --download-only');
  if (flags.inactive === true) return 'inactive';
  if (flags.activate === true) return 'activate';
  if (flags.downloadOnly === true) return 'none';
  return 'active';
}

function wakeLine(wake: WakeResult): string {
  if (wake.notified)
    return `device notified with package #0 (session ${wake.sessionId.toString(16).toUpperCase()})`;
  if (wake.reason === 'busy') return 'the device is in a session now and gets the job there';
  const why = wake.detail === undefined ? wake.reason : `${wake.reason}: ${wake.detail}`;
  return `device not notified (${why}): it gets the job at its next session`;
}

/**
 * Creates a job with `create`, wakes the device, prints the job (and with --wait follows it).
 * Exit code 1 unless the job (when waited for) succeeded.
 */
export async function runJob(
  flags: JobFlags,
  create: (scomo: ScomoService, stack: ServerStack) => Promise<ScomoJob>,
): Promise<void> {
  await withServer(
    flags,
    async (stack) => {
      const scomo = await openScomo(stack);
      try {
        const job = await create(scomo.service, stack);
        const wake = isFinishedJob(job) ? null : await stack.server.wake(job.devId);
        if (flags.json !== true) {
          await print(`${jobText(job)}${wake === null ? '' : `\n${wakeLine(wake)}`}`);
        }
        if (flags.wait !== true) {
          if (flags.json === true) await print(JSON.stringify({ ...jobJson(job), wake }, null, 2));
          if (job.state === 'failed') process.exitCode = 1;
          return;
        }
        const done = await waitForJob(scomo.service, job.id, {
          timeoutMs: (flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
          show: flags.json !== true,
        });
        await print(
          flags.json === true ? JSON.stringify({ ...jobJson(done), wake }, null, 2) : jobText(done),
        );
        if (done.state !== 'succeeded') process.exitCode = 1;
      } finally {
        scomo.close();
      }
    },
    // The command wakes the device itself, to say whether it could.
    { wakeOnEnqueue: false },
  );
}
