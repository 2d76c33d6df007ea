import { SYNCML_11, SYNCML_12 } from '../wbxml/index.ts';
import type { WbxmlElement, WbxmlLanguage } from '../wbxml/index.ts';
import { PAGES, XML_NAMESPACES } from './vocabulary/namespaces.ts';

/**
 * The SyncML DTD versions a message can be written in. DM 1.2 is the default; a message whose VerDTD
 * is 1.1 (a DM 1.1.2 peer) keeps its own namespace and WBXML public id.
 */
export interface SyncMLVersion {
  readonly language: WbxmlLanguage;
  /** Namespace overrides for the XML writer. */
  readonly namespaces: Readonly<Record<number, string>>;
}

const V12: SyncMLVersion = { language: SYNCML_12, namespaces: {} };
const V11: SyncMLVersion = {
  language: SYNCML_11,
  namespaces: { [PAGES.SYNCML]: XML_NAMESPACES[1].namespace },
};

export function syncmlVersion(verDTD: string | undefined): SyncMLVersion {
  return verDTD?.trim() === '1.1' ? V11 : V12;
}

/** VerDTD of a SyncML element tree (SyncML/SyncHdr/VerDTD), if any. */
export function treeVerDTD(root: WbxmlElement): string | undefined {
  const header = root.children.find(
    (child): child is WbxmlElement => child.type === 'element' && child.name === 'SyncHdr',
  );
  const verDTD = header?.children.find(
    (child): child is WbxmlElement => child.type === 'element' && child.name === 'VerDTD',
  );
  const text = verDTD?.children[0];
  return text?.type === 'text' ? text.value : undefined;
}
