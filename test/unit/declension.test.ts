import { describe, expect, it } from 'vitest';
import { addressText, declinedForms, kazakhCase, parseService, russianAddress, russianCase, russianPlace, sentenceDate, sexOfName } from '../../shared';
import { catalog } from './fixtures';

describe('Kazakh names in a case, by vowel harmony and the final sound', () => {
  it.each([
    // name, genitive, dative, accusative, locative, ablative
    ['Әлихан Жұмабеков', 'Әлихан Жұмабековтың', 'Әлихан Жұмабековқа', 'Әлихан Жұмабековты', 'Әлихан Жұмабековта', 'Әлихан Жұмабековтан'],
    ['Айгүл Сейітова', 'Айгүл Сейітованың', 'Айгүл Сейітоваға', 'Айгүл Сейітованы', 'Айгүл Сейітовада', 'Айгүл Сейітовадан'],
    ['Ермек', 'Ермектің', 'Ермекке', 'Ермекті', 'Ермекте', 'Ермектен'],
    ['Сәуле', 'Сәуленің', 'Сәулеге', 'Сәулені', 'Сәуледе', 'Сәуледен'],
    ['Нұрлан', 'Нұрланның', 'Нұрланға', 'Нұрланды', 'Нұрланда', 'Нұрланнан'],
    ['Айдар', 'Айдардың', 'Айдарға', 'Айдарды', 'Айдарда', 'Айдардан'],
    ['Бекзат', 'Бекзаттың', 'Бекзатқа', 'Бекзатты', 'Бекзатта', 'Бекзаттан'],
    ['Ару', 'Арудың', 'Аруға', 'Аруды', 'Аруда', 'Арудан'],
    ['Әли', 'Әлидің', 'Әлиге', 'Әлиді', 'Әлиде', 'Әлиден'],
    // The Russian suffix -ев does not turn the word front; -в sounds voiceless at the end.
    ['Тоқаев', 'Тоқаевтың', 'Тоқаевқа', 'Тоқаевты', 'Тоқаевта', 'Тоқаевтан'],
    ['Әлиев', 'Әлиевтің', 'Әлиевке', 'Әлиевті', 'Әлиевте', 'Әлиевтен'],
    // -ұлы and -қызы are possessive forms: the н of the third person.
    ['Нұрлан Серікұлы', 'Нұрлан Серікұлының', 'Нұрлан Серікұлына', 'Нұрлан Серікұлын', 'Нұрлан Серікұлында', 'Нұрлан Серікұлынан'],
    ['Дана Асанқызы', 'Дана Асанқызының', 'Дана Асанқызына', 'Дана Асанқызын', 'Дана Асанқызында', 'Дана Асанқызынан'],
    ['Ким', 'Кимнің', 'Кимге', 'Кимді', 'Кимде', 'Кимнен'],
  ])('%s', (name, gen, dat, acc, loc, abl) => {
    expect([kazakhCase(name, 'gen'), kazakhCase(name, 'dat'), kazakhCase(name, 'acc'), kazakhCase(name, 'loc'), kazakhCase(name, 'abl')]).toEqual([gen, dat, acc, loc, abl]);
  });

  it('puts the ending on the last word of an address', () => {
    expect(kazakhCase('Павлодар қаласы, Абай көшесі, № 5 үй, № 12 пәтер', 'loc')).toBe('Павлодар қаласы, Абай көшесі, № 5 үй, № 12 пәтерде');
    expect(kazakhCase('Павлодар қаласы, Абай көшесі, № 5 үй', 'loc')).toBe('Павлодар қаласы, Абай көшесі, № 5 үйде');
  });
});

describe('Russian names in a case, by petrovich', () => {
  it('tells the surname, given name and patronymic apart, and the sex from the endings', () => {
    expect(sexOfName('Жұмабеков Әлихан Серікұлы')).toBe('male');
    expect(sexOfName('Асанова Дана Нұрланқызы')).toBe('female');
    expect(sexOfName('Айгүл')).toBeNull();
    expect(russianCase('Жұмабеков Әлихан Серікұлы', 'dat', 'male')).toBe('Жұмабекову Әлихану Серікұлы');
    expect(russianCase('Сәуле Жұмабекова', 'dat', 'female')).toBe('Сәуле Жұмабековой');
    expect(russianCase('Петров Иван Сергеевич', 'gen', 'male')).toBe('Петрова Ивана Сергеевича');
    expect(russianCase('Ким Анна', 'gen', 'female')).toBe('Ким Анны');
    // A female name ending in a consonant does not decline in Russian.
    expect(russianCase('Сейітова Айгүл', 'gen', 'female')).toBe('Сейітовой Айгүл');
  });

  it('leaves a name as it is when nothing tells the sex', () => {
    expect(russianCase('Айгүл', 'dat', null)).toBe('Айгүл');
  });
});

describe('dates inside a sentence', () => {
  it('kk: «жылғы» and the case of the month; ru: «года»', () => {
    expect(sentenceDate('2026-10-01', 'kk', 'attr')).toBe('2026 жылғы 1 қазандағы');
    expect(sentenceDate('2026-04-05', 'kk', 'attr')).toBe('2026 жылғы 5 сәуірдегі');
    expect(sentenceDate('2026-09-09', 'kk', 'attr')).toBe('2026 жылғы 9 қыркүйектегі');
    expect(sentenceDate('2015-03-03', 'kk', 'loc')).toBe('2015 жылғы 3 наурызда');
    expect(sentenceDate('2034-07-20', 'kk', 'dat')).toBe('2034 жылғы 20 шілдеге');
    expect(sentenceDate('2026-12-02', 'kk')).toBe('2026 жылғы 2 желтоқсан');
    expect(sentenceDate('2026-10-01', 'ru', 'attr')).toBe('1 октября 2026 года');
  });
});

