/** Calendar days as ISO dates (YYYY-MM-DD, UTC): validity, compile dates and legal clocks use them. */

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
