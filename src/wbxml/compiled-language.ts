import type { WbxmlLanguage } from './languages.ts';

/**
 * The lookups the codec needs for one language, derived once and cached per language object (a
 * WeakMap, so custom languages are collected with their last user).
 */
export interface CompiledLanguage {
  /** Per page number 0–255: tag token (low six bits) → tag name. */
  readonly tagTables: readonly (readonly (string | undefined)[] | undefined)[];
  /** Per page number 0–255: tag name → token. */
  readonly tokenMaps: readonly (ReadonlyMap<string, number> | undefined)[];
  /** Lower-cased namespace → page. */
  readonly pageByNamespace: ReadonlyMap<string, number>;
  /** Where the root tag lives, for recognising documents with an unknown public id. */
  readonly rootTokens: readonly { readonly page: number; readonly token: number }[];
}

const cache = new WeakMap<WbxmlLanguage, CompiledLanguage>();

export function compileLanguage(language: WbxmlLanguage): CompiledLanguage {
  const cached = cache.get(language);
  if (cached !== undefined) return cached;
  const tagTables: (readonly (string | undefined)[] | undefined)[] = new Array(256).fill(undefined);
  const tokenMaps: (ReadonlyMap<string, number> | undefined)[] = new Array(256).fill(undefined);
  const pageByNamespace = new Map<string, number>();
  const rootTokens: { page: number; token: number }[] = [];
  for (const codePage of language.pages) {
    tagTables[codePage.page] = codePage.tagByToken;
    tokenMaps[codePage.page] = codePage.tokenByTag;
    const namespace = codePage.namespace.toLowerCase();
    if (!pageByNamespace.has(namespace)) pageByNamespace.set(namespace, codePage.page);
    const rootToken =
      language.rootElement === undefined ? undefined : codePage.tokenByTag.get(language.rootElement);
    if (rootToken !== undefined) rootTokens.push({ page: codePage.page, token: rootToken });
  }
  const compiled: CompiledLanguage = { tagTables, tokenMaps, pageByNamespace, rootTokens };
  cache.set(language, compiled);
  return compiled;
}
