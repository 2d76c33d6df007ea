import { packageError } from './errors.ts';
import { parseRange } from './semver.ts';

/** The manifest's file name at the archive root. */
export const MANIFEST_FILE = 'scomo.json';

/** Largest scomo.json read at all: a manifest is a few hundred bytes, never megabytes. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/** The lifecycle hooks a package may carry (paths of scripts inside the package). */
export const HOOK_NAMES = ['install', 'activate', 'deactivate', 'remove'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export interface ComponentDependency {
  /** Id of the component depended on. */
  readonly id: string;
  /** A SemVer range or an exact version; absent = any version. */
  readonly version?: string;
}

/** One Deployment Component the package yields (reference §1.1: a DC under Inventory/Deployed). */
export interface ComponentManifest {
  /** Inventory/Deployed/<x>/ID; also a directory name, hence the restricted alphabet. */
  readonly id: string;
  readonly name: string;
  /** Inventory/Deployed/<x>/Version; also a directory name. */
  readonly version: string;
  readonly description?: string;
  /** Overrides the package's envType for this component. */
  readonly envType?: string;
  readonly dependsOn?: readonly ComponentDependency[];
}

/** scomo.json: what a Delivery Package is and what it installs. */
export interface PackageManifest {
  /** The DP identifier (Inventory/Delivered/<x>/PkgID). */
  readonly packageId: string;
  readonly version: string;
  readonly components: readonly ComponentManifest[];
  /** The execution environment the package needs (Download/<x>/EnvType, reference §1.3). */
  readonly envType?: string;
  /** Script paths relative to the package root, run by the directory installer. */
  readonly hooks?: Readonly<Partial<Record<HookName, string>>>;
}

/** Ids and versions become directory names: one path segment, no dot-only names, no separators. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}$/;
const PACKAGE_ID = /^[\x21-\x7e]{1,256}$/;
const TOP_KEYS = ['packageId', 'version', 'components', 'envType', 'hooks'] as const;
const COMPONENT_KEYS = ['id', 'name', 'version', 'description', 'envType', 'dependsOn'] as const;
const DEPENDENCY_KEYS = ['id', 'version'] as const;
const MAX_COMPONENTS = 256;

/** Parses scomo.json bytes strictly; every problem is a SCOMO_PACKAGE_MANIFEST naming the field. */
export function parseManifestBytes(bytes: Uint8Array): PackageManifest {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw manifestError(`${MANIFEST_FILE} is ${bytes.length} bytes; at most ${MAX_MANIFEST_BYTES} are read`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw manifestError(`${MANIFEST_FILE} is not UTF-8 text`, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw manifestError(`${MANIFEST_FILE} is not JSON (${(err as Error).message})`, err);
  }
  return parseManifest(value);
}

/**
 * Validates a parsed manifest. Unknown keys are refused (a misspelt "hook" must not be silently
 * ignored) except vendor extensions named `x-…`, which are dropped.
 */
export function parseManifest(value: unknown): PackageManifest {
  const top = object(value, MANIFEST_FILE, TOP_KEYS);
  const packageId = string(top, 'packageId', MANIFEST_FILE, PACKAGE_ID, 'printable ASCII without spaces');
  const version = string(top, 'version', MANIFEST_FILE, SAFE_NAME, 'letters, digits and . _ + ~ -');
  const list = top['components'];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_COMPONENTS) {
    throw manifestError(`"components" must be an array of 1 to ${MAX_COMPONENTS} components`);
  }
  const components = list.map((item: unknown, i) => parseComponent(item, `components[${i}]`));
  const seen = new Set<string>();
  for (const c of components) {
    if (seen.has(c.id)) throw manifestError(`component id "${c.id}" appears twice in "components"`);
    seen.add(c.id);
  }
  const envType = optionalText(top, 'envType', MANIFEST_FILE, 128);
  const hooks = top['hooks'] === undefined ? undefined : parseHooks(top['hooks']);
  return {
    packageId,
    version,
    components,
    ...(envType === undefined ? {} : { envType }),
    ...(hooks === undefined ? {} : { hooks }),
  };
}

function parseComponent(value: unknown, where: string): ComponentManifest {
  const c = object(value, where, COMPONENT_KEYS);
  const id = string(c, 'id', where, SAFE_NAME, 'letters, digits and . _ + ~ - (a directory name)');
  const name = text(c, 'name', where, 256);
  const version = string(c, 'version', where, SAFE_NAME, 'letters, digits and . _ + ~ - (a directory name)');
  const description = optionalText(c, 'description', where, 4096, true);
  const envType = optionalText(c, 'envType', where, 128);
  let dependsOn: ComponentDependency[] | undefined;
  if (c['dependsOn'] !== undefined) {
    const deps = c['dependsOn'];
    if (!Array.isArray(deps) || deps.length > MAX_COMPONENTS) {
      throw manifestError(`${where}.dependsOn must be an array of at most ${MAX_COMPONENTS} dependencies`);
    }
    dependsOn = deps.map((d: unknown, i) => parseDependency(d, `${where}.dependsOn[${i}]`));
  }
  return {
    id,
    name,
    version,
    ...(description === undefined ? {} : { description }),
    ...(envType === undefined ? {} : { envType }),
    ...(dependsOn === undefined ? {} : { dependsOn }),
  };
}

function parseDependency(value: unknown, where: string): ComponentDependency {
  const d = object(value, where, DEPENDENCY_KEYS);
  const id = string(d, 'id', where, SAFE_NAME, 'a component id');
  const version = optionalText(d, 'version', where, 256);
  if (version !== undefined && parseRange(version) === undefined) {
    throw manifestError(
      `${where}.version "${version}" is neither a version nor a SemVer range such as "^1.2"`,
    );
  }
  return version === undefined ? { id } : { id, version };
}

function parseHooks(value: unknown): Partial<Record<HookName, string>> {
  const h = object(value, 'hooks', HOOK_NAMES);
  const out: Partial<Record<HookName, string>> = {};
  for (const name of HOOK_NAMES) {
    const path = optionalText(h, name, 'hooks', 1024);
    if (path === undefined) continue;
    const problem = hookPathProblem(path);
    if (problem !== undefined) throw manifestError(`hooks.${name} "${path}" ${problem}`);
    out[name] = path;
  }
  return out;
}

/** A hook is a relative path inside the package, never absolute and never climbing out. */
function hookPathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) {
    return 'must be a relative path with / separators inside the package';
  }
  if (path.includes('\0')) return 'contains a NUL character';
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return 'names no file';
  if (segments.includes('..')) return 'must not contain ".." segments';
  return undefined;
}

