/**
 * Registration numbers that two devices of one office never repeat, offline:
 * <office code>-<year>-<device code>-<sequence>, e.g. PVL-2026-K1-00042. The office code is
 * unique among offices and the device code unique within the office (both given when the
 * device is set up); the sequence runs per device and year. No network is needed.
 */
export const CODE_PATTERN = /^[A-Z0-9]{1,8}$/;

export function registrationNumber(officeCode: string, year: number, deviceCode: string, sequence: number): string {
  if (!CODE_PATTERN.test(officeCode) || !CODE_PATTERN.test(deviceCode)) {
    throw new RangeError('office and device codes are 1–8 capital latin letters or digits');
  }
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('the sequence starts at 1');
  return `${officeCode}-${year}-${deviceCode}-${String(sequence).padStart(5, '0')}`;
}

/** The year and sequence of a registration number, or null when it is not one. */
export function registrationParts(regNumber: string): { year: string; sequence: number } | null {
  const match = /^[A-Z0-9]{1,8}-(\d{4})-[A-Z0-9]{1,8}-(\d{5,})$/.exec(regNumber);
  return match ? { year: match[1]!, sequence: Number(match[2]) } : null;
}
