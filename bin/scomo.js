#!/usr/bin/env node
// Entry for the installed `scomo` command: Node >= 24 runs the TypeScript sources directly.
import '../src/cli/main.ts';
