/** `1 meeting`, `3 meetings`: a count and its noun, plural but for one. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
