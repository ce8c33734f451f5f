// @ts-check
/**
 * The arrows of docs/architecture.md as a lint rule, at error, with no exception lists:
 *   display      -> device/model/display-model.ts (the wire schema it parses, zod/mini) and
 *                   `import type` from the rest of device/model; no Node, no Electron
 *   device       -> cloud-sync/protocol, cloud-sync/client
 *   cloud-sync   -> protocol <- client ; protocol <- server -> prisma
 *   cloud-sync/server -> the device's PURE rooms (device/calendar, device/schedule, device/model),
 *                   and nothing else of device/: the preview endpoint (GET /api/v1/devices/:id/preview)
 *                   builds the DisplayModel with the device's own code, so the cloud and the wall
 *                   can never disagree about a time. Never a shell, the cache or the link: those
 *                   do I/O on a device and have no business in the cloud.
 *   cloud-sync/console -> the web console, a page in the phone's browser: `import type` from
 *                   cloud-sync/protocol (the API's shapes) and nothing else of ours at run time;
 *                   it reaches the gateway over HTTP only. No Node, no I/O library.
 *   prisma       -> nothing of ours
 *   pure rooms (device/calendar, device/schedule, device/model) -> no node: module, no I/O library, no clock
 *   electron     -> only device/main.ts, device/preload.ts, device/shell/electron*.ts
 *   entry points (device/cli.ts, device/main.ts, device/preload.ts, and device/boot.ts: the launcher
 *                   that chooses which release runs and then loads the cli or main entry of it) and
 *                   shells are imported by nothing but the entry points and tests; the rest of
 *                   device/ may name a shell's types (`import type`: the Shell contract), never its code
 *   device/cli/  -> the `luach` command's own modules (one per command, loaded on demand): part of
 *                   the entry point device/cli.ts, so they may import a shell; only it imports them
 *   device/cli/  -> cloud-sync/server: the one arrow from the device into the cloud's gateway.
 *                   Standalone mode (`luach start --standalone`) runs the very gateway the cloud
 *                   runs, on SQLite in the data directory, beside the device; only the command
 *                   line's own modules compose it, loaded on demand, so nothing else of device/
 *                   (runtime, cache, link, shells, the pure rooms) ever depends on the server.
 *   device/assets -> the content-addressed picture and video cache does I/O (downloads, files), so
 *                   it is wired only by the composition root (device/compose-device.ts) and read by
 *                   `luach doctor` (device/doctor.ts); the runtime, the model and the shells see it
 *                   through small interfaces (has, lookup), never its code. It may import device/
 *                   (the bounded download of device/update, the logger) and cloud-sync/protocol.
 *   sharp        -> only cloud-sync/server: pictures are checked and downscaled once, on upload;
 *                   the device never decodes an image itself (libvips stays out of its bundle).
 */
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const BUILTINS = new Set(builtinModules);
const IO_LIBRARIES = new Set([
  'better-sqlite3',
  'mqtt',
  'pino',
  'systeminformation',
  'electron',
  'playwright-core',
  '@prisma/client',
  '@prisma/adapter-better-sqlite3',
]);
const PURE_ROOMS = ['device/calendar', 'device/schedule', 'device/model'];
/** The one file of device/model the renderer imports: the schema it parses every model with (its version constant comes along). */
const DISPLAY_MODEL_SCHEMA = 'device/model/display-model.ts';
const ENTRY_POINTS = ['device/main.ts', 'device/preload.ts', 'device/cli.ts', 'device/boot.ts'];
const CLOCK_READS = new Set(['Date.now', 'performance.now', 'setTimeout', 'setInterval', 'setImmediate']);

/** @param {string} file repository-relative, forward slashes */
function isTest(file) {
  return /\.test\.ts$/.test(file) || file.startsWith('test/');
}
/** @param {string} file */
function within(file, dir) {
  return file === dir || file.startsWith(dir + '/');
}
/** @param {string} file */
function isPure(file) {
  return PURE_ROOMS.some((room) => within(file, room));
}
/** @param {string} file */
function isCliCommand(file) {
  return within(file, 'device/cli') && !isTest(file);
}
/** @param {string} file */
function isShell(file) {
  return within(file, 'device/shell') && !/\.test\.ts$/.test(file);
}
/** @param {string} file */
function roomOf(file) {
  const [top, sub] = file.split('/');
  if (top === 'device' || top === 'cloud-sync') return sub && !sub.includes('.') ? `${top}/${sub}` : top;
  return top ?? '';
}
/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Why `file` may not import `target` (a repository-relative path of ours), or null when it may.
 * @param {string} file @param {string} target @param {boolean} typeOnly
 */
