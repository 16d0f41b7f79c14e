/**
 * The one error the ETL reports to people: a Spanish and an English sentence,
 * plus the file and data row (1-based, header excluded) when they are known.
 */
export class EtlError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
    readonly file?: string,
    readonly row?: number,
  ) {
    super(`${es} (${en})${where(file, row)}`);
    this.name = 'EtlError';
  }
}

function where(file?: string, row?: number): string {
  if (!file) return '';
  return row === undefined ? ` [${file}]` : ` [${file}, fila/row ${row}]`;
}

/** Turns any failure into an EtlError, keeping the original message as the English detail. */
export function asEtlError(error: unknown, file?: string, row?: number): EtlError {
  if (error instanceof EtlError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EtlError(`Error inesperado: ${detail}`, `unexpected error: ${detail}`, file, row);
}
