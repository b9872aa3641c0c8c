/** Parameter rows for warming a product, as a person typed them. */
export type Rows = Record<string, unknown>[];

/** Empty text means none (the product's on_boot_sql decides); otherwise a JSON object or an array of them. */
export function parseRows(text: string): { rows: Rows | null; error: string | null } {
  if (text.trim() === '') {
    return { rows: null, error: null };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rows: null, error: error instanceof Error ? error.message : 'Not JSON' };
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    return { rows: null, error: 'Expected a JSON object of parameters, or an array of them' };
  }
  return { rows: list as Rows, error: null };
}
