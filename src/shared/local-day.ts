/** The local calendar day of a time, as YYYY-MM-DD ("requests served today"). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
