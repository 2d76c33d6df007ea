import { SaxesParser } from 'saxes';
import type { ScomoError } from '../../errors/index.ts';
import { downloadError } from './errors.ts';

/** Content type of an OMA Download (OTA 1.0) download descriptor; PkgURL may point at one (reference §1.3). */
export const DD_CONTENT_TYPE = 'application/vnd.oma.dd+xml';

/** Largest descriptor read: a DD is a few hundred bytes. */
export const MAX_DESCRIPTOR_BYTES = 64 * 1024;

/** The attributes of an OMA DL 1.0 download descriptor the agent uses (`media` element children). */
export interface DownloadDescriptor {
  /** Where the media object is, resolved against the descriptor's own URL. */
  readonly objectURI: string;
  /** Size of the media object in bytes. */
  readonly size: number;
  /** MIME types of the object (one or more `type` elements). */
  readonly types: readonly string[];
  /** Where to POST the install status (OMA DL §6.2 installNotify). */
  readonly installNotifyURI?: string;
  readonly nextURL?: string;
  readonly name?: string;
  readonly description?: string;
  readonly vendor?: string;
  readonly ddVersion?: string;
  readonly installParam?: string;
}

export type DescriptorParse =
  | { readonly ok: true; readonly descriptor: DownloadDescriptor }
  | {
      readonly ok: false;
      readonly error: ScomoError;
      /** 906 Invalid descriptor, or 951 Invalid DDVersion (OMA DL status codes). */
      readonly status: 906 | 951;
      /** Present when the descriptor named one: the failure is still reported there. */
      readonly installNotifyURI?: string;
    };

const SINGLE = [
  'objectURI',
  'size',
  'installNotifyURI',
  'nextURL',
  'name',
  'description',
  'vendor',
  'DDVersion',
  'installParam',
];

/**
 * Parses a download descriptor (OMA Download OTA 1.0 §5: a `media` root whose children are the
 * attributes). Element names are matched without namespace prefix; unknown elements are ignored, as
 * the DL spec requires. `objectURI`, `size` and at least one `type` are mandatory; `installNotifyURI`
 * and `objectURI` are resolved against `baseUrl`.
 */
export function parseDescriptor(text: string, baseUrl: string): DescriptorParse {
  const values = new Map<string, string>();
  const types: string[] = [];
  let root: string | undefined;
  let depth = 0;
  let current: string | undefined;
  let buffer = '';
  const parser = new SaxesParser({ xmlns: false });
  parser.on('doctype', (doctype) => {
    // Entity-expansion defence, as for DM messages: no internal subset.
    if (doctype.includes('[') || /<!ENTITY/i.test(doctype))
      throw new Error('a DOCTYPE with an internal subset is refused');
  });
  parser.on('opentag', (tag) => {
    depth++;
    const name = tag.name.replace(/^[^:]*:/, '');
    if (depth === 1) root = name;
    if (depth === 2) {
      current = name;
      buffer = '';
    }
  });
  parser.on('text', (t) => {
    if (depth === 2) buffer += t;
  });
  parser.on('cdata', (t) => {
    if (depth === 2) buffer += t;
  });
  parser.on('closetag', () => {
    if (depth === 2 && current !== undefined) {
      const value = buffer.trim();
      if (current === 'type') types.push(value);
      else if (SINGLE.includes(current) && !values.has(current)) values.set(current, value);
      current = undefined;
    }
    depth--;
  });
  parser.on('error', (err) => {
    throw err;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    return invalid(`it is not well-formed XML (${(err as Error).message})`, undefined, 906, err);
  }
  const notify = resolve(values.get('installNotifyURI'), baseUrl);
  if (root !== 'media') return invalid(`its root element is <${root ?? ''}>, not <media>`, notify, 906);
  const version = values.get('DDVersion');
  if (version !== undefined && !/^1(\.\d+)?$/.test(version)) {
    return invalid(`DDVersion ${version} is not supported (1.x is)`, notify, 951);
  }
  const objectURI = resolve(values.get('objectURI'), baseUrl);
  if (objectURI === undefined) return invalid('objectURI is missing or not a URL', notify, 906);
  const sizeText = values.get('size') ?? '';
  if (!/^\d{1,15}$/.test(sizeText))
    return invalid(`size "${sizeText}" is not a number of bytes`, notify, 906);
  const usableTypes = types.filter((t) => t !== '');
  if (usableTypes.length === 0) return invalid('it has no type', notify, 906);
  const optional = (key: string): string | undefined => {
    const value = values.get(key);
    return value === undefined || value === '' ? undefined : value;
  };
  const descriptor: DownloadDescriptor = {
    objectURI,
    size: Number(sizeText),
    types: usableTypes,
    ...(notify === undefined ? {} : { installNotifyURI: notify }),
    ...pick('nextURL', optional('nextURL')),
    ...pick('name', optional('name')),
    ...pick('description', optional('description')),
    ...pick('vendor', optional('vendor')),
    ...pick('ddVersion', version),
    ...pick('installParam', optional('installParam')),
  };
  return { ok: true, descriptor };
}

function pick<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function resolve(uri: string | undefined, base: string): string | undefined {
  if (uri === undefined || uri === '') return undefined;
  try {
    const url = new URL(uri, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function invalid(
  why: string,
  installNotifyURI: string | undefined,
  status: 906 | 951,
  cause?: unknown,
): DescriptorParse {
  return {
    ok: false,
    status,
    error: downloadError('SCOMO_DOWNLOAD_DESCRIPTOR', `The download descriptor is not valid: ${why}.`, cause),
    ...(installNotifyURI === undefined ? {} : { installNotifyURI }),
  };
}
