/**
 * TndsTree ⇄ the `MgmtTree` element tree of the DM DDF language (DM 1.2 TND §8.6 DTD, TNDS §9.2;
 * WBXML code page 2, reference §6.5). Only the `WbxmlElement` type is shared with src/wbxml; bytes
 * are someone else's job.
 *
 *   MgmtTree     = VerDTD, Man?, Mod?, Node+
 *   Node         = NodeName, Path?, RTProperties?, (Node* | Value?)
 *   RTProperties = ACL?, Format?, Name?, Size?, Title?, TStamp?, Type?, VerNo?
 *   Format       = <b64/> | <bin/> | <bool/> | <chr/> | <int/> | <node/> | <null/> | <xml/> | …
 *   Type         = MIME | DDFName
 *
 * `bin` values travel as base64 text in Value (XML-safe); on input an OPAQUE Value is taken as raw
 * bytes and base64 text is decoded. Unknown elements are ignored (lenient on input).
 */
import { ScomoError } from '../../errors/index.ts';
import type { WbxmlElement, WbxmlNode } from '../../wbxml/index.ts';
import { base64Decode, base64Encode, utf8Decode } from '../bytes.ts';
import type { NodeData } from '../format.ts';
import { HARD_MAX_DEPTH } from '../uri.ts';
import type { TndsNode, TndsRtProperties, TndsTree } from './types.ts';

/** WBXML code page of the DM DDF language (reference §6.5). */
export const DDF_CODE_PAGE = 2;

function element(name: string, children: WbxmlNode[]): WbxmlElement {
  return { type: 'element', name, page: DDF_CODE_PAGE, attributes: [], children };
}

function textElement(name: string, value: string): WbxmlElement {
  return element(name, value === '' ? [] : [{ type: 'text', value }]);
}

function rtPropertiesElement(rt: TndsRtProperties, interior: boolean): WbxmlElement | undefined {
  const kids: WbxmlElement[] = [];
  if (rt.acl !== undefined) kids.push(textElement('ACL', rt.acl));
  if (rt.format !== undefined) kids.push(element('Format', [element(rt.format, [])]));
  if (rt.name !== undefined) kids.push(textElement('Name', rt.name));
  if (rt.size !== undefined) kids.push(textElement('Size', rt.size));
  if (rt.title !== undefined) kids.push(textElement('Title', rt.title));
  if (rt.tstamp !== undefined) kids.push(textElement('TStamp', rt.tstamp));
  if (rt.type !== undefined)
    kids.push(element('Type', [textElement(interior ? 'DDFName' : 'MIME', rt.type)]));
  if (rt.verNo !== undefined) kids.push(textElement('VerNo', rt.verNo));
  return kids.length > 0 ? element('RTProperties', kids) : undefined;
}

function nodeElement(n: TndsNode, depth: number): WbxmlElement {
  if (depth > HARD_MAX_DEPTH) {
    throw new ScomoError('SCOMO_TNDS_TOO_DEEP', `TNDS nesting exceeds ${HARD_MAX_DEPTH} levels`);
  }
  const interior =
    n.rtProperties.format === 'node' || (n.rtProperties.format === undefined && n.value === undefined);
  const kids: WbxmlNode[] = [textElement('NodeName', n.nodeName)];
  if (n.path !== undefined) kids.push(textElement('Path', n.path));
  const rt = rtPropertiesElement(n.rtProperties, interior);
  if (rt) kids.push(rt);
  for (const child of n.children) kids.push(nodeElement(child, depth + 1));
  if (n.value !== undefined) {
    const value = typeof n.value === 'string' ? n.value : base64Encode(n.value);
    kids.push(textElement('Value', value));
  }
  return element('Node', kids);
}

/** The `MgmtTree` element for `tree` (all elements on code page 2). */
export function tndsToElement(tree: TndsTree): WbxmlElement {
  const kids: WbxmlNode[] = [textElement('VerDTD', tree.verDTD)];
  if (tree.man !== undefined) kids.push(textElement('Man', tree.man));
  if (tree.mod !== undefined) kids.push(textElement('Mod', tree.mod));
  for (const n of tree.nodes) kids.push(nodeElement(n, 0));
  return element('MgmtTree', kids);
}

// ---- element tree → TndsTree ------------------------------------------------------------------

function invalid(message: string): ScomoError {
  return new ScomoError('SCOMO_TNDS_INVALID', `Invalid TNDS: ${message}`);
}

function elements(el: WbxmlElement): WbxmlElement[] {
  return el.children.filter((c): c is WbxmlElement => c.type === 'element');
}

function child(el: WbxmlElement, name: string): WbxmlElement | undefined {
  return elements(el).find((c) => c.name === name);
}

