import type { WbxmlElement } from '../../wbxml/index.ts';
import type { Meta } from '../model.ts';
import { PAGES } from '../vocabulary/namespaces.ts';
import { element, leaf } from './build.ts';

/** Meta in MetInf DTD order: Format, Type, Mark, Size, Version, NextNonce, MaxMsgSize, MaxObjSize, EMI*. */
export function writeMeta(meta: Meta): WbxmlElement {
  const children: WbxmlElement[] = [];
  const metinf = (name: string, value: string): void => {
    children.push(leaf(name, value, PAGES.METINF));
  };
  if (meta.format !== undefined) metinf('Format', meta.format);
  if (meta.type !== undefined) metinf('Type', meta.type);
  if (meta.mark !== undefined) metinf('Mark', meta.mark);
  if (meta.size !== undefined) metinf('Size', String(meta.size));
  if (meta.version !== undefined) metinf('Version', meta.version);
  if (meta.nextNonce !== undefined) metinf('NextNonce', meta.nextNonce);
  if (meta.maxMsgSize !== undefined) metinf('MaxMsgSize', String(meta.maxMsgSize));
  if (meta.maxObjSize !== undefined) metinf('MaxObjSize', String(meta.maxObjSize));
  for (const emi of meta.emi ?? []) metinf('EMI', emi);
  return element('Meta', children);
}
