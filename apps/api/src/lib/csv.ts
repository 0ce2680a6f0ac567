/** Spreadsheet apps run cells that start with these as formulas; a leading ' keeps them text. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
