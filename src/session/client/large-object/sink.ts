/**
 * Streaming large objects (DM 1.2 Protocol §6.1.9, reference §2.8) into something other than the
 * session's memory: an embedder may take the chunks of an Add or Replace as they arrive (e.g. a
 * software package written into SCOMO `Inventory/Delivered/<x>/Data`, streamed to disk) instead of
 * the engine buffering them and writing the whole value to the tree after the last chunk.
 *
 * The engine stays synchronous and I/O-free: a sink is called synchronously, and a sink that writes
 * to disk queues the write and reports a failure it learns of later at the next chunk (or at end()).
 * The engine still answers every protocol question itself: 213 per chunk, 413 over MaxObjSize, 424
 * when the size differs from Meta Size, Alert 1225 on interruption.
 */

/** What the engine tells the hook about a large object whose first chunk has arrived. */
export interface InboundObjectTarget {
  readonly kind: 'Add' | 'Replace';
  /** Target LocURI as the server sent it. */
  readonly uri: string;
  /** The authenticated server writing it (for ACL checks). */
  readonly serverId: string;
  readonly format: string | undefined;
  readonly type: string | undefined;
  /** Meta Size of the first chunk (what the server announced; reference §2.8). */
  readonly declaredSize: number | undefined;
}

/** Takes the chunks of one large object. Every method is synchronous and must not throw. */
export interface InboundObjectSink {
  /**
   * One chunk as transmitted: text in XML (base64 text when the Format is b64), bytes in WBXML.
   * Returns a DM status code to refuse the object from this chunk on (e.g. 420 device full), or
   * undefined to go on.
   */
  write(chunk: string | Uint8Array): number | undefined;
  /**
   * Every chunk arrived and the size matched: take the object. Returns its Status: 200 when taken;
   * with any other code the sink has dropped the object itself (abort() is not called after end()).
   */
  end(): number;
  /** The object will not complete (interrupted, too large, wrong size, refused, session over). */
  abort(): void;
}

/**
 * Chooses where a large object goes: a sink, a DM status code to refuse it at once (its later chunks
 * get the same code), or undefined to let the engine buffer it and write it to the tree as usual.
 */
export type InboundObjectHook = (target: InboundObjectTarget) => InboundObjectSink | number | undefined;

/**
 * Counts a streamed object's size without keeping it: the transmitted bytes, and for b64 text the
 * bytes it carries (peers differ on which of the two Meta Size counts; both are accepted).
 */
export class StreamTally {
  transmitted = 0;
  #b64Chars = 0;
  #b64Padding = 0;
  #b64Valid = true;

  add(chunk: string | Uint8Array, transmitted: number): void {
    this.transmitted += transmitted;
    if (typeof chunk !== 'string') {
      this.#b64Valid = false;
      return;
    }
    // One pass, no copies: a chunk can be most of a message (hundreds of KiB of text).
    for (let i = 0; i < chunk.length && this.#b64Valid; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
      if (c === 0x3d) {
        this.#b64Padding++;
      } else if (this.#b64Padding > 0 || !isBase64Char(c)) {
        this.#b64Valid = false;
      }
      this.#b64Chars++;
    }
  }

  /** The bytes the base64 text carries, or undefined when it is not base64. */
  get payload(): number | undefined {
    if (!this.#b64Valid || this.#b64Chars % 4 !== 0 || this.#b64Padding > 2) return undefined;
    return (this.#b64Chars / 4) * 3 - this.#b64Padding;
  }

  matches(declared: number, format: string | undefined): boolean {
    if (this.transmitted === declared) return true;
    return format === 'b64' && this.payload === declared;
  }
}

/** A-Z, a-z, 0-9, + and / (RFC 4648 §4). */
function isBase64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2f
  );
}