describe('the declined forms of a draft', () => {
  const s1 = catalog.get('guardianship-certificate')!.results[0]!;

  it('are worked out for every {name:case} of the wording, the sex from the IIN', () => {
    const forms = declinedForms({ text: s1.text!, fields: s1.fields }, { to: 'Сәуле Жұмабекова', childName: 'Әлихан Жұмабеков', holderAddress: { locality: 'Павлодар қаласы', street: 'Абай көшесі', house: '5' } }, {
      to: '871008401427',
    });
    expect(forms).toEqual({
      'kk.holderAddress:loc': 'Павлодар қаласы, Абай көшесі, № 5 үйде',
      'kk.to:dat': 'Сәуле Жұмабековаға',
      'kk.childName:dat': 'Әлихан Жұмабековқа',
      'ru.to:dat': 'Сәуле Жұмабековой',
      'ru.childName:gen': 'Әлихана Жұмабекова',
    });
  });

  it('a catalog file asking for a case its field cannot take is refused, naming the place', () => {
    const file = JSON.parse(JSON.stringify(catalog.get('guardianship-certificate')));
    file.results[0].text.kk[0] = 'Берілді {decisionDate:dat} {childName:nom} {decisionNumber:xyz}';
    expect(() => parseService('s1.json', file)).toThrow(/results\.0\.text\.kk\.0: \{childName:nom\}: a text field in kk takes gen, dat, acc, loc, abl/);
  });
});

describe('a draft being typed', () => {
  it('declines a part of an address without failing, so the review form never breaks mid-typing', () => {
    const s1 = catalog.get('guardianship-certificate')!.results[0]!;
    const forms = declinedForms({ text: s1.text!, fields: s1.fields }, { holderAddress: { locality: 'Павлодар қаласы' } as never, childName: {} as never }, {});
    expect(forms['kk.holderAddress:loc']).toBe('Павлодар қаласында');
  });
});

describe('the place words of an address', () => {
  it('are possessive forms', () => {
    expect(kazakhCase('Ақсу ауылы', 'loc')).toBe('Ақсу ауылында');
    expect(kazakhCase('Абай көшесі', 'dat')).toBe('Абай көшесіне');
    expect(kazakhCase('Павлодар қаласының білім беру бөлімі', 'gen')).toBe('Павлодар қаласының білім беру бөлімінің');
  });
});

describe('an address on the Russian page (issue 22, point 7)', () => {
  it('puts the place word before the name, in its Russian abbreviation', () => {
    expect(russianPlace('Павлодар қаласы')).toBe('г. Павлодар');
    expect(russianPlace('Екібастұз қ.')).toBe('г. Екібастұз');
    expect(russianPlace('Ақсу ауылы')).toBe('с. Ақсу');
    expect(russianPlace('Абай көшесі')).toBe('ул. Абай');
    expect(russianPlace('Мәшһүр Жүсіп к-сі')).toBe('ул. Мәшһүр Жүсіп');
    expect(russianPlace('Нұрсұлтан Назарбаев даңғылы')).toBe('пр. Нұрсұлтан Назарбаев');
    expect(russianPlace('Самал шағын ауданы')).toBe('мкр. Самал');
    expect(russianPlace('Самал-2 ықшам ауданы')).toBe('мкр. Самал-2');
    // A place typed the Russian way, a bare word, or a name with its initial stays as typed.
    expect(russianPlace('Сәтбаев Қ.')).toBe('Сәтбаев Қ.');
    expect(russianPlace('г. Павлодар')).toBe('г. Павлодар');
    expect(russianPlace('көшесі')).toBe('көшесі');
  });

  it('writes an address typed as one Kazakh line part by part', () => {
    expect(russianAddress('Павлодар қ., Қайырбаев к-сі, 12-үй, 5-пәтер')).toBe('г. Павлодар, ул. Қайырбаев, д. 12, кв. 5');
    expect(russianAddress('Ақсу ауылы, Абай көшесі, № 7 үй')).toBe('с. Ақсу, ул. Абай, д. 7');
    expect(russianAddress('г. Павлодар, ул. Ломова, д. 3')).toBe('г. Павлодар, ул. Ломова, д. 3');
  });

  it('prints the clerk’s Russian wording where given, the rule’s where not, and leaves the Kazakh page alone', () => {
    const address = { locality: 'Павлодар қаласы', street: 'Қайырбаев көшесі', house: '12', apartment: '5', streetRu: 'ул. Кайырбаева' };
    expect(addressText(address, 'ru')).toBe('г. Павлодар, ул. Кайырбаева, д. 12, кв. 5');
    expect(addressText(address, 'kk')).toBe('Павлодар қаласы, Қайырбаев көшесі, № 12 үй, № 5 пәтер');
    expect(addressText({ ...address, streetRu: ' ' }, 'ru')).toBe('г. Павлодар, ул. Қайырбаев, д. 12, кв. 5');
    // A house or apartment typed with its word keeps only the number.
    expect(addressText({ ...address, house: '3а үй', apartment: '5-пәтер' }, 'kk')).toBe('Павлодар қаласы, Қайырбаев көшесі, № 3а үй, № 5 пәтер');
    expect(addressText({ ...address, house: '3а үй', apartment: '5-пәтер' }, 'ru')).toBe('г. Павлодар, ул. Кайырбаева, д. 3а, кв. 5');
  });
});
