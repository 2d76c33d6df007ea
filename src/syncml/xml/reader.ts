import type { WbxmlElement } from '../../wbxml/index.ts';
import { pageForXmlNamespace } from '../vocabulary/namespaces.ts';
import { stripControlCharacters } from './control-chars.ts';
import { fastReadXml } from './fast-reader.ts';
import { MAX_XML_DEPTH, readXmlWithSaxes } from './saxes-reader.ts';
import type { XmlPosition } from './saxes-reader.ts';

export interface XmlTree {
  root: WbxmlElement;
  /** Client deviations that were accepted (stripped control characters, unknown namespaces, …). */
  warnings: string[];
}

/**
 * XML text → element tree. Control characters XML forbids are stripped with a warning first (a known
 * client deviation). The fast reader takes the subset DM peers send; anything else, and every error,
 * goes through saxes, so errors always carry saxes' line and column.
 */
export function parseXmlTree(text: string): XmlTree {
  // The fast reader refuses control characters, so clean input (the usual case) skips the strip pass.
  const direct = fastReadXml(text, pageForXmlNamespace, MAX_XML_DEPTH);
  if (direct !== undefined) return { root: direct, warnings: [] };
  const warnings: string[] = [];
  const clean = stripControlCharacters(text, warnings);
  const fast = clean === text ? undefined : fastReadXml(clean, pageForXmlNamespace, MAX_XML_DEPTH);
  if (fast !== undefined) return { root: fast, warnings };
  return { root: readXmlWithSaxes(clean, warnings), warnings };
}

/**
 * Start-tag positions of every element of `text`, for locating an error found after parsing. The tree
 * is the one `parseXmlTree` returns for the same text, element for element.
 */
export function locateXmlElements(text: string): {
  root: WbxmlElement;
  positions: Map<WbxmlElement, XmlPosition>;
} {
  const positions = new Map<WbxmlElement, XmlPosition>();
  const root = readXmlWithSaxes(stripControlCharacters(text, []), [], positions);
  return { root, positions };
}