function ourImportViolation(file, target, typeOnly) {
  const from = roomOf(file);
  const to = roomOf(target);
  if (ENTRY_POINTS.includes(target) && !isTest(file)) return `${target} is an entry point; nothing imports it`;
  if (isCliCommand(target) && file !== 'device/cli.ts' && !isCliCommand(file) && !isTest(file))
    return `${target} is a command of device/cli.ts; only it imports the command modules`;
  if (isShell(target) && !typeOnly && !ENTRY_POINTS.includes(file) && !isCliCommand(file) && !isTest(file) && !isShell(file))
    return `${target} is a shell; only the entry points (device/cli.ts, device/main.ts) import a shell`;
  if (to === 'test' && !['test', 'bench', 'scripts'].includes(from)) return 'only test/, bench/ and scripts/ import test/';
  if (to === 'bench' && !['bench', 'scripts'].includes(from)) return 'only bench/ and scripts/ import bench/';
  if (from === 'display') {
    if (to === 'display') return null;
    if (target === DISPLAY_MODEL_SCHEMA || (within(target, 'device/model') && typeOnly)) return null;
    return 'display/ may import only the DisplayModel schema, and `import type` from device/model';
  }
  if (isPure(file) && !isTest(file)) {
    if (isPure(target) || within(target, 'cloud-sync/protocol')) return null;
    return `${from} is pure: it may import only device/calendar, device/schedule, device/model and cloud-sync/protocol`;
  }
  if (to === 'device/assets' && from !== 'device/assets' && !isTest(file) && !['device/compose-device.ts', 'device/doctor.ts'].includes(file))
    return 'device/assets is wired by device/compose-device.ts and read by device/doctor.ts only; others see it through interfaces';
  if (from.startsWith('device')) {
    if (to.startsWith('device') || to === 'cloud-sync/protocol' || to === 'cloud-sync/client') return null;
    if ((isTest(file) || isCliCommand(file)) && to === 'cloud-sync/server') return null;
    return 'device/ may import only device/, cloud-sync/protocol and cloud-sync/client (and device/cli/, the command line, cloud-sync/server for standalone mode)';
  }
  if (from === 'cloud-sync/console') {
    if (to === 'cloud-sync/console' || (to === 'cloud-sync/protocol' && typeOnly)) return null;
    return 'cloud-sync/console talks to the gateway over HTTP: it may import only `import type` from cloud-sync/protocol';
  }
  if (from === 'cloud-sync/protocol') return to === from ? null : 'cloud-sync/protocol imports nothing of ours';
  if (from === 'cloud-sync/client') return to === from || to === 'cloud-sync/protocol' ? null : 'cloud-sync/client may import only cloud-sync/protocol';
  if (from === 'cloud-sync/server') {
    if (['cloud-sync/server', 'cloud-sync/protocol', 'prisma'].includes(to) || isPure(target)) return null;
    return 'cloud-sync/server may import only cloud-sync/protocol, prisma/ and the pure rooms device/calendar, device/schedule, device/model';
  }
  if (from === 'prisma') return to === 'prisma' ? null : 'prisma/ imports nothing of ours';
  return null;
}

/**
 * Why `file` may not import the package `name`, or null when it may.
 * @param {string} file @param {string} specifier
 */
function packageViolation(file, specifier) {
  const name = packageName(specifier);
  const builtin = specifier.startsWith('node:') || BUILTINS.has(name);
  if (name === 'electron' && !ENTRY_POINTS.slice(0, 2).includes(file) && !/^device\/shell\/electron[^/]*\.ts$/.test(file))
    return 'only device/main.ts, device/preload.ts and device/shell/electron*.ts import electron';
  if (name === 'sharp' && roomOf(file) !== 'cloud-sync/server' && !isTest(file) && !file.startsWith('bench/'))
    return 'only cloud-sync/server imports sharp: pictures are prepared once, on upload; the device never decodes one itself';
  if (roomOf(file) === 'display' && !isTest(file) && (builtin || IO_LIBRARIES.has(name))) return `display/ runs in the renderer: no ${specifier}`;
  if (roomOf(file) === 'cloud-sync/console' && file.startsWith('cloud-sync/console/src/') && (builtin || IO_LIBRARIES.has(name)))
    return `cloud-sync/console runs in a browser: no ${specifier}`;
  if (isPure(file) && !isTest(file) && (builtin || IO_LIBRARIES.has(name))) return `${roomOf(file)} is pure: no ${specifier} (side effects live at the edges)`;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import arrows of docs/architecture.md' },
    schema: [],
    messages: { violation: '{{why}} (import of "{{specifier}}")', clock: '{{room}} is pure: it takes `now` as an argument; no {{what}}' },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    /** @param {any} node @param {string} specifier @param {boolean} typeOnly */
    function check(node, specifier, typeOnly) {
      let why;
      if (specifier.startsWith('.')) {
        const target = path
          .relative(ROOT, path.resolve(path.dirname(context.filename), specifier))
          .split(path.sep)
          .join('/')
          .replace(/\.js$/, '.ts');
        why = ourImportViolation(file, target, typeOnly);
      } else {
        why = packageViolation(file, specifier);
      }
      if (why) context.report({ node, messageId: 'violation', data: { why, specifier } });
    }
    const pureCode = isPure(file) && !isTest(file);
    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        check(node, String(node.source.value), typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, String(node.source.value), node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, String(node.source.value), node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value, false);
      },
      MemberExpression(node) {
        if (!pureCode || node.object.type !== 'Identifier' || node.property.type !== 'Identifier') return;
        const what = `${node.object.name}.${node.property.name}`;
        if (CLOCK_READS.has(what)) context.report({ node, messageId: 'clock', data: { room: roomOf(file), what } });
      },
      NewExpression(node) {
        if (pureCode && node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0)
          context.report({ node, messageId: 'clock', data: { room: roomOf(file), what: 'new Date()' } });
      },
      CallExpression(node) {
        if (pureCode && node.callee.type === 'Identifier' && CLOCK_READS.has(node.callee.name))
          context.report({ node, messageId: 'clock', data: { room: roomOf(file), what: node.callee.name } });
      },
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
