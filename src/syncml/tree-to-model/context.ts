import type { ScomoErrorDetails } from '../../errors/index.ts';
import type { WbxmlElement } from '../../wbxml/index.ts';
import type { UnsupportedCommand } from '../model.ts';
import { syncmlError } from '../errors.ts';
import type { SyncMLErrorCode } from '../errors.ts';

/** What the tree → model mapping carries along. */
export interface DecodeContext {
  readonly encoding: 'xml' | 'wbxml';
  /** Accepted deviations, reported to the caller. */
  readonly warnings: string[];
  /** Where an element is in the input, for errors (filled on the locating pass for XML). */
  readonly locate: ((element: WbxmlElement) => ScomoErrorDetails) | undefined;
  /** Top-level body commands the model does not represent, collected while reading. */
  readonly unsupported?: UnsupportedCommand[];
}

export function fail(
  context: DecodeContext,
  code: SyncMLErrorCode,
  message: string,
  element: WbxmlElement | undefined,
): never {
  const details = element === undefined ? undefined : context.locate?.(element);
  throw syncmlError(code, message, details ?? {});
}

export function missing(context: DecodeContext, where: string, what: string, element: WbxmlElement): never {
  return fail(
    context,
    'SCOMO_SYNCML_MISSING_ELEMENT',
    `${where} has no ${what}, which the SyncML DTD requires`,
    element,
  );
}

/** An element this mapping does not use (DS-only ones such as Lang, Archive, Anchor): warn and drop. */
export function ignored(context: DecodeContext, where: string, element: WbxmlElement): void {
  context.warnings.push(`${where}: element <${element.name}> is not used by OMA DM and was ignored`);
}

/** Reports a second occurrence of a single-valued element; the first one is kept. */
export function duplicate(context: DecodeContext, where: string, element: WbxmlElement): void {
  context.warnings.push(`${where}: repeated <${element.name}>; the first one was kept`);
}
