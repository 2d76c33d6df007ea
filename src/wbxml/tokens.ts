/**
 * Global tokens (WBXML 1.3 §7.1): the same in every code page, for tags and attributes alike.
 */
export const GLOBAL_TOKENS = {
  SWITCH_PAGE: 0x00,
  END: 0x01,
  ENTITY: 0x02,
  STR_I: 0x03,
  LITERAL: 0x04,
  EXT_I_0: 0x40,
  EXT_I_1: 0x41,
  EXT_I_2: 0x42,
  PI: 0x43,
  LITERAL_C: 0x44,
  EXT_T_0: 0x80,
  EXT_T_1: 0x81,
  EXT_T_2: 0x82,
  STR_T: 0x83,
  LITERAL_A: 0x84,
  EXT_0: 0xc0,
  EXT_1: 0xc1,
  EXT_2: 0xc2,
  OPAQUE: 0xc3,
  LITERAL_AC: 0xc4,
} as const;

export type GlobalTokenName = keyof typeof GLOBAL_TOKENS;

/** Name of a global token byte, for error messages; undefined for page-specific tokens. */
export const GLOBAL_TOKEN_NAMES: ReadonlyMap<number, GlobalTokenName> = new Map(
  (Object.entries(GLOBAL_TOKENS) as [GlobalTokenName, number][]).map(([name, token]) => [token, name]),
);

/** Tag byte bits (WBXML 1.3 §5.8.2): bit 7 = attributes follow, bit 6 = content follows. */
export const TAG_HAS_ATTRIBUTES = 0x80;
export const TAG_HAS_CONTENT = 0x40;
/** The tag identity lives in the low six bits; 0x00–0x04 of them are global tokens. */
export const TAG_TOKEN_MASK = 0x3f;
/** First token value available to code pages for tags (and attribute starts). */
export const FIRST_PAGE_TOKEN = 0x05;

/** Attribute value tokens are 0x80 and above (WBXML 1.3 §5.8.3); attribute starts are below. */
export const ATTRIBUTE_VALUE_MIN = 0x80;

/** WBXML version bytes we read and write (WBXML 1.3 §5.4: major - 1 in the high nibble, minor low). */
export const WBXML_VERSIONS = { 1: 0x01, 2: 0x02, 3: 0x03 } as const;

/** IANA MIBenum of UTF-8, the only charset this codec reads and writes. */
export const CHARSET_UTF8 = 106;

/** WBXML 1.3 §7.2.1: public identifier 1 means "unknown or missing". */
export const PUBLIC_ID_UNKNOWN = 0x01;
