import { DomainError } from './errors';
import { MAX_LENGTH, requiredText } from './fields';

/** The visa's quick texts an office keeps: enough for its usual resolutions, few enough to read at a glance. */
export const MAX_RESOLUTIONS = 12;

/**
 * The office's resolution texts as the head typed them, one per line: trimmed, without blanks or
 * repeats, each as long as a visa's resolution may be. Throws the DomainError the head is told.
 */
export function resolutionList(lines: readonly string[]): string[] {
  const list = [...new Set(lines.map((line) => line.trim()).filter(Boolean))].map((line) => requiredText(line, 'resolutions', MAX_LENGTH.paragraph));
  if (list.length > MAX_RESOLUTIONS) throw new DomainError('resolutions.tooMany', { max: MAX_RESOLUTIONS });
  return list;
}
