/**
 * OMA Download OTA 1.0 download descriptors (§5, "Download Descriptor"): a `media` document whose
 * children name the object (objectURI), its size and type, and where the device reports the install
 * status (installNotifyURI, §6.2). PkgURL may point at one (reference §1.3).
 */

export const DD_CONTENT_TYPE = 'application/vnd.oma.dd+xml';
export const DD_NAMESPACE = 'http://www.openmobilealliance.org/xmlns/dd';

export interface DescriptorFields {
  readonly objectURI: string;
  readonly size: number;
  readonly type: string;
  readonly name: string;
  readonly installNotifyURI: string;
  readonly description?: string;
  readonly vendor?: string;
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

export function downloadDescriptor(fields: DescriptorFields): string {
  const rows: [string, string | undefined][] = [
    ['DDVersion', '1.0'],
    ['name', fields.name],
    ['size', String(fields.size)],
    ['type', fields.type],
    ['objectURI', fields.objectURI],
    ['installNotifyURI', fields.installNotifyURI],
    ['description', fields.description],
    ['vendor', fields.vendor],
  ];
  const body = rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([name, value]) => `  <${name}>${escape(value)}</${name}>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<media xmlns="${DD_NAMESPACE}">\n${body}\n</media>\n`;
}
