import petrovich from 'petrovich';
import { formatDate } from '../dates';
import type { LocalDate } from '../localDate';

/**
 * Names and dates in the case the sentence needs (issue 22). A paper's template asks for a form
 * with `{field:case}`; the forms of names are worked out here, shown to the specialist on the
 * draft to correct, and signed with it. Dates have fixed forms and are formed when printed.
 */
export const KK_CASES = ['gen', 'dat', 'acc', 'loc', 'abl'] as const;
export const RU_CASES = ['gen', 'dat', 'acc', 'ins', 'prep'] as const;
export type KkCase = (typeof KK_CASES)[number];
export type RuCase = (typeof RU_CASES)[number];
export type NameCase = KkCase | RuCase;
/** kk: «2026 жылғы 1 қазандағы» (attr), «2015 жылғы 3 наурызда» (loc), «2034 жылғы 20 шілдеге (дейін)» (dat); ru «1 октября 2026 года» in each. */
export const DATE_FORMS = ['attr', 'loc', 'dat'] as const;
export type DateForm = (typeof DATE_FORMS)[number];
export type Sex = 'male' | 'female';

const BACK = 'аоұыяё';
const FRONT = 'әеөүіэ';
const VOWELS = 'аәеёиоөуүұыіэюя';
/** м, н, ң: the genitive and ablative take н-. */
const NASAL = 'мнң';
/** л, р, й, у, з, ж and и (read as ій/ый): д- in the genitive, accusative and ablative, г- in the dative. */
const SONOROUS = 'лрйузжи';
/** Voiceless, and б, в, г, д, which sound voiceless at a word's end («Тоқаевқа», «Тоқаевтың»). */
const VOICELESS = 'кқпстфхцчшщбвгд';

/**
 * A word's vowel harmony: its last vowel that is not и, у or ю, which fit either row. The Russian
 * suffix -ев does not count («Тоқаевқа»); a soft sign or a word of и alone is front («Игорьге», «Кимге»).
 */
function isFront(word: string): boolean {
  if (word.endsWith('ь')) return true;
  const stem = word.replace(/ев$/, '');
  for (let i = stem.length - 1; i >= 0; i--) {
    if (FRONT.includes(stem[i]!)) return true;
    if (BACK.includes(stem[i]!)) return false;
  }
  return /[ию]/.test(stem);
}

/**
 * Possessive forms take н before the ending: patronymics in -ұлы, -қызы (and the Russian-spelled
 * -улы, -кызы), «Серікұлына»; and the place words of an address, «Павлодар қаласында», «Абай көшесінде».
 */
const POSSESSIVE = /(ұлы|улы|қызы|кызы|қаласы|ауданы|ауылы|кенті|облысы|көшесі|даңғылы|шағынауданы|бөлімі)$/;

const ENDINGS: Record<KkCase, Record<'vowel' | 'nasal' | 'sonorous' | 'voiceless' | 'possessive', [string, string]>> = {
  gen: { vowel: ['ның', 'нің'], nasal: ['ның', 'нің'], sonorous: ['дың', 'дің'], voiceless: ['тың', 'тің'], possessive: ['ның', 'нің'] },
  dat: { vowel: ['ға', 'ге'], nasal: ['ға', 'ге'], sonorous: ['ға', 'ге'], voiceless: ['қа', 'ке'], possessive: ['на', 'не'] },
  acc: { vowel: ['ны', 'ні'], nasal: ['ды', 'ді'], sonorous: ['ды', 'ді'], voiceless: ['ты', 'ті'], possessive: ['н', 'н'] },
  loc: { vowel: ['да', 'де'], nasal: ['да', 'де'], sonorous: ['да', 'де'], voiceless: ['та', 'те'], possessive: ['нда', 'нде'] },
  abl: { vowel: ['дан', 'ден'], nasal: ['нан', 'нен'], sonorous: ['дан', 'ден'], voiceless: ['тан', 'тен'], possessive: ['нан', 'нен'] },
};

/** The ending a Kazakh word takes in a case, by its vowel harmony and its final sound. */
export function kazakhEnding(word: string, grammaticalCase: KkCase): string {
  const lower = word.toLowerCase();
  const last = lower.replace(/[ьъ]+$/, '').at(-1) ?? '';
  const sound = POSSESSIVE.test(lower)
    ? 'possessive'
    : SONOROUS.includes(last)
      ? 'sonorous'
      : VOWELS.includes(last)
        ? 'vowel'
        : NASAL.includes(last)
          ? 'nasal'
          : VOICELESS.includes(last)
            ? 'voiceless'
            : 'sonorous';
  return ENDINGS[grammaticalCase][sound][isFront(lower) ? 1 : 0];
}

