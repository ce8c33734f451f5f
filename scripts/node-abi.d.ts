// node-abi ships no types; this is the one function the packaging uses.
declare module 'node-abi' {
  /** process.versions.modules of `runtime` at `target` (e.g. getAbi('41.7.1', 'electron') === '145'). */
  export function getAbi(target: string, runtime: 'node' | 'electron'): string;
}
