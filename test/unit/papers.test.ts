import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftPapers, foldEvents, hearingProtocolPapers, validUntilOf, sentenceDate, inJournal, portalNoticePapers, refusalNoticePapers, resultPapers, returnLetterPapers, withdrawalPapers, type CaseEvent, type CaseState, type Paper, type TrustFile } from '../../shared';
import { qrTextOfPdf, renderPapers, sealTextOfPdf, wrap } from '../../shared/paper/layout';
import { embedPaperFace } from '../../shared/paper/font';
import { kense } from '../../server/cli';
import { runDemo } from '../../server/demo';
import { paperFonts } from '../../server/resources';
import { allChecked, calendar, catalog, device, intakeCommand, resultDraft, sealFor } from './fixtures';

let dir: string;
let trust: TrustFile;
const pdfs = () => readdirSync(dir).filter((f) => f.endsWith('.pdf'));
const sealed = () => pdfs().filter((f) => f.startsWith('result-') || f.startsWith('refusal-'));
const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

async function verify(...args: string[]) {
  const lines: string[] = [];
  const code = await kense(['verify', ...args], (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kense-demo-'));
  // A fixed working day, so the dates the papers print are the ones the tests read (2 December 2026).
  ({ trust } = await runDemo(dir, catalog, calendar, new Date('2026-12-02T06:00:00.000Z')));
  writeFileSync(join(dir, 'trust.json'), JSON.stringify(trust));
}, 60_000);

/** A paper as a district office reads it: pdftotext, whitespace folded, one string per language page. */
function pages(file: string, russianStartsAt = 'РЕСПУБЛИКА КАЗАХСТАН'): { kk: string; ru: string } {
  const text = tool('pdftotext', [join(dir, file), '-']).replace(/\s+/g, ' ');
  const at = text.indexOf(russianStartsAt);
  return at < 0 ? { kk: text, ru: '' } : { kk: text.slice(0, at), ru: text.slice(at) };
}

describe("the seeds' forms (issue 22; docs/papers.md)", () => {
  it('S1: the certificate of seed 000 app. 4, with the holder’s address, names in the dative, «жылғы … -дағы» and «бастығы»', () => {
    const { kk, ru } = pages('result-guardianship-certificate.pdf');
    expect(kk).toContain('ҚАЗАҚСТАН РЕСПУБЛИКАСЫ');
    expect(kk).toContain('Осы анықтама Павлодар қаласы, Қайырбаев көшесі, № 12 үй, № 5 пәтерде тұратын азамат (азаматша) Сәуле Жұмабековаға берілді');
    expect(kk).toContain('ол шын мәнінде Павлодар қаласы әкімінің 2026 жылғы 1 қазандағы № 1234/5 шешіміне сәйкес 2015 жылғы 14 наурызда туылған Әлихан Жұмабековқа және оның мүлкіне (мүлкі жоқ) қорғаншы болып тағайындалды.');
    expect(kk).toContain('Қорғаншыға (қамқоршыға) қамқорлыққа алынушыны тәрбиелеу, оқыту, қоғамдық пайдалы қызметке даярлау туралы, оның жеке мүліктік құқықтарын қорғау және сақтау');
    expect(kk).toContain('Аудандық, қалалық білім бөлімінің бастығы');
    expect(kk).not.toMatch(/\(қала, аудан\)|Қорғаншы\. Мүлкі жоқ/);
    expect(ru).toContain('выдана гражданину (гражданке) Сәуле Жұмабековой, проживающему (проживающей) по адресу: г. Павлодар, ул. Кайырбаева, д. 12, кв. 5');
    expect(ru).toContain('решением акима города Павлодара от 1 октября 2026 года № 1234/5 назначен(а) опекуном несовершеннолетнего (несовершеннолетней) Әлихана Жұмабекова, родившегося (родившейся) 14 марта 2015 года');
    expect(ru).toContain('Начальник районного (городского) отдела образования');
  });

  it('claims Law 370-II’s equivalence on no paper sealed by Kense’s own key, and says what the QR code proves', () => {
    for (const file of sealed()) {
      const { kk, ru } = pages(file);
      expect(kk + ru, file).not.toMatch(/370-II|равнозначен|бірдей/);
      expect(kk, file).toContain('Бұл кілт ҰКО-ның электрондық цифрлық қолтаңбасы емес: құжат басшының қолымен және мөрмен жарамды.');
      // The refusal's reasons are written in Kazakh: its letter has no Russian page.
      if (!file.startsWith('refusal-')) expect(ru, file).toContain('Этот ключ не является электронной цифровой подписью НУЦ РК: документ действителен с подписью руководителя и печатью.');
    }
    expect(pages('refusal-guardianship-certificate-refusal.pdf').ru).toBe('');
  });

  it('prints seed 003’s validity sentence, the last day the same date a month on, not moved off a holiday', () => {
    // Signed 2 December 2026: a month on is Saturday 2 January 2027, a day off, and it stays.
    const { kk, ru } = pages('result-minors-deposits-certificate.pdf');
    expect(kk).toContain('Анықтама берілген күннен бастап 1 (бір) ай ішінде жарамды (02.01.2027 қоса алғанда).');
    expect(ru).toContain('Справка действительна в течение 1 (одного) месяца со дня выдачи (по 02.01.2027 включительно).');
  });

  it('S2: the fund’s and the bank’s certificates name their addressee and keep the seed’s words', () => {
    const pension = pages('result-minors-deposits-certificate.pdf');
    expect(pension.kk).toMatch(/Берілген күні: .+ «Бірыңғай жинақтаушы зейнетақы қоры» АҚ АНЫҚТАМА №/);
    for (const words of ['(ата-ана (ата-аналар), қорғаншы немесе қамқоршы, патронат тәрбиешісі және оларды алмастыратын басқа тұлғалар)', 'салымшы Гүлжан Жұмабекованың қайтыс болуына байланысты (2026 жылғы 15 тамыздағы № 0987654 қайтыс болуы туралы куәлік)', '(2005 жылғы 12 сәуірде берілген мемлекеттік лицензия № 0001234) заң бойынша мұрагерлікке құқығы туралы куәлікке сәйкес', 'инвестициялық табыспен, өсіммен және өзге түсімдермен бірге заңнамаға сәйкес жинақтаушы зейнетақы қорындағы («Бірыңғай жинақтаушы зейнетақы қоры» АҚ) мұраға қалатын зейнетақы жинақтарын алуға рұқсат береді']) {
      expect(pension.kk).toContain(words);
    }
    expect(pension.ru).toContain('АО «Единый накопительный пенсионный фонд» СПРАВКА №');
    expect(pension.ru).toContain('нотариусом Әсел Бековой (государственная лицензия от 12 апреля 2005 года № 0001234)');
    const bank = pages('result-minors-deposits-certificate-bank.pdf');
    expect(bank.kk).toContain('«Қазақстан Халық Банкі» АҚ АНЫҚТАМА №');
    expect(bank.ru).toContain('АО «Народный Банк Казахстана» СПРАВКА №');
  });

  it('prints no Kazakh free text on a Russian page: a printed text is given in both languages', () => {
    for (const file of sealed()) {
      const { ru } = pages(file);
      // Kazakh words the samples' free texts hold, and an address's place words; people's names stay as written.
      expect(ru, file).not.toMatch(/сату|салым шарт|кепілге|ж\.т\.|тәрбиелеу|Стандарттың|Есеп және аудит|г\.\.|қаласы|көшесі|к-сі|\d үй|пәтер/);
    }
    // An address the clerk gave no Russian wording for is written by the place words' rule (S1's, as written: above).
    expect(pages('result-tvet-dormitory-referral.pdf').ru).toContain('по адресу: г. Павлодар, ул. Естай, д. 99');
    expect(pages('result-minors-deposits-certificate-vehicle.pdf').ru).toContain('разрешает продажу транспортного средства Toyota Camry');
    // A free text in a Russian dative slot would stay nominative: the wording puts it after «а именно:».
    expect(pages('result-minors-deposits-certificate-bank.pdf').ru).toContain('заменяющие их лица), а именно: Ерлан Жұмабеков, 1976 года рождения');
  });

  it('prints the applications of seeds 000 and 003 for signature: «келісемін» for a child of ten, both parents, the handwritten undertaking', () => {
    const s1 = pages('application-guardianship-certificate.pdf', 'В Отдел');
    expect(s1.kk).toContain('Павлодар қаласының білім беру бөлімі (Kense оқу деректері) бастығына');
    expect(s1.kk).toContain('Мен, Сәуле Жұмабекова, кәмелетке толмаған Әлихан Жұмабековтың (2015 жылғы 14 наурызда туған) апасы ретінде туыстық қатынасым бар болғандықтан');
    expect(s1.kk).toContain('Павлодар қаласы әкімдігінің 2026 жылғы 1 қазандағы № 1234/5 қаулысына сәйкес');
    expect(s1.kk).toContain('Өтініш берушінің қолы');
    expect(s1.ru).toContain('от Сәуле Жұмабековой');
    // The applicant's one-line Kazakh address, as the Russian page writes it.
    expect(s1.ru).toContain('проживающего (проживающей) по адресу: г. Павлодар, ул. Қайырбаев, д. 12, кв. 5');
    expect(s1.ru).toContain('Я, Сәуле Жұмабекова, являясь тётей несовершеннолетнего (несовершеннолетней) Әлихана Жұмабекова');
    const bank = tool('pdftotext', ['-layout', join(dir, 'application-minors-deposits-certificate-bank.pdf'), '-']);
    // Әлихан is 14 and signs with «келісемін»; Аружан is 8 and does not.
    expect(bank).toMatch(/«Келісемін» \(10/);
    expect(bank).toMatch(/Аружан Жұмабекова, 01\.09\.2018 туған, туу туралы\s+—\s+—/);
    expect(bank).not.toMatch(/Әлихан Жұмабеков, 14\.05\.2012 туған, туу туралы\s+—/);
    expect(bank.replace(/\s+/g, ' ')).toContain('Әкесі туралы мәліметтер: Ерлан Жұмабеков');
    expect(bank.replace(/\s+/g, ' ')).toContain('Ерлі-зайыптылардың қолдары');
    // The pension and vehicle forms have no «келісемін» line (seed 003).
    expect(tool('pdftotext', [join(dir, 'application-minors-deposits-certificate-vehicle.pdf'), '-'])).not.toContain('Келісемін');
    const s3 = pages('application-minors-property-certificate.pdf', 'В Отдел');
    expect(s3.kk).toContain('Өз қолымен жазылады: «Бұдан әрі балаларды тұрғын үйсіз қалдырмауға міндеттенемін»');
    expect(s3.kk).toContain('Екі ерлі-зайыптылардың қолы');
    expect(s3.kk).toContain('жылжымайтын мүлікті кепілдікке қоюға Сіздің рұқсатыңызды сұраймыз');
    expect(s3.kk).toContain('Банк хатының № 17-03/889');
    expect(s3.ru).toContain('Просим Вашего разрешения на залог недвижимого имущества');
  });

  it('heads a result with seed 003’s unique number and day of filing, and names S4–S5’s signer as the seed does', () => {
    const { kk, ru } = pages('result-adoption-candidate-registration.pdf');
    expect(kk).toMatch(/Бірегей нөмір: \S+ Тіркеу нөмірі: \S+ Жіберілген күні: \d\d\.\d\d\.\d{4}/);
    expect(ru).toMatch(/Уникальный номер: \S+ Регистрационный номер: \S+ Дата подачи: \d\d\.\d\d\.\d{4}/);
    expect(kk).toContain('Бөлім басшысы');
    expect(kk).not.toMatch(/\bБасшы\b/);
  });

  it('S4–S7: the carer signs the contract; S5 concludes on a candidate; S6 and S7 decline their names; S7 is a letter, not the duplicate', () => {
    const contract = pages('result-foster-care-placement.pdf');
    expect(contract.kk).toContain('2034 жылғы 20 шілдеге дейін');
    expect(contract.kk).toContain('Нұрлан Қасымов Бөлім басшысы Сәуле Жұмабекова Патронат тәрбиеші');
    expect(contract.ru).toMatch(/Нұрлан Қасымов Руководитель отдела.{0,40}Патронатный воспитатель.{0,40}Сәуле Жұмабекова/);
    const conclusion = pages('result-adoption-candidate-registration.pdf');
    expect(conclusion.kk).toContain('бала асырап алуға үміткер(лер) болу мүмкіндігі (мүмкін еместігі) туралы');
    expect(conclusion.kk).toContain('қорытынды жасады: бала асырап алуға үміткер бола алады');
    expect(conclusion.ru).toContain('гражданина (гражданки) Сәуле Жұмабековой');
    const referral = pages('result-tvet-dormitory-referral.pdf');
    expect(referral.kk).toContain('білім алушы Данияр Сейітовты жатақханаға');
    expect(referral.kk).toContain('2027 жылғы 30 маусымға дейін');
    expect(referral.ru).toContain('обучающегося (обучающуюся) Данияра Сейітова');
    const duplicate = pages('result-tvet-document-duplicate.pdf');
    expect(duplicate.kk).toContain('ТЕЛНҰСҚАНЫҢ БЕРІЛГЕНІ ТУРАЛЫ ХАТ');
    expect(duplicate.kk).toContain('Марат Оспановтың атына');
    expect(duplicate.ru).toContain('выданного на имя Марата Оспанова');
  });
});

describe("seed 004's portal notices", () => {
  it('S4: the contract is ready to be concluded, at the address the specialist gave; the head signs it, the carer does not', () => {
    const { kk, ru } = pages('notice-foster-care-placement-portal.pdf');
    expect(kk).toContain('Баланы (балаларды) патронаттық тәрбиеге беру туралы шарт жасау туралы хабарлама');
    expect(kk).toContain('Көрсетілетін қызметті алушы: Сәуле Жұмабекова.');
    expect(kk).toContain('Шарт жасау үшін мына мекенжай бойынша хабарласыңыз: Павлодар қаласы, Академик Сәтбаев көшесі, № 50 үй, 12-кабинет');
    expect(ru).toContain('Уведомление о заключении договора о передаче ребёнка (детей) на патронатное воспитание');
    expect(ru).toContain('Для заключения договора обратитесь по адресу: г. Павлодар, ул. Академика Сатпаева, д. 50, кабинет 12');
    expect(kk).toContain('Нұрлан Қасымов Бөлім басшысы');
    expect(kk).not.toContain('Патронат тәрбиеші');
    expect(kk).toMatch(/Бірегей нөмір: \S+ Тіркеу нөмірі: \S+ Жіберілген күні: \d\d\.\d\d\.\d{4}/);
  });

  it('S5: the conclusion is ready, without saying what it concludes', () => {
    const { kk, ru } = pages('notice-adoption-candidate-registration-portal.pdf');
    expect(kk).toContain('қорытындының дайындығы туралы хабарлама');
    expect(kk).toContain('бала асырап алуға тілек білдірген адам ретінде есепке қою туралы өтінішіңіз бойынша');
    expect(kk).toContain('Қорытындыны алу үшін мына мекенжай бойынша хабарласыңыз: Павлодар қаласы');
    expect(ru).toContain('о постановке на учёт в качестве лица, желающего усыновить ребёнка (детей)');
    expect(ru).toContain('Для получения заключения обратитесь по адресу: г. Павлодар');
    expect(kk).not.toContain('бола алады');
    expect(ru).not.toContain('может быть кандидатом');
  });

  it('is printed only for a portal application, and its address is the notice’s, not the result’s', () => {
    expect(pdfs().filter((f) => f.startsWith('notice-')).sort()).toEqual(['notice-adoption-candidate-registration-portal.pdf', 'notice-foster-care-placement-portal.pdf']);
    const contract = pages('result-foster-care-placement-portal.pdf');
    expect(contract.kk).toContain('Патронат тәрбиеші');
    expect(contract.kk).not.toContain('Сәтбаев');
    expect(contract.ru).not.toContain('Сатпаева');
  });

  it('is not printed for a result signed without the address it names (a case drafted before the service asked for it)', () => {
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaseEvent);
    const state = foldEvents(events.filter((e) => e.caseId === 'foster-care-placement-portal'))!;
    const ctx = { office: { id: 'demo-pavlodar-education', code: 'DEMO', names: { kk: 'Бөлім', ru: 'Отдел' } }, offsetMinutes: 300, catalog };
    expect(portalNoticePapers(state, ctx, ['kk', 'ru'])).toHaveLength(2);
    const { appearAt: _, ...facts } = state.seal!.payload!.facts;
    expect(portalNoticePapers({ ...state, seal: { ...state.seal!, payload: { ...state.seal!.payload!, facts } } }, ctx, ['kk', 'ru'])).toEqual([]);
  });
});

describe('the refusal procedure and the return to the centre (issue 24; APC art. 73, seed 003)', () => {
  const ctx = { office: { id: 'demo-pavlodar-education', code: 'DEMO', names: { kk: 'Павлодар қаласының білім беру бөлімі', ru: 'Отдел образования города Павлодара' } }, offsetMinutes: 300, catalog };
  const demoCase = (id: string): CaseState => foldEvents(readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaseEvent).filter((e) => e.caseId === id))!;
  /** Papers of our own making, as the office prints them. */
  const printed = async (name: string, papers: Paper[]) => {
    writeFileSync(join(dir, name), await renderPapers(papers, paperFonts()));
    return pages(name);
  };
  const refusal = () => demoCase('guardianship-certificate-refusal');
  /** The demo's day, as the papers write it: its notice, hearing and signature are all of it. */
  const day = () => refusal().refusalNotice!.hearingOn;
  const kkDay = (form: 'loc' | 'attr' | 'dat') => sentenceDate(day(), 'kk', form);

  it('the notice names the intended refusal, its grounds and reasons, the hearing’s day and place and the right to be heard, in the reasons’ language', async () => {
    const { kk, ru } = pages('hearing-notice-guardianship-certificate-refusal.pdf');
    const reg = refusal().regNumber;
    expect(kk).toContain('МЕМЛЕКЕТТІК ҚЫЗМЕТ КӨРСЕТУДЕН БАС ТАРТУ ТУРАЛЫ АЛДЫН АЛА ШЕШІМ ТУРАЛЫ ХАБАРЛАМА');
    // Addressed to the applicant in the dative, -ұлы taking its possessive -на.
    expect(kk).toContain('Бақыт Серікұлына');
    expect(kk).toContain(`Сіздің «Қорғаншылық және қамқоршылық жөнінде анықтама беру» мемлекеттік қызметін көрсету туралы ${kkDay('attr')} № ${reg} өтінішіңіз қаралды.`);
    expect(kk).toContain('Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабына сәйкес Сізге мемлекеттік қызмет көрсетуден бас тарту туралы алдын ала шешім туралы хабарлаймыз.');
    expect(kk).toContain('1. Ұсынылған құжаттардың немесе деректердің анық еместігі анықталды');
    expect(kk).toContain('№ 1234/5 шешім басқа адамға қатысты.');
    expect(kk).toMatch(/Тыңдау күні \d{4} ж\. \d+ \S+ Тыңдау өтетін орын Павлодар қаласының білім беру бөлімі/);
    expect(kk).toContain('Сіз тыңдауға келіп, алдын ала шешім бойынша өз ұстанымыңызды (қарсылығыңызды) білдіруге құқылысыз.');
    expect(kk).toContain('Жауапты орындаушы Гүлнар Өмірбекова Хабарламаны алдым Бақыт Серікұлы');
    expect(ru).toBe('');
    // Reasons written in Russian: the notice is Russian, the name in the dative by petrovich.
    const state = refusal();
    const russian = await printed('notice-ru.pdf', refusalNoticePapers({ ...state, refusalNotice: { ...state.refusalNotice!, reasons: 'Решение акима № 1234/5 касается другого лица.' } }, ctx));
    expect(russian.kk).toBe('');
    expect(russian.ru).toContain('УВЕДОМЛЕНИЕ О ПРЕДВАРИТЕЛЬНОМ РЕШЕНИИ ОБ ОТКАЗЕ В ОКАЗАНИИ ГОСУДАРСТВЕННОЙ УСЛУГИ');
    expect(russian.ru).toContain('Бақыту Серікұлы');
    expect(russian.ru).toContain(`Ваше заявление от ${sentenceDate(day(), 'ru')} № ${state.regNumber} об оказании государственной услуги «Выдача справок по опеке и попечительству»`);
    expect(russian.ru).toContain('В соответствии со статьёй 73 Административного процедурно-процессуального кодекса Республики Казахстан уведомляем Вас о предварительном решении об отказе');
    expect(russian.ru).toContain('Место заслушивания Отдел образования города Павлодара');
    expect(russian.ru).toContain('Вы вправе явиться на заслушивание и выразить свою позицию (возражение) по предварительному решению.');
    expect(refusalNoticePapers({ ...state, refusalNotice: undefined }, ctx)).toEqual([]);
  });

  it('the protocol records who heard whom, when, where, on which notice, whether they came and what they said', async () => {
    const { kk, ru } = pages('hearing-protocol-guardianship-certificate-refusal.pdf');
    expect(kk).toContain(`ТЫҢДАУ ХАТТАМАСЫ № ${refusal().regNumber}`);
    expect(kk).toMatch(/Жасалған күні: \d{4} ж\. \d+ /);
    expect(kk).toContain('Өткізілген орны Павлодар қаласының білім беру бөлімі (Kense оқу деректері)');
    expect(kk).toContain('Тыңдауды өткізген Гүлнар Өмірбекова, жауапты орындаушы');
    expect(kk).toContain('Көрсетілетін қызметті алушы Бақыт Серікұлы');
    expect(kk).toMatch(/Алдын ала шешім туралы хабарланған күні \d{4} ж\. /);
    expect(kk).toContain('Тыңдауға келуі Келді');
    expect(kk).toContain('Көрсетілетін қызметті алушының ұстанымы: Шешімнің көшірмесін кейін әкелемін.');
    // The applicant who came signs it too; their words are Kazakh, so there is no Russian page.
    expect(kk).toMatch(/Тыңдауды өткізген .*Гүлнар Өмірбекова.* Бақыт Серікұлы $/);
    expect(kk.match(/Бақыт Серікұлы/g)).toHaveLength(2);
    expect(ru).toBe('');
    // One who did not come: both languages, nothing they said, no line for them to sign.
    const state = refusal();
    const absent = await printed('protocol-absent.pdf', hearingProtocolPapers({ ...state, hearing: { ...state.hearing!, attended: false, statement: '' } }, ctx, ['kk', 'ru']));
    expect(absent.kk).toContain('Тыңдауға келуі Келмеді');
    expect(absent.kk).toContain('Көрсетілетін қызметті алушы тыңдауға келмеді, өз ұстанымын ұсынған жоқ.');
    expect(absent.ru).toContain('ПРОТОКОЛ ЗАСЛУШИВАНИЯ');
    expect(absent.ru).toContain('Явка услугополучателя Не явился(-ась)');
    expect(absent.ru).toContain('Услугополучатель на заслушивание не явился(-ась), позицию не представил(а).');
    expect(absent.ru).not.toContain('Услугополучатель ________');
    expect(absent.kk.match(/Бақыт Серікұлы/g)).toHaveLength(1);
    expect(hearingProtocolPapers({ ...state, hearing: undefined }, ctx, ['kk'])).toEqual([]);
  });

  it('the refusal cites the notice and the hearing its seal certifies, and the appeal line the seeds give or the catalog’s', async () => {
    const state = refusal();
    const { kk } = pages('refusal-guardianship-certificate-refusal.pdf');
    expect(state.seal!.payload!.facts).toMatchObject({ noticedAt: expect.any(String), hearingOn: day(), heardOn: day(), hearing: 'attended' });
    expect(kk).toContain(`Сізге ${kkDay('loc')} бас тарту туралы алдын ала шешім және тыңдау туралы хабарланды (Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабы).`);
    expect(kk).toContain(`${kkDay('attr')} тыңдауда айтқан ұстанымыңыз тыңдау хаттамасына енгізіліп, қаралды.`);
    // Seed 002 item 10: the provider's and its officials' decisions, actions (inaction), by the Standard.
    expect(kk).toContain('көрсетілетін қызметті берушінің және (немесе) оның лауазымды адамдарының мемлекеттік қызмет көрсету мәселелері бойынша әрекеттеріне (әрекетсіздігіне) мемлекеттік көрсетілетін қызмет стандартында белгіленген тәртіппен шағым жасалуы мүмкін.');
    // A hearing the applicant missed, in a Russian letter; the appeal line as the office wrote it in the catalog.
    const payload = state.seal!.payload!;
    const missed = { ...state, seal: { ...state.seal!, payload: { ...payload, facts: { ...payload.facts, reasons: 'Решение акима касается другого лица.', hearing: 'absent' } } } };
    const service = catalog.get(state.serviceId)!;
    const appeal = { kk: 'Шағым: бөлім басшысына.', ru: 'Жалоба подаётся руководителю отдела в течение срока, установленного стандартом.' };
    const withAppeal = { ...ctx, catalog: new Map([...catalog, [service.id, { ...service, appeal }]]) };
    const { ru } = await printed('refusal-absent.pdf', resultPapers(missed, withAppeal, ['kk', 'ru']));
    expect(ru).toContain('Вы были уведомлены о предварительном решении об отказе и о заслушивании (статья 73 Административного процедурно-процессуального кодекса Республики Казахстан).');
    expect(ru).toContain(`На заслушивание, назначенное на ${sentenceDate(day(), 'ru')}, Вы не явились; решение принято по имеющимся документам.`);
    expect(ru).toContain(appeal.ru);
    expect(ru).not.toContain('в порядке, установленном стандартом государственной услуги');
    // A refusal signed before its seal carried the hearing says nothing of it.
    const { noticedAt: _n, hearingOn: _h, heardOn: _d, hearing: _a, ...older } = payload.facts;
    const old = await printed('refusal-older.pdf', resultPapers({ ...state, seal: { ...state.seal!, payload: { ...payload, facts: older } } }, ctx, ['kk']));
    expect(old.kk).not.toContain('тыңдау туралы хабарланды');
    expect(old.kk).toContain('шағым жасалуы мүмкін');
  });

  it('the return letter sends the package to its centre with the reasons, signed by whoever returned it', async () => {
    const { kk, ru } = pages('return-letter-package-returned.pdf');
    const state = demoCase('package-returned');
    expect(kk).toContain(`ҚҰЖАТТАР ТОПТАМАСЫН ҚАЙТАРУ ТУРАЛЫ ХАТ № ${state.regNumber}`);
    expect(kk).toContain('Халыққа қызмет көрсету орталығына Павлодар қаласындағы № 1 халыққа қызмет көрсету орталығы');
    // Seed 003: «қайтару себептерін негіздеумен орталыққа қайтарады».
    expect(kk).toContain('Құжаттар топтамасы қайтару себептерінің негіздемесімен орталыққа қайтарылады.');
    expect(kk).toContain('Көрсетілетін қызметті алушы Гүлмира Ахметова');
    expect(kk).toMatch(/Орталықта қабылданған уақыты \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    expect(kk).toContain('Қайтару себептері: Жылжымайтын мүлікке құқық белгілейтін құжаттың көшірмесі оқылмайды;');
    expect(kk).toContain('Көрсетілетін қызметті алушыға қайтару себептерін хабарлауыңызды сұраймыз.');
    expect(kk).toMatch(/Кеңсе қызметкері .*Әйгерім Сәрсенова/);
    expect(ru).toBe('');
    // The head returned the registered one, at its visa: the head's title signs it.
    expect(pages('return-letter-returned-to-centre.pdf').kk).toMatch(/Аудандық, қалалық білім бөлімінің бастығы .*Нұрлан Қасымов/);
    const russian = await printed('return-ru.pdf', returnLetterPapers({ ...state, returnedToCentre: { ...state.returnedToCentre!, reasons: 'Копия правоустанавливающего документа не читается.' } }, ctx));
    expect(russian.ru).toContain('ПИСЬМО О ВОЗВРАТЕ ПАКЕТА ДОКУМЕНТОВ');
    expect(russian.ru).toContain('Центру обслуживания населения ПИСЬМО');
    expect(russian.ru).not.toMatch(/[ӘәҒғҚқҢңӨөҰұҮүҺһІі].*ПИСЬМО/);
    expect(russian.ru).toContain('Пакет документов возвращается в центр с обоснованием причин возврата.');
    expect(russian.ru).toContain('Причины возврата: Копия правоустанавливающего документа не читается.');
    expect(russian.ru).toMatch(/Работник канцелярии .*Әйгерім Сәрсенова/);
    expect(returnLetterPapers(refusal(), ctx)).toEqual([]);
  });

  it('leaves out of the incoming journal a package returned to its centre that the office never registered', () => {
    const returned = demoCase('package-returned');
    const registered = demoCase('returned-to-centre');
    const on = day();
    expect(returned.stage).toBe('closed');
    expect(inJournal(returned, 'incoming', on, on, 300)).toBe(false);
    expect(inJournal(registered, 'incoming', on, on, 300)).toBe(true);
    const journal = tool('pdftotext', [join(dir, 'journal-incoming.pdf'), '-']);
    expect(journal).not.toContain('Ахметова');
    expect(journal).toContain(registered.applicant.name.split(' ')[0]);
  });
});

describe('kense demo', () => {
  it('prints every paper: results of all services and S2 variants, a refusal, receipts, the courier act and both journals', () => {
    const files = pdfs();
    for (const id of catalog.keys()) expect(files).toContain(`result-${id}.pdf`);
    expect(files).toEqual(
      expect.arrayContaining([
        'result-minors-deposits-certificate-bank.pdf',
        'result-minors-deposits-certificate-vehicle.pdf',
        'refusal-guardianship-certificate-refusal.pdf',
        'receipt-returned-to-centre.pdf',
        'hearing-notice-guardianship-certificate-refusal.pdf',
        'hearing-protocol-guardianship-certificate-refusal.pdf',
        'return-letter-returned-to-centre.pdf',
        'return-letter-package-returned.pdf',
        'courier-act.pdf',
        'journal-incoming.pdf',
        'journal-outgoing.pdf',
      ]),
    );
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.resultSigned', 'case.heard', 'case.returnedToCentre', 'case.handedOver']));
  });

  it('writes PDFs that poppler opens, with every font embedded and the Kazakh text intact', () => {
    for (const file of pdfs()) {
      const path = join(dir, file);
      expect(tool('pdftoppm', ['-r', '20', '-png', '-f', '1', '-l', '1', path, join(dir, 'page')])).toBe('');
      const fonts = tool('pdffonts', [path]).trim().split('\n').slice(2);
      expect(fonts.length, file).toBeGreaterThan(0);
      for (const font of fonts) expect(font, `${file}: ${font}`).toMatch(/\s+yes\s+\S+\s+yes\s+/);
      expect(tool('pdftotext', [path, '-']), file).toMatch(/[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/);
    }
    const certificate = tool('pdftotext', [join(dir, 'result-guardianship-certificate.pdf'), '-']).replace(/\s+/g, ' ');
    expect(certificate).toContain('АНЫҚТАМА');
    expect(certificate).toContain('Әлихан Жұмабеков');
    expect(certificate).toContain('СПРАВКА');
    // The receipt records the applicant's consent to processing their personal data, and for what.
    const receipt = tool('pdftotext', [join(dir, 'receipt-guardianship-certificate.pdf'), '-']).replace(/\s+/g, ' ');
    expect(receipt).toMatch(/дербес деректерін «.+» мемлекеттік қызметін көрсету мақсатында жинауға және өңдеуге келісім берді/);
  });

  it('puts a QR code on every signed paper that zbarimg reads and kense verify accepts', async () => {
    for (const file of sealed()) {
      const png = join(dir, `qr-${file}`);
      // 200 dpi: what an office scanner gives.
      execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, file), png]);
      const text = tool('zbarimg', ['-q', '--raw', '-Sbinary', `${png}.png`]).trim();
      expect(text, file).toBe(await sealTextOfPdf(readFileSync(join(dir, file))));
      expect(await verify(text, '--trust', join(dir, 'trust.json')), file).toMatchObject({ code: 0, text: expect.stringMatching(/VALID$/) });
      expect((await verify(join(dir, file), '--trust', join(dir, 'trust.json'))).code, file).toBe(0);
    }
    // The picture itself, as a phone or scanner would give it.
    const picture = await verify(join(dir, 'qr-result-guardianship-certificate.pdf.png'), '--trust', join(dir, 'trust.json'));
    expect(picture.code).toBe(0);
    expect(picture.text).toContain('issued to:   Сәуле Жұмабекова');
    expect(picture.text).toContain('Әлихан Жұмабеков');
  });

  it('puts on the receipt a QR code that holds only the registration number, for the status lookup', async () => {
    const file = join(dir, 'receipt-guardianship-certificate.pdf');
    const png = join(dir, 'qr-receipt');
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', file, png]);
    const text = tool('zbarimg', ['-q', '--raw', `${png}.png`]).trim();
    expect(text).toMatch(/^[A-Z0-9]+-2026-[A-Z0-9]+-\d{5}$/);
    expect(tool('pdftotext', [file, '-'])).toContain(text);
    expect(await qrTextOfPdf(readFileSync(file))).toBe(text);
  });

  it('refuses a payload with one character changed, and a seal no trusted office signed', async () => {
    const text = (await sealTextOfPdf(readFileSync(join(dir, 'result-guardianship-certificate.pdf'))))!;
    const changed = text.replace('Әлихан', 'Әлихам');
    expect(changed).not.toBe(text);
    expect(await verify(changed, '--trust', join(dir, 'trust.json'))).toMatchObject({ code: 1, text: expect.stringContaining('INVALID: bad signature') });
    expect(await verify(text)).toMatchObject({ code: 1, text: expect.stringContaining('INVALID: unknown key') });
    expect(await verify('KENSE1.abc.def.{}')).toMatchObject({ code: 1, text: expect.stringContaining('INVALID: malformed') });
    expect(await verify(join(dir, 'receipt-guardianship-certificate.pdf'))).toMatchObject({ code: 1, text: expect.stringContaining('without a Kense seal') });
    expect(await verify()).toMatchObject({ code: 2 });
  });
});