/** Character content: text and OPAQUE pieces (OPAQUE read as UTF-8), trimmed of surrounding whitespace. */
function textOf(el: WbxmlElement, where: string): string {
  let out = '';
  for (const c of el.children) {
    if (c.type === 'text') out += c.value;
    else if (c.type === 'opaque') {
      const s = utf8Decode(c.bytes);
      if (s === undefined) throw invalid(`${where} holds OPAQUE data that is not UTF-8 text`);
      out += s;
    } else throw invalid(`${where} must hold text, found element <${c.name}>`);
  }
  return out.trim();
}

function optionalText(el: WbxmlElement, name: string, where: string): string | undefined {
  const c = child(el, name);
  return c === undefined ? undefined : textOf(c, `${where}/${name}`);
}

function readRtProperties(el: WbxmlElement, where: string): TndsRtProperties {
  const rt: TndsRtProperties = {};
  const text = (name: string): string | undefined => optionalText(el, name, where);
  const acl = text('ACL');
  if (acl !== undefined) rt.acl = acl;
  const format = child(el, 'Format');
  if (format !== undefined) {
    const f = elements(format)[0];
    if (f === undefined) throw invalid(`${where}/Format names no format (expected e.g. <chr/>)`);
    rt.format = f.name;
  }
  const name = text('Name');
  if (name !== undefined) rt.name = name;
  const size = text('Size');
  if (size !== undefined) rt.size = size;
  const title = text('Title');
  if (title !== undefined) rt.title = title;
  const tstamp = text('TStamp');
  if (tstamp !== undefined) rt.tstamp = tstamp;
  const type = child(el, 'Type');
  if (type !== undefined) {
    const t = child(type, 'MIME') ?? child(type, 'DDFName');
    if (t !== undefined) rt.type = textOf(t, `${where}/Type/${t.name}`);
  }
  const verNo = text('VerNo');
  if (verNo !== undefined) rt.verNo = verNo;
  return rt;
}

function readValue(el: WbxmlElement, format: string | undefined, where: string): NodeData {
  const onlyOpaque = el.children.length > 0 && el.children.every((c) => c.type === 'opaque');
  if (format === 'bin') {
    if (onlyOpaque) {
      const parts = el.children.map((c) => (c.type === 'opaque' ? c.bytes : new Uint8Array(0)));
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    }
    const bytes = base64Decode(textOf(el, where));
    if (bytes === undefined) throw invalid(`${where} is a bin value but not base64 text`);
    return bytes;
  }
  // Leaf values keep their whitespace: only structural text is trimmed.
  let out = '';
  for (const c of el.children) {
    if (c.type === 'text') out += c.value;
    else if (c.type === 'opaque') {
      const s = utf8Decode(c.bytes);
      if (s === undefined) throw invalid(`${where} holds OPAQUE data that is not UTF-8 text`);
      out += s;
    } else throw invalid(`${where} must hold text, found element <${c.name}>`);
  }
  return out;
}

function readNode(el: WbxmlElement, where: string, depth: number): TndsNode {
  if (depth > HARD_MAX_DEPTH)
    throw new ScomoError('SCOMO_TNDS_TOO_DEEP', `TNDS nesting exceeds ${HARD_MAX_DEPTH} levels`);
  const nameEl = child(el, 'NodeName');
  if (nameEl === undefined) throw invalid(`${where} has no NodeName`);
  const nodeName = textOf(nameEl, `${where}/NodeName`);
  const here = `${where}[${nodeName}]`;
  const rtEl = child(el, 'RTProperties');
  const rtProperties = rtEl ? readRtProperties(rtEl, `${here}/RTProperties`) : {};
  const node: TndsNode = { nodeName, rtProperties, children: [] };
  const path = optionalText(el, 'Path', here);
  if (path !== undefined) node.path = path;
  const valueEl = child(el, 'Value');
  const kids = elements(el).filter((c) => c.name === 'Node');
  if (valueEl !== undefined && kids.length > 0) throw invalid(`${here} has both a Value and child Nodes`);
  if (valueEl !== undefined) node.value = readValue(valueEl, rtProperties.format, `${here}/Value`);
  for (const k of kids) node.children.push(readNode(k, `${here}/Node`, depth + 1));
  return node;
}

/** Reads a `MgmtTree` element; throws ScomoError SCOMO_TNDS_INVALID / SCOMO_TNDS_TOO_DEEP when malformed. */
export function elementToTnds(root: WbxmlElement): TndsTree {
  if (root.name !== 'MgmtTree') throw invalid(`root element is <${root.name}>, expected <MgmtTree>`);
  const tree: TndsTree = { verDTD: optionalText(root, 'VerDTD', 'MgmtTree') ?? '1.2', nodes: [] };
  const man = optionalText(root, 'Man', 'MgmtTree');
  if (man !== undefined) tree.man = man;
  const mod = optionalText(root, 'Mod', 'MgmtTree');
  if (mod !== undefined) tree.mod = mod;
  for (const n of elements(root)) if (n.name === 'Node') tree.nodes.push(readNode(n, 'MgmtTree/Node', 0));
  if (tree.nodes.length === 0) throw invalid('MgmtTree holds no Node');
  return tree;
}
