/**
 * `scomo.json`, the manifest at the root of a Delivery Package (docs/packages: the same format the
 * agent installs from). The server checks it as strictly as the agent does, so a package the agent
 * would refuse is refused when it is added, not on every device that gets it. The server reads one
 * extension of its own: `x-match`, the device matcher of the variant (5.4.1 step 2).
 */
import { scomoServerError } from '../errors.ts';

export const MANIFEST_FILE = 'scomo.json';
/** A manifest is a few hundred bytes; more than this is refused unread. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

export const MANIFEST_HOOKS = ['install', 'activate', 'deactivate', 'remove'] as const;
export type ManifestHook = (typeof MANIFEST_HOOKS)[number];

export interface ManifestComponent {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
  readonly envType: string | null;
  readonly dependsOn: readonly { readonly id: string; readonly version: string | null }[];
}

export interface ManifestMatch {
  readonly man: string | null;
  readonly mod: string | null;
  readonly fwV: string | null;
}

export interface PackageManifest {
  readonly packageId: string;
  readonly version: string;
  readonly envType: string | null;
  readonly components: readonly ManifestComponent[];
  readonly hooks: Readonly<Partial<Record<ManifestHook, string>>>;
  /** `x-match` (server extension); all null when absent. */
  readonly match: ManifestMatch;
  /** The parsed document as written. */
  readonly raw: unknown;
}

/** Ids and versions become directory names on the device: one safe path segment. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$/;
/** A PkgID: printable ASCII without spaces (it travels in tree leaves and alert XML). */
const PACKAGE_ID = /^[\x21-\x7e]{1,256}$/;
const MAX_COMPONENTS = 256;

type Doc = Readonly<Record<string, unknown>>;

function fail(message: string, cause?: unknown): never {
  throw scomoServerError(
    'SCOMO_SERVER_PACKAGE_MANIFEST',
    `Invalid package manifest: ${message}.`,
    cause === undefined ? {} : { cause },
  );
}

function record(value: unknown, where: string, keys: readonly string[]): Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${where} must be a JSON object`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key) && !key.startsWith('x-')) {
      fail(`${where} has an unknown key "${key}"; expected ${keys.join(', ')} (or x-… extensions)`);
    }
  }
  return value as Doc;
}

function named(doc: Doc, key: string, where: string, pattern: RegExp, expected: string): string {
  const value = doc[key];
  if (typeof value !== 'string' || !pattern.test(value) || value === '.' || value === '..') {
    const got = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 60);
    fail(`${where}.${key} is ${got}; expected ${expected}`);
  }
  return value;
}

function hasControl(text: string, multiline: boolean): boolean {
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function optionalText(doc: Doc, key: string, where: string, max: number, multiline = false): string | null {
  const value = doc[key];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '' || value.length > max || hasControl(value, multiline)) {
    fail(
      `${where}.${key} must be a non-empty string of at most ${max} characters without control characters`,
    );
  }
  return value;
}

function hookPath(path: string, name: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0')) {
    fail(`hooks.${name} "${path}" must be a relative path with / separators inside the package`);
  }
  if (segments.length === 0 || segments.includes('..'))
    fail(`hooks.${name} "${path}" must name a file inside the package`);
  return path;
}

function component(value: unknown, where: string): ManifestComponent {
  const doc = record(value, where, ['id', 'name', 'version', 'description', 'envType', 'dependsOn']);
  const deps = doc['dependsOn'];
  if (deps !== undefined && (!Array.isArray(deps) || deps.length > MAX_COMPONENTS)) {
    fail(`${where}.dependsOn must be a list of at most ${MAX_COMPONENTS} dependencies`);
  }
  const name = optionalText(doc, 'name', where, 256);
  if (name === null) fail(`${where}.name is missing; expected a non-empty string`);
  return {
    id: named(doc, 'id', where, SAFE_NAME, 'letters, digits and . _ + ~ - (a directory name)'),
    name,
    version: named(doc, 'version', where, SAFE_NAME, 'letters, digits and . _ + ~ -'),
    description: optionalText(doc, 'description', where, 4096, true),
    envType: optionalText(doc, 'envType', where, 128),
    dependsOn: ((deps ?? []) as unknown[]).map((d, i) => {
      const dep = record(d, `${where}.dependsOn[${i}]`, ['id', 'version']);
      return {
        id: named(dep, 'id', `${where}.dependsOn[${i}]`, SAFE_NAME, 'a component id'),
        version: optionalText(dep, 'version', `${where}.dependsOn[${i}]`, 256),
      };
    }),
  };
}

function matcher(value: unknown): ManifestMatch {
  if (value === undefined) return { man: null, mod: null, fwV: null };
  const doc = record(value, 'x-match', ['man', 'mod', 'fwV']);
  return {
    man: optionalText(doc, 'man', 'x-match', 256),
    mod: optionalText(doc, 'mod', 'x-match', 256),
    fwV: optionalText(doc, 'fwV', 'x-match', 256),
  };
}

/** Validates a parsed scomo.json; every problem is SCOMO_SERVER_PACKAGE_MANIFEST naming the field. */
export function parseManifest(value: unknown): PackageManifest {
  const top = record(value, MANIFEST_FILE, ['packageId', 'version', 'components', 'envType', 'hooks']);
  const list = top['components'];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_COMPONENTS) {
    fail(`"components" must be a list of 1 to ${MAX_COMPONENTS} components`);
  }
  const components = list.map((c: unknown, i) => component(c, `components[${i}]`));
  const ids = new Set<string>();
  for (const c of components) {
    if (ids.has(c.id)) fail(`component id "${c.id}" appears twice`);
    ids.add(c.id);
  }
  const hooks: Partial<Record<ManifestHook, string>> = {};
  if (top['hooks'] !== undefined) {
    const doc = record(top['hooks'], 'hooks', MANIFEST_HOOKS);
    for (const name of MANIFEST_HOOKS) {
      const path = optionalText(doc, name, 'hooks', 1024);
      if (path !== null) hooks[name] = hookPath(path, name);
    }
  }
  return {
    packageId: named(top, 'packageId', MANIFEST_FILE, PACKAGE_ID, 'printable ASCII without spaces'),
    version: named(top, 'version', MANIFEST_FILE, SAFE_NAME, 'letters, digits and . _ + ~ -'),
    envType: optionalText(top, 'envType', MANIFEST_FILE, 128),
    components,
    hooks,
    match: matcher(top['x-match']),
    raw: value,
  };
}

/** Parses the manifest's bytes (UTF-8 JSON, an optional BOM). */
export function parseManifestBytes(bytes: Uint8Array): PackageManifest {
  if (bytes.length > MAX_MANIFEST_BYTES)
    fail(`${MANIFEST_FILE} is ${bytes.length} bytes; at most ${MAX_MANIFEST_BYTES} are read`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return fail(`${MANIFEST_FILE} is not UTF-8 text`, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(
      `${MANIFEST_FILE} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      error,
    );
  }
  return parseManifest(value);
}
