export type { WbxmlElement, WbxmlAttribute, WbxmlText, WbxmlOpaque, WbxmlNode, WbxmlDocument, WbxmlVersion } from './tree.ts';
