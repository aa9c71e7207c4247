// CSV writing (RFC 4180): quoting where needed, CRLF line ends. Pure (no DOM): unit-tested under Node.

export type Cell = string | number | boolean | null | undefined;

/** One field: quoted when it holds a comma, quote, CR or LF, or leading/trailing spaces. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (the first usually the header) → CSV text ending in CRLF. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
