import { readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-file.ts';
import { installerError } from '../errors.ts';
import { COMPONENT_STATES } from '../port.ts';
import type { DeployedComponent, HookTable } from '../port.ts';

/**
 * Where the directory installer keeps things below its root (README "Directory installer"):
 *
 *   components/<id>/<version>/       the component's files (the package contents)
 *   components/<id>/.component.json  its record: metadata, state, hooks (the source of truth)
 *   components/<id>/.current         symlink to <version>: a stable path for service definitions
 *   staging/<operationId>/           extraction of a package being installed
 *   journal/<operationId>.json       an install in progress (for crash recovery)
 *   trash/                           directories being deleted
 *
 * Versions and ids are manifest-validated single path segments starting with a letter or digit, so
 * they never collide with the dot-names.
 */
export interface DirectoryLayout {
  readonly root: string;
  readonly components: string;
  readonly staging: string;
  readonly journal: string;
  readonly trash: string;
  componentDir(id: string): string;
  versionDir(id: string, version: string): string;
  recordFile(id: string): string;
  currentLink(id: string): string;
  journalFile(operationId: string): string;
  stagingDir(operationId: string): string;
}

export function directoryLayout(root: string): DirectoryLayout {
  const components = join(root, 'components');
  return {
    root,
    components,
    staging: join(root, 'staging'),
    journal: join(root, 'journal'),
    trash: join(root, 'trash'),
    componentDir: (id) => join(components, id),
    versionDir: (id, version) => join(components, id, version),
    recordFile: (id) => join(components, id, '.component.json'),
    currentLink: (id) => join(components, id, '.current'),
    journalFile: (operationId) => join(root, 'journal', `${safeFileName(operationId)}.json`),
    stagingDir: (operationId) => join(root, 'staging', safeFileName(operationId)),
  };
}

/** What .component.json holds. */
export interface ComponentRecord {
  readonly component: DeployedComponent;
  readonly hooks: HookTable;
  readonly installParams?: string;
}

const RECORD_VERSION = 1;

export async function readRecord(layout: DirectoryLayout, id: string): Promise<ComponentRecord | undefined> {
  let text: string;
  try {
    text = await readFile(layout.recordFile(id), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw installerError(
      'SCOMO_INSTALL_STATE',
      `Cannot read ${layout.recordFile(id)}: ${(err as Error).message}`,
      err,
    );
  }
  return parseRecord(text, layout.recordFile(id));
}

export async function writeRecord(layout: DirectoryLayout, record: ComponentRecord): Promise<void> {
  const { id, version } = record.component;
  await writeFileAtomic(
    layout.recordFile(id),
    `${JSON.stringify({ version: RECORD_VERSION, ...record }, null, 2)}\n`,
  );
  await pointCurrent(layout, id, version);
}

/** Deletes the record and the .current link (the component is no longer deployed). */
export async function deleteRecord(layout: DirectoryLayout, id: string): Promise<void> {
  await rm(layout.recordFile(id), { force: true });
  await rm(layout.currentLink(id), { force: true });
}

/** Replaces the .current symlink atomically (a new link renamed over the old one). */
async function pointCurrent(layout: DirectoryLayout, id: string, version: string): Promise<void> {
  const temporary = `${layout.currentLink(id)}.tmp`;
  await rm(temporary, { force: true });
  await symlink(version, temporary);
  await rename(temporary, layout.currentLink(id));
}

/** Ids of the components that have a record. */
export async function listRecordIds(layout: DirectoryLayout): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(layout.components);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const ids: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    if ((await readRecord(layout, name)) !== undefined) ids.push(name);
  }
  return ids;
}

function parseRecord(text: string, file: string): ComponentRecord {
  const bad = (why: string): never => {
    throw installerError('SCOMO_INSTALL_STATE', `${file} is not a component record: ${why}.`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('not JSON');
  }
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const v = value as {
    version?: unknown;
    component?: Record<string, unknown>;
    hooks?: unknown;
    installParams?: unknown;
  };
  if (v.version !== RECORD_VERSION) bad(`format version ${String(v.version)}, expected ${RECORD_VERSION}`);
  const c = v.component;
  if (typeof c !== 'object' || c === null) return bad('no component');
  for (const key of ['id', 'name', 'version', 'packageId', 'packageVersion'] as const) {
    if (typeof c[key] !== 'string') bad(`component.${key} is not a string`);
  }
  if (!(COMPONENT_STATES as readonly unknown[]).includes(c['state']))
    bad('component.state is neither active nor inactive');
  if (typeof v.hooks !== 'object' || v.hooks === null) bad('no hooks table');
  // Checked field by field above.
  return value as ComponentRecord;
}

/** Operation ids come from the executor; keep them to one safe path segment regardless. */
function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128) || '_';
}
