/**
 * The directory a bundle goes to: the one the technician picked while main still offers it,
 * otherwise the first offered (main lists mounted USB sticks first). A stick pulled out while
 * chosen therefore never stays chosen.
 */
export function exportTarget(chosen: string | null, offered: readonly string[]): string | null {
  return chosen !== null && offered.includes(chosen) ? chosen : (offered[0] ?? null);
}
