/**
 * Writing CSV: the one helper every CSV export uses. Text cells that a spreadsheet would read as
 * a formula (starting with =, +, -, @, tab or carriage return) get a leading apostrophe, as the
 * OWASP CSV injection guidance recommends, so `=HYPERLINK(…)` in a mark or a name stays text;
 * cells holding a comma, quote or line break are quoted. Numbers the service computes are
 * written as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the header first) to CSV text, one line each, ending with a line break. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
