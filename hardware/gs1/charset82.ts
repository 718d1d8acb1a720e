/**
 * GS1 AI encodable character set 82 (GS1 General Specifications §7.11, figure 7.11-1): the only
 * characters an `X` field may hold. Space, `#`, `$`, `@`, `~` and the rest of printable ASCII are
 * outside it, which is also why a wedge scanner can use one of them to stand in for GS.
 */
const CSET_82 = new Set(
  Array.from(
    `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`,
    (c) => c.charCodeAt(0),
  ),
);

/** The set's size, kept beside it so a typo in the literal above fails a test. */
export const CSET_82_SIZE = 82;

export function isCset82Char(code: number): boolean {
  return CSET_82.has(code);
}

/** The set in code order, for generators and documentation. */
export const CSET_82_CHARS: string = String.fromCharCode(...[...CSET_82].sort((a, b) => a - b));
