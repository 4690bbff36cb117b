/**
 * The Kazakh words (and their usual abbreviations) that follow a place's name, and the Russian ones
 * that go before it. Lower case only: «Сәтбаев Қ.» is a name with its initial, not a town.
 */
const PLACE_WORDS: [RegExp, string][] = [
  [/\s+(қаласы|қ\.)$/, 'г.'],
  [/\s+(ауылы|а\.)$/, 'с.'],
  [/\s+(кенті)$/, 'пос.'],
  [/\s+(шағын ауданы|ықшам ауданы|ш\/а)$/, 'мкр.'],
  [/\s+(ауданы|ауд\.)$/, 'р-н'],
  [/\s+(облысы)$/, 'обл.'],
  [/\s+(көшесі|к-сі|көш\.)$/, 'ул.'],
  [/\s+(даңғылы|даңғ\.|даң\.)$/, 'пр.'],
  [/\s+(бульвары)$/, 'бул.'],
  [/\s+(тұйығы)$/, 'туп.'],
];

/**
 * A Kazakh locality or street as a Russian page writes it, by rule: the place word goes before the
 * name in its Russian abbreviation («Павлодар қаласы» → «г. Павлодар», «Абай көшесі» → «ул. Абай»).
 * The name stays as typed: the clerk corrects its Russian spelling or case (ул. Абая) on the form.
 */
export function russianPlace(kazakh: string): string {
  const text = kazakh.trim();
  for (const [word, ru] of PLACE_WORDS) {
    const name = text.replace(word, '');
    if (name !== text && name.trim()) return `${ru} ${name.trim()}`;
  }
  return text;
}
