/**
 * Text PostgreSQL cannot take: NUL (U+0000; not allowed in text or jsonb) and unpaired UTF-16
 * surrogates (`"\ud800"` is valid JSON, but jsonb refuses the escape, and text would silently
 * become U+FFFD). With the `u` flag, `\p{Cs}` matches only surrogates that are not in a pair.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this finds.
export const UNSTORABLE = /[\u0000\p{Cs}]/u;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
