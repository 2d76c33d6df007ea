/**
 * `scomo package add FILE [--sign KEYFILE] [--man M] [--mod M] [--fwv F] [--json]`: stores a
 * Delivery Package (tar.gz, tar or zip with scomo.json) in the repository, optionally signing it;
 * `scomo package list [ID] [--json]`: what the repository holds.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ScomoError } from '../../errors/index.ts';
import { readFailure, readFileNamed } from '../input.ts';
import type { PackageRecord } from '../../server/index.ts';
import { addStoreOptions, print, table, when, withServer } from '../operator.ts';
import { openScomo } from '../scomo-wiring.ts';

interface StoreFlags {
  readonly config?: string;
  readonly data?: string;
  readonly db?: string;
  readonly json?: boolean;
}

interface AddFlags extends StoreFlags {
  readonly sign?: string;
  readonly man?: string;
  readonly mod?: string;
  readonly fwv?: string;
}

export function registerPackageCommand(program: Command): void {
  const group = program
    .command('package')
    .description('the package repository: add and list Delivery Packages');

  addStoreOptions(
    group
      .command('add')
      .description('store a package (tar.gz, tar or zip with scomo.json at its root) in the repository')
      .argument('<file>', 'the package archive')
      .option(
        '--sign <keyfile>',
        'sign it with this Ed25519 private key (PEM; openssl genpkey -algorithm ed25519)',
      )
      .option('--man <glob>', 'only for devices whose DevInfo/Man matches (overrides x-match in scomo.json)')
      .option('--mod <glob>', 'only for devices whose DevInfo/Mod matches')
      .option('--fwv <glob-or-conditions>', 'only for devices whose DevDetail/FwV matches, e.g. ">=2.0 <3"')
      .option('--json', 'print JSON'),
  ).action(async (file: string, flags: AddFlags) => {
    const signingKey = flags.sign === undefined ? undefined : await readKey(flags.sign);
    const info = await stat(file).catch((error: unknown) => {
      throw new ScomoError('SCOMO_CLI_READ', `cannot read ${file}: ${readFailure(error)}`);
    });
    if (!info.isFile()) throw new ScomoError('SCOMO_CLI_READ', `${file} is not a file`);
    await withServer(flags, async (stack) => {
      const scomo = await openScomo(stack);
      try {
        const added = await scomo.service.packages.add(createReadStream(file), {
          fileName: path.basename(file),
          ...(signingKey === undefined ? {} : { signingKey }),
          match: {
            ...(flags.man === undefined ? {} : { man: flags.man }),
            ...(flags.mod === undefined ? {} : { mod: flags.mod }),
            ...(flags.fwv === undefined ? {} : { fwV: flags.fwv }),
          },
        });
        if (flags.json === true) {
          await print(JSON.stringify({ created: added.created, ...added.package }, null, 2));
          return;
        }
        const p = added.package;
        await print(
          [
            `${added.created ? 'added' : 'already in the repository:'} ${p.packageId}@${p.version} (${p.format}, ${p.size} bytes)`,
            `  sha256     ${p.sha256}`,
            `  components ${p.components.map((c) => `${c.id} ${c.version}`).join(', ')}`,
            `  for        ${matchText(p)}`,
            `  signed     ${p.signedBy === null ? 'no' : `by key ${p.signedBy}`}`,
          ].join('\n'),
        );
      } finally {
        scomo.close();
      }
    });
  });

  addStoreOptions(
    group
      .command('list')
      .description('list the packages in the repository (every variant of every version)')
      .argument('[id]', 'only this package id')
      .option('--json', 'print JSON'),
  ).action(async (id: string | undefined, flags: StoreFlags) => {
    await withServer(flags, async (stack) => {
      const scomo = await openScomo(stack);
      try {
        const packages = await scomo.service.packages.list(id);
        if (flags.json === true) {
          await print(JSON.stringify(packages, null, 2));
          return;
        }
        if (packages.length === 0) {
          await print(
            id === undefined ? 'the repository is empty (scomo package add FILE)' : `no package ${id}`,
          );
          return;
        }
        const rows = packages.map((p) => [
          p.packageId,
          p.version,
          p.format,
          String(p.size),
          p.components.map((c) => c.id).join(','),
          matchText(p),
          p.signedBy ?? '-',
          p.sha256.slice(0, 12),
          when(p.addedAt),
        ]);
        await print(
          table([
            ['PACKAGE', 'VERSION', 'FORMAT', 'BYTES', 'COMPONENTS', 'FOR', 'SIGNED', 'SHA256', 'ADDED'],
            ...rows,
          ]),
        );
      } finally {
        scomo.close();
      }
    });
  });
}

function matchText(p: PackageRecord): string {
  const parts = [
    p.match.man === null ? null : `Man=${p.match.man}`,
    p.match.mod === null ? null : `Mod=${p.match.mod}`,
    p.match.fwV === null ? null : `FwV=${p.match.fwV}`,
    p.envType === null ? null : `EnvType=${p.envType}`,
  ].filter((x) => x !== null);
  return parts.length === 0 ? 'any device' : parts.join(' ');
}

async function readKey(file: string): Promise<Uint8Array> {
  return readFileNamed(file, 'signing key');
}
