/**
 * Device-initiated operations (seed flows 5.4.1–5.4.4, alternative flow 1): a device asks for an
 * operation with a Generic Alert (1226) of Meta Type DEVICE_REQUEST_ALERT_TYPE, Format xml (or chr,
 * text/plain), whose Data names what it wants in the style of OperationComplete's payload:
 *
 *   <Operation>DownloadInstall</Operation><PkgID>com.example.app</PkgID><Version>1.2</Version>
 *   <Operation>Activate</Operation><ID>com.example.app</ID>
 *
 * Operation is one of DEVICE_REQUEST_OPERATIONS; package requests name PkgID (Version optional:
 * the newest); component and delivered-package requests name ID (PkgID is accepted for the
 * delivered ones); EnvType (optional, repeatable) adds EnvTypes the device supports.
 */
import type { StoredAlert } from '../ports/store.ts';
import type { JobRequest } from './job-model.ts';
import { DEVICE_REQUEST_ALERT_TYPE, DEVICE_REQUEST_OPERATIONS } from './vocabulary.ts';
import type { DeviceRequestOperation } from './vocabulary.ts';

export type ParsedDeviceRequest =
  | { readonly ok: true; readonly request: JobRequest; readonly operation: DeviceRequestOperation }
  | { readonly ok: false; readonly problem: string };

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    const code =
      ref.startsWith('#x') || ref.startsWith('#X')
        ? parseInt(ref.slice(2), 16)
        : ref.startsWith('#')
          ? Number(ref.slice(1))
          : NaN;
    if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

export function isDeviceRequestType(type: string | null): boolean {
  return type !== null && type.trim().toLowerCase() === DEVICE_REQUEST_ALERT_TYPE.toLowerCase();
}

function dataText(alert: StoredAlert): string {
  if (alert.data === null) return '';
  const text = alert.encoding === 'b64' ? Buffer.from(alert.data, 'base64').toString('utf8') : alert.data;
  let unwrapped = text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
  // Escaped once more by a sender that treated the payload as text.
  if (!/<Operation>/i.test(unwrapped) && /&lt;Operation/i.test(unwrapped)) unwrapped = unescape(unwrapped);
  return unwrapped;
}

function values(text: string, element: string): string[] {
  const pattern = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'gi');
  return [...text.matchAll(pattern)].map((m) => unescape(m[1] ?? '').trim()).filter((v) => v !== '');
}

export function parseDeviceRequest(alert: StoredAlert): ParsedDeviceRequest {
  const format = (alert.format ?? 'xml').trim().toLowerCase();
  if (!['xml', 'chr', 'text/plain'].includes(format)) {
    return {
      ok: false,
      problem: `a device request with Format "${alert.format}"; expected xml, chr or text/plain`,
    };
  }
  const text = dataText(alert);
  const [operation] = values(text, 'Operation');
  if (operation === undefined || !Object.hasOwn(DEVICE_REQUEST_OPERATIONS, operation)) {
    return {
      ok: false,
      problem: `a device request names ${operation === undefined ? 'no <Operation>' : `operation "${operation}"`}; expected one of ${Object.keys(DEVICE_REQUEST_OPERATIONS).join(', ')}`,
    };
  }
  const op = operation as DeviceRequestOperation;
  const spec: { job: string; via?: 'url' | 'dm'; install?: 'none' | 'active' | 'inactive' | 'activate' } =
    DEVICE_REQUEST_OPERATIONS[op];
  const [pkgId] = values(text, 'PkgID');
  const [id] = values(text, 'ID');
  if (spec.job === 'inventory') return { ok: true, operation: op, request: { operation: 'inventory' } };
  if (spec.job === 'deploy') {
    if (pkgId === undefined) return { ok: false, problem: `a ${op} request names no <PkgID>` };
    const [version] = values(text, 'Version');
    return {
      ok: true,
      operation: op,
      request: {
        operation: 'deploy',
        packageId: pkgId,
        version: version ?? null,
        via: spec.via ?? 'url',
        install: spec.install ?? 'active',
        inventoryFirst: false,
        envTypes: values(text, 'EnvType'),
      },
    };
  }
  const delivered = spec.job === 'install' || spec.job === 'installInactive' || spec.job === 'removePackage';
  const target = id ?? (delivered ? pkgId : undefined);
  if (target === undefined) return { ok: false, problem: `a ${op} request names no <ID>` };
  if (
    spec.job === 'install' ||
    spec.job === 'installInactive' ||
    spec.job === 'removePackage' ||
    spec.job === 'activate' ||
    spec.job === 'deactivate' ||
    spec.job === 'removeComponent'
  ) {
    return { ok: true, operation: op, request: { operation: spec.job, target } };
  }
  return { ok: false, problem: `a ${op} request cannot be served` };
}
