/** Escapes LIKE/ILIKE wildcards so user input is matched literally (`\` is the default escape). */
export function containsPattern(input: string): string {
  return `%${input.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
