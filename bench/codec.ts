/**
 * Codec benchmark (issue: protocol core). For the XML files named on the command line (default: every
 * message of ../shared/corpus), converts XML text to WBXML bytes and WBXML bytes back to XML text
 * in-process, for a few seconds each way, and prints exactly two lines:
 *   xml->wbxml <N> msgs/s
 *   wbxml->xml <N> msgs/s
 * Run: `node bench/codec.ts [files…]` or `npm run bench:codec`. SCOMO_BENCH_SECONDS sets the time per direction.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { wbxmlToXml, xmlToWbxml } from '../src/syncml/index.ts';

const seconds = Number(process.env['SCOMO_BENCH_SECONDS'] ?? '3');

function corpusFiles(): string[] {
  const dir = path.resolve(import.meta.dirname, '../../shared/corpus');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Runs `work` over every input round-robin for `seconds`; returns messages per second. */
function measure<T>(inputs: readonly T[], work: (input: T) => unknown): number {
  // Warm-up so the JIT has compiled the hot paths before timing.
  for (let i = 0; i < 200; i++) work(inputs[i % inputs.length] as T);
  const budget = seconds * 1e9;
  const start = process.hrtime.bigint();
  let done = 0;
  let elapsed = 0;
  while (elapsed < budget) {
    for (const input of inputs) work(input);
    done += inputs.length;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return done / (elapsed / 1e9);
}

const files = process.argv.length > 2 ? process.argv.slice(2) : corpusFiles();
const xmlInputs = files.map((file) => new Uint8Array(readFileSync(file)));
const wbxmlInputs = xmlInputs.map((xml) => xmlToWbxml(xml));

const encodeRate = measure(xmlInputs, (xml) => xmlToWbxml(xml));
const decodeRate = measure(wbxmlInputs, (wbxml) => wbxmlToXml(wbxml));
process.stdout.write(`xml->wbxml ${Math.round(encodeRate)} msgs/s\n`);
process.stdout.write(`wbxml->xml ${Math.round(decodeRate)} msgs/s\n`);
