import type { Command, SyncHdr, SyncMLMessage } from '../../syncml/index.ts';
import type { CmdIdAllocator } from './build.ts';

/**
 * Fills one outgoing message up to the client's MaxMsgSize (reference §2.9): every addition is
 * measured on the whole encoded message (Final included, the worst case) and rolled back when it
 * does not fit. Measuring the real encoding keeps WBXML string tables and XML escaping honest.
 */
export class MessagePacker {
  readonly #header: SyncHdr;
  readonly #budget: number | null;
  readonly #sizeOf: (message: SyncMLMessage) => number;
  readonly #body: Command[] = [];
  #nextId = 1;

  constructor(header: SyncHdr, budget: number | null, sizeOf: (message: SyncMLMessage) => number) {
    this.#header = header;
    this.#budget = budget;
    this.#sizeOf = sizeOf;
  }

  get body(): readonly Command[] {
    return this.#body;
  }

  /** True when the body holds anything besides Status (something the client must answer). */
  get hasCommands(): boolean {
    return this.#body.some((c) => c.kind !== 'Status');
  }

  /** Adds the command `build` makes if the message still fits; false (and nothing added) otherwise. */
  tryAdd(build: (alloc: CmdIdAllocator) => Command): Command | null {
    const start = this.#nextId;
    const command = build(() => String(this.#nextId++));
    this.#body.push(command);
    if (this.fits()) return command;
    this.#body.pop();
    this.#nextId = start;
    return null;
  }

  /** Whether `build` would fit now; nothing is kept. */
  wouldFit(build: (alloc: CmdIdAllocator) => Command): boolean {
    const start = this.#nextId;
    if (this.tryAdd(build) === null) return false;
    this.#body.pop();
    this.#nextId = start;
    return true;
  }

  /** Adds regardless of size (a reply must carry at least its first status). */
  force(build: (alloc: CmdIdAllocator) => Command): Command {
    const command = build(() => String(this.#nextId++));
    this.#body.push(command);
    return command;
  }

  /** Whether `build` alone would fit a message with nothing else in it. */
  fitsAlone(build: (alloc: CmdIdAllocator) => Command): boolean {
    if (this.#budget === null) return true;
    let id = 1;
    const message: SyncMLMessage = { header: this.#header, body: [build(() => String(id++))], final: true };
    return this.#sizeOf(message) <= this.#budget;
  }

  fits(): boolean {
    return this.#budget === null || this.#sizeOf(this.message(true)) <= this.#budget;
  }

  message(final: boolean): SyncMLMessage {
    return { header: this.#header, body: [...this.#body], final };
  }
}
