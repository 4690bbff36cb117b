/**
 * A character the paper fonts lack (resources/fonts/ holds Cyrillic, Latin up to Extended-B and
 * the punctuation): the paper is refused, naming it, rather than printed with a gap in a name.
 * Kept apart from the PDF writer so the print screen can tell it without loading pdf-lib.
 */
export class UnprintableText extends Error {
  override readonly name = 'UnprintableText';
  constructor(
    readonly character: string,
    readonly text: string,
  ) {
    super(`The paper font has no «${character}» (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), in «${text}»`);
  }
}
