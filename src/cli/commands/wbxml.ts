import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { wbxmlToXml, xmlToWbxml } from '../../syncml/index.ts';
import type { WbxmlVersion } from '../../wbxml/index.ts';
import { readInput, writeOutput } from '../input.ts';

const VERSIONS = { '1.1': 1, '1.2': 2, '1.3': 3 } as const satisfies Record<string, WbxmlVersion>;

function parseVersion(value: string): WbxmlVersion {
  const version = VERSIONS[value as keyof typeof VERSIONS];
  if (version === undefined) throw new InvalidArgumentError('expected 1.1, 1.2 or 1.3.');
  return version;
}

/** `scomo wbxml encode|decode`: XML ⇄ WBXML for SyncML DM messages and DM DDF (TNDS) documents. */
export function registerWbxmlCommands(program: Command): void {
  const wbxml = program
    .command('wbxml')
    .description('convert SyncML DM and TNDS documents between XML and WBXML');

  wbxml
    .command('encode')
    .description('XML to WBXML on stdout (byte-identical with `xml2wbxml -n -v 1.2` by default)')
    .argument('[file]', 'XML input file; standard input when omitted')
    .addOption(
      new Option('--wbxml-version <version>', 'WBXML version to write: 1.1, 1.2 or 1.3')
        .argParser(parseVersion)
        .default(2, '1.2'),
    )
    .option('--string-table', 'put repeated strings in the WBXML string table', false)
    .action(async (file: string | undefined, opts: { wbxmlVersion: WbxmlVersion; stringTable: boolean }) => {
      const text = await readInput(file);
      await writeOutput(xmlToWbxml(text, { version: opts.wbxmlVersion, stringTable: opts.stringTable }));
    });

  wbxml
    .command('decode')
    .description('WBXML to XML on stdout')
    .argument('[file]', 'WBXML input file; standard input when omitted')
    .option('--pretty', 'indent the XML for reading', false)
    .action(async (file: string | undefined, opts: { pretty: boolean }) => {
      const bytes = await readInput(file);
      const xml = wbxmlToXml(bytes, { pretty: opts.pretty });
      await writeOutput(opts.pretty || xml.endsWith('\n') ? xml : `${xml}\n`);
    });
}
