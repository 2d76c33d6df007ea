// ESLint rule `scomo/layers`: enforces the layer table of DESIGN.md (imports point down only,
// folders talk through their index.ts, low layers do no I/O). The table lives in layer-table.js.
import path from 'node:path';
import {
  LAYERS,
  FORBIDDEN_PAIRS,
  ALLOWED_SAME_LAYER,
  PURE_LAYER_MAX,
  IO_MODULES,
  PACKAGE_BANS,
} from './layer-table.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** The top-level folder under src/ that `file` belongs to, or undefined when outside src/. */
function folderOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const first = rel.split(path.sep)[0];
  return first && first !== rel ? first : undefined;
}

/** Test files and test support folders (`…/testing/…`, `test-support.ts`). */
function isTestFile(file) {
  return (
    file.endsWith('.test.ts') ||
    file.includes(`${path.sep}testing${path.sep}`) ||
    file.includes(`${path.sep}test-support`)
  );
}

function checkImport(context, node, source) {
  const file = context.filename;
  const from = folderOf(file);
  if (from === undefined) return;
  const fromLayer = LAYERS[from];
  if (fromLayer === undefined) {
    context.report({
      node,
      message: `src/${from}/ is not in the layer table (tools/eslint/layer-table.js).`,
    });
    return;
  }
  if (source.startsWith('.')) {
    const target = path.resolve(path.dirname(file), source);
    const to = folderOf(target);
    if (to === undefined || to === from) return;
    const toLayer = LAYERS[to];
    const allowed = ALLOWED_SAME_LAYER.some(([a, b]) => a === from && b === to);
    if (toLayer === undefined || (toLayer >= fromLayer && !allowed)) {
      context.report({
        node,
        message: `src/${from}/ (L${fromLayer}) may not import src/${to}/ (L${toLayer ?? '?'}): imports point down only (DESIGN.md).`,
      });
      return;
    }
    if (FORBIDDEN_PAIRS.some(([a, b]) => a === from && b === to)) {
      context.report({ node, message: `src/${from}/ may not import src/${to}/ (DESIGN.md invariants).` });
      return;
    }
    const inside = path.relative(path.join(SRC, to), target);
    // Test support (contract suites, in-memory ports) has its own entry, for tests only.
    const testEntry = inside === path.join('testing', 'index.ts') && isTestFile(file);
    if (inside !== 'index.ts' && !testEntry) {
      context.report({
        node,
        message: `Import src/${to}/ through its index.ts, not its internals (${source}).`,
      });
    }
    return;
  }
  const bare = source.startsWith('node:') ? source.slice(5).split('/')[0] : source;
  // Tests next to pure code may read fixtures and spawn reference tools; the code under test may not.
  if (fromLayer <= PURE_LAYER_MAX && !isTestFile(file) && IO_MODULES.includes(bare)) {
    context.report({
      node,
      message: `src/${from}/ is a pure layer (L0-L${PURE_LAYER_MAX}): no I/O module '${source}' (DESIGN.md).`,
    });
    return;
  }
  const banned = PACKAGE_BANS[from];
  if (banned && banned.some((p) => source === p || source.startsWith(`${p}/`))) {
    context.report({
      node,
      message: `src/${from}/ may not import '${source}': it declares ports instead (DESIGN.md).`,
    });
  }
}

const rule = {
  meta: { type: 'problem', docs: { description: 'Enforce the scomo layer table' }, schema: [] },
  create(context) {
    const visit = (node) => {
      if (node.source && typeof node.source.value === 'string') checkImport(context, node, node.source.value);
    };
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string')
          checkImport(context, node, node.source.value);
      },
    };
  },
};

export default { rules: { layers: rule } };