describe('papers', () => {
  const fonts = paperFonts();
  const paper = (text: string): Paper => ({ title: 'T', office: 'Бөлім', header: [], blocks: [{ kind: 'paragraph', text }], footer: [] });

  it('of thousands of rows tell how far they are, and stop when asked, between two batches of rows', async () => {
    const journal: Paper = { title: 'J', office: 'Бөлім', header: [], blocks: [{ kind: 'table', columns: [{ title: '№', width: 1 }, { title: 'Өтініш', width: 5 }], rows: Array.from({ length: 1000 }, (_, i) => [String(i + 1), `PVL-2026-K1-${i}`]) }], footer: [] };
    const seen: [number, number][] = [];
    const bytes = await renderPapers([journal], fonts, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[200, 1000], [400, 1000], [600, 1000], [800, 1000], [1000, 1000], [1000, 1000]]);
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const stop = new AbortController();
    const stopped = renderPapers([journal], fonts, { signal: stop.signal, onProgress: (done) => done >= 400 && stop.abort() });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('of many results tell how many papers are drawn, and stop between two papers when asked', async () => {
    const seen: [number, number][] = [];
    await renderPapers([paper('Бір'), paper('Екі'), paper('Үш')], fonts, { onPaper: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
    const stop = new AbortController();
    const drawn: number[] = [];
    const stopped = renderPapers([paper('Бір'), paper('Екі'), paper('Үш')], fonts, { signal: stop.signal, onPaper: (done) => (drawn.push(done), stop.abort()) });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(drawn).toEqual([1]);
  });

  it('are the same bytes for the same data', async () => {
    const one = await renderPapers([paper('Қорғаншылық')], fonts);
    const two = await renderPapers([paper('Қорғаншылық')], fonts);
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it('wrap long text within the margins, cutting a word longer than the line', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const font = embedPaperFace(await PDFDocument.create(), fonts.regular);
    const lines = wrap(`${'Қазақстан '.repeat(30)}${'Ә'.repeat(80)}`, font, 11, 200);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(200);
    expect(lines.join('').replace(/\s/g, '')).toBe(`${'Қазақстан'.repeat(30)}${'Ә'.repeat(80)}`);
  });

  it('flow onto a second page, and every word survives', async () => {
    const words = Array.from({ length: 900 }, (_, i) => `сөз${i}`);
    const file = join(mkdtempSync(join(tmpdir(), 'kense-paper-')), 'long.pdf');
    writeFileSync(file, await renderPapers([paper(words.join(' '))], fonts));
    const text = tool('pdftotext', [file, '-']);
    expect(tool('pdfinfo', [file])).toMatch(/Pages:\s+2/);
    for (const w of words) expect(text).toContain(w);
  });
});

describe('the draft before signing (issue 24)', () => {
  const ctx = { office: { id: 'demo-pavlodar-education', code: 'DEMO', names: { kk: 'Павлодар қаласының білім бөлімі', ru: 'Отдел образования города Павлодара' } }, offsetMinutes: 300, catalog };
  const text = async (papers: Paper[]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kense-draft-')), 'p.pdf');
    writeFileSync(file, await renderPapers(papers, paperFonts()));
    return tool('pdftotext', [file, '-']).replace(/\s+/g, ' ');
  };

  it('prints what the signed paper will say, marked as a draft, with no unique number and no QR code', async () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    d.run({ type: 'visa', caseId: 'case-1', resolution: 'Орындалсын', specialistId: 'u-spec' }, 'u-head');
    d.run({ type: 'review', caseId: 'case-1', documentChecks: allChecked, draft: resultDraft }, 'u-spec');
    const at = '2026-11-24T05:30:00.000Z';
    const draft = draftPapers(d.state!, ctx, ['kk', 'ru'], { at, signer: 'Бөлім басшысы', validUntil: validUntilOf(d.state!, catalog.get('guardianship-certificate')!, at, ctx) });
    expect(draft.map((p) => p.seal)).toEqual([undefined, undefined]);
    const preview = await text(draft);
    expect(preview).toContain('ЖОБА — ҚОЛ ҚОЙЫЛМАҒАН');
    expect(preview).toContain('ПРОЕКТ — НЕ ПОДПИСАН');
    expect(preview).not.toMatch(/Бірегей нөмір|Уникальный номер/);
    d.run({ type: 'sign', caseId: 'case-1', seal: await sealFor(d.state!) }, 'u-head');
    const signed = await text(resultPapers(d.state!, ctx, ['kk', 'ru']));
    // Every sentence of the signed body was in the draft.
    const body = (pdf: string) => pdf.slice(pdf.indexOf('Осы анықтама'), pdf.indexOf('Аудандық, қалалық білім бөлімінің бастығы'));
    expect(body(signed).length).toBeGreaterThan(200);
    expect(body(preview)).toBe(body(signed));
  });
});

describe('the notice of withdrawal at the applicant’s request (issue 24)', () => {
  const ctx = { office: { id: 'demo-pavlodar-education', code: 'DEMO', names: { kk: 'Павлодар қаласының білім бөлімі', ru: 'Отдел образования города Павлодара' } }, offsetMinutes: 300, catalog };

  it('says in Kazakh and Russian what was withdrawn, on whose request of which day, signed by the clerk', async () => {
    const d = device();
    d.run(intakeCommand, 'u-clerk');
    expect(withdrawalPapers(d.state!, ctx, ['kk', 'ru'])).toEqual([]);
    d.run({ type: 'withdraw', caseId: 'case-1', reason: 'Өтінішті басқа ауданға беремін', requestedOn: '2026-11-24' }, 'u-clerk');
    const file = join(mkdtempSync(join(tmpdir(), 'kense-withdrawal-')), 'withdrawal.pdf');
    writeFileSync(file, await renderPapers(withdrawalPapers(d.state!, ctx, ['kk', 'ru']), paperFonts()));
    const text = tool('pdftotext', [file, '-']).replace(/\s+/g, ' ');
    const reg = d.state!.regNumber;
    expect(text).toContain(`ӨТІНІШТІ КЕРІ ҚАЙТАРЫП АЛУ ТУРАЛЫ ХАБАРЛАМА № ${reg}`);
    expect(text).toContain('Сәуле Жұмабекованың 2026 жылғы 24 қарашадағы жазбаша өтініші бойынша');
    expect(text).toContain('Өтінішті басқа ауданға беремін');
    expect(text).toMatch(/Кеңсе қызметкері .*Әйгерім Сәрсенова/);
    expect(text).toContain(`УВЕДОМЛЕНИЕ ОБ ОТЗЫВЕ ЗАЯВЛЕНИЯ № ${reg}`);
    expect(text).toContain('По письменному заявлению Сәуле Жұмабековой от 24 ноября 2026 года рассмотрение');
    expect(text).toContain('Подлинники принятых документов возвращены услугополучателю.');
    expect(text).toMatch(/Уведомление получил\(а\) .*Сәуле Жұмабекова/);
  });
});
