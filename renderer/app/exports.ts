/** A report's table as the screen shows it and a spreadsheet receives it: numbers stay numbers, so a sheet can add them. */
export interface ReportTable {
  /** The table's id: its CSV file's name. */
  name: string;
  /** Its sheet's name in the workbook, in the reader's language. */
  sheet: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
}

/** Rows as CSV (RFC 4180, with a BOM so spreadsheet programs read the Cyrillic right): the audit trail, a report. */
export function csvOf<T>(rows: readonly T[], header: readonly string[], label: (row: T) => string[]): string {
  const cell = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\uFEFF${[header, ...rows.map(label)].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Excel's limits on a sheet's name: 31 characters, none of : \ / ? * [ ], and unique in the book. */
function sheetNames(tables: readonly ReportTable[]): string[] {
  const used = new Set<string>();
  return tables.map((table) => {
    const base = table.sheet.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** The tables as one XLSX workbook, a sheet each: the title, then the header in bold, then the rows. The writer loads only when asked. */
export async function xlsxOf(tables: readonly ReportTable[]): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const names = sheetNames(tables);
  const blob = await writeXlsxFile(
    tables.map((table, i) => ({
      sheet: names[i]!,
      data: [[{ value: table.title, fontWeight: 'bold' as const }], [], table.header.map((value) => ({ value, fontWeight: 'bold' as const })), ...table.rows],
      columns: table.header.map((_, c) => ({ width: Math.min(60, Math.max(10, ...[table.header[c]!, ...table.rows.map((r) => r[c])].map((v) => String(v ?? '').length + 2))) })),
    })),
  ).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
