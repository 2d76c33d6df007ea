/**
 * What a queued command resolves with (the same JSON shapes as the server's Store port): the device's
 * answer, or a protocol failure. Device answers are values, never exceptions (DESIGN.md "Errors").
 */
export type ResultItem = {
  readonly source: string | null;
  readonly format: string | null;
  readonly type: string | null;
  /** Text data, or base64 of binary / embedded markup data (see `encoding`). */
  readonly data: string | null;
  readonly encoding: 'text' | 'b64';
};

export type ItemStatus = { readonly targetRef: string | null; readonly status: number };

export type AnsweredOutcome = {
  readonly kind: 'answered';
  /** The first Status code received for the command; 0 when the device sent none for it. */
  readonly status: number;
  readonly itemStatuses: readonly ItemStatus[];
  readonly results: readonly ResultItem[];
  /** Atomic / Sequence: the children's outcomes in sent order; otherwise empty. */
  readonly children: readonly AnsweredOutcome[];
};

export type FailedOutcome = { readonly kind: 'failed'; readonly code: string; readonly message: string };

export type CommandOutcome =
  | AnsweredOutcome
  | FailedOutcome
  | { readonly kind: 'expired' }
  | { readonly kind: 'cancelled'; readonly reason: string | null };

export function failed(code: string, message: string): FailedOutcome {
  return { kind: 'failed', code, message };
}