type Json = Record<string, unknown>;

function object(value: unknown, where: string, allowed: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw manifestError(`${where} must be a JSON object`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key) && !key.startsWith('x-')) {
      throw manifestError(
        `${where} has an unknown key "${key}"; expected ${allowed.join(', ')} (or x-… extensions)`,
      );
    }
  }
  return value as Json;
}

function string(o: Json, key: string, where: string, pattern: RegExp, expected: string): string {
  const value = o[key];
  if (typeof value !== 'string' || !pattern.test(value) || value === '.' || value === '..') {
    const got = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 80);
    throw manifestError(`${where}.${key} is ${got}; expected a string of ${expected}`);
  }
  return value;
}

function text(o: Json, key: string, where: string, max: number): string {
  const value = optionalText(o, key, where, max);
  if (value === undefined) throw manifestError(`${where}.${key} is missing; expected a non-empty string`);
  return value;
}

function optionalText(
  o: Json,
  key: string,
  where: string,
  max: number,
  multiline = false,
): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  // Control characters would end up in tree leaves and alert XML (XML 1.0 §2.2 forbids most).
  if (typeof value !== 'string' || value.length === 0 || value.length > max || hasControl(value, multiline)) {
    throw manifestError(
      `${where}.${key} must be a non-empty string of at most ${max} characters without control characters`,
    );
  }
  return value;
}

/** C0 controls and DEL; tab, line feed and carriage return are allowed in multi-line text. */
function hasControl(text: string, multiline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function manifestError(message: string, cause?: unknown): Error {
  return packageError(
    'SCOMO_PACKAGE_MANIFEST',
    `Invalid package manifest: ${message}.`,
    cause === undefined ? {} : { cause },
  );
}
