/**
 * The C0 control characters XML 1.0 §2.2 leaves out of Char (all but TAB, LF and CR). Matching them is
 * the point of these patterns, hence the lint exception.
 */
// eslint-disable-next-line no-control-regex -- XML 1.0 §2.2: the forbidden controls are what we look for
export const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

// eslint-disable-next-line no-control-regex -- as above, every occurrence
export const FORBIDDEN_CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** Forbidden controls plus the non-characters U+FFFE and U+FFFF (§2.2). */
// eslint-disable-next-line no-control-regex -- as above
export const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