/** A Kazakh name or noun phrase in a case: the ending goes on its last word («Әлихан Жұмабековқа»). */
export function kazakhCase(phrase: string, grammaticalCase: KkCase): string {
  const trimmed = phrase.trim();
  const word = /[\p{L}]+$/u.exec(trimmed)?.[0];
  return word ? trimmed + kazakhEnding(word, grammaticalCase) : trimmed;
}

const PETROVICH_CASE: Record<RuCase, string> = { gen: 'genitive', dat: 'dative', acc: 'accusative', ins: 'instrumental', prep: 'prepositional' };
const PATRONYMIC = /(ович|евич|ич|овна|евна|ична|инична|ұлы|улы|қызы|кызы)$/i;
const SURNAME = /(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко)$/i;
const FEMALE_MARK = /(овна|евна|ична|қызы|кызы|ова|ева|ёва|ина|ына|ская|цкая)$/i;
const MALE_MARK = /(ович|евич|ич|ұлы|улы|ов|ев|ёв|ин|ын|ский|цкий)$/i;

/** A person's sex as their name shows it (patronymic first, then surname); null when it does not. */
export function sexOfName(name: string): Sex | null {
  const words = name.trim().split(/\s+/);
  for (const pattern of [PATRONYMIC, SURNAME]) {
    const word = words.find((w) => pattern.test(w));
    if (word) return FEMALE_MARK.test(word) ? 'female' : MALE_MARK.test(word) ? 'male' : null;
  }
  return null;
}

/**
 * A full name in a Russian case, by petrovich's rules. Words are told apart by their endings
 * (patronymic, surname); what is left is the given name, and Kazakh documents put the surname
 * first when nothing marks it. Kazakh patronymics in -ұлы/-қызы do not decline in Russian.
 */
export function russianCase(name: string, grammaticalCase: RuCase, sex: Sex | null): string {
  const words = name.trim().split(/\s+/);
  if (!sex || words.length === 0) return name.trim();
  const roles = words.map((w) => (PATRONYMIC.test(w) ? 'middle' : SURNAME.test(w) ? 'last' : 'first'));
  if (!roles.includes('last')) {
    const firsts = roles.flatMap((r, i) => (r === 'first' ? [i] : []));
    if (firsts.length > 1) roles[firsts[0]!] = 'last';
  }
  return words
    .map((word, i) => {
      const role = roles[i]!;
      if (role === 'middle' && /(ұлы|улы|қызы|кызы)$/i.test(word)) return word;
      const person = { gender: sex, [role]: word };
      return (petrovich(person, PETROVICH_CASE[grammaticalCase]) as Record<string, string>)[role] ?? word;
    })
    .join(' ');
}

/** A name in the case a template asks for, in the paper's language. */
export function declineName(name: string, lang: 'kk' | 'ru', grammaticalCase: NameCase, sex: Sex | null): string {
  if (lang === 'kk') return kazakhCase(name, grammaticalCase as KkCase);
  return russianCase(name, grammaticalCase as RuCase, sex ?? sexOfName(name));
}

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/**
 * A date inside a sentence: kk «2026 жылғы 1 қазан», «2026 жылғы 1 қазандағы» (of a decision),
 * «2015 жылғы 3 наурызда» (born on), «2034 жылғы 20 шілдеге» (until); ru «1 октября 2026 года»
 * (the genitive «года», not «г.»).
 */
export function sentenceDate(date: LocalDate, lang: 'kk' | 'ru', form?: DateForm): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  if (lang === 'ru') return `${formatDate(date, 'ru', 'long').replace(/ г\.$/, '')} года`;
  const month = KK_MONTHS[Number(m) - 1]!;
  const locative = month + kazakhEnding(month, 'loc');
  const formed = form === 'attr' ? locative + (isFront(month) ? 'гі' : 'ғы') : form === 'loc' ? locative : form === 'dat' ? month + kazakhEnding(month, 'dat') : month;
  return `${y} жылғы ${Number(d)} ${formed}`;
}
