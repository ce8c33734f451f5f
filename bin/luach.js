#!/usr/bin/env node
import module from 'node:module';

// V8's code cache for the bundle where the runtime offers it (Node >= 22.1): every start after
// the first skips compiling what it loads. Node 20 has no such switch and compiles as before.
module.enableCompileCache?.();
// The boot picks the release to run (the installed one or releases/current) and imports its CLI.
await import('../dist/luach-boot.mjs');
