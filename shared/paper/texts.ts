import type { Service } from '../catalog';
import type { ResultKind } from '../seal';

/** The languages a paper is printed in: the office chooses Kazakh, Russian, or both, per document. */
export const PAPER_LANGUAGES = ['kk', 'ru'] as const;
export type PaperLanguage = (typeof PAPER_LANGUAGES)[number];

type Texts = {
  titles: Record<ResultKind | 'receipt' | 'courierAct' | 'incomingJournal' | 'outgoingJournal' | 'tripReport' | 'refusalNotice' | 'hearingProtocol' | 'returnLetter' | 'withdrawal', string>;
  /** The heading above the office on a result (seed 003's road-police form: «Республика Казахстан»). */
  country: string;
  position: Record<Service['providerKind'], string>;
  regNumber: string;
  /** Seed 003's electronic header: the document's unique number and the day the application was filed. */
  uniqueNumber: string;
  submittedOn: string;
  issuedOn: string;
  registeredAt: string;
  qrCaption: (office: string) => string;
  /**
   * What the seal is and is not. Kense's key is not an NCA RK signature, so the paper does not
   * claim Law 370-II's equivalence: it is valid with the head's hand and the office's seal.
   */
  sealNote: string;
  signedDigitally: (when: string, keyId: string) => string;
  notSignedDigitally: string;
  /** A draft shown before signing: what marks it, and the note that it is no document yet. */
  draft: { mark: string; note: string };
  /** The head's NCA RK signature, as its certificate names them; printed only where there is one. */
  ncaSigned: (signer: { name: string; iin: string; serial: string; issuer: string }, when: string) => string;
  /** Seed 003's footer of an electronic result (Law 370-II art. 7 p. 1): true only of a paper with an NCA RK signature. */
  equivalence: string;
  /** Where the NCA RK signature travels and how it is checked. */
  ncaNote: string;
  /** Seeds 003 app. 4: «Анықтама берілген күннен бастап 1 (бір) ай ішінде жарамды», then the last day by the rule. */
  validity: (document: string, amount: number, unit: 'months' | 'calendarDays', lastDay: string) => string;
  /** The subject of the validity sentence as the seed names the document (in Russian with its predicate, which agrees with it). */
  documentNoun: Partial<Record<ResultKind, string>>;
  sealPlace: string;
  to: string;
  service: string;
  refusalIntro: (to: string, service: string) => string;
  grounds: string;
  reasons: string;
  /**
   * The refusal's appeal line where the catalog gives none: seed 002 item 10's sentence, which
   * leaves the body and the time to the Standard's section 3 (the catalog's `appeal`).
   */
  appeal: string;
  /** On the refusal: when the applicant was told of it and what came of the hearing (APC art. 73). Dates in the sentence's form. */
  refusalHeard: (dates: { noticedOn: string; heardOn: string; hearingOn: string }, attended: boolean) => string;
  /** Who signs the papers a person at a stage writes: the head's title is `position`. */
  staffPosition: { clerk: string; specialist: string };
  /** The notice of the intended refusal (APC art. 73): what is intended, why, when and where the applicant is heard. */
  refusalNotice: {
    intro: (service: string, appliedOn: string, regNumber: string) => string;
    hearingOn: string;
    place: string;
    right: string;
    received: string;
  };
  /** The record of the hearing: who heard whom, when, whether they came, what they said. */
  hearingProtocol: {
    intro: string;
    drawnUpOn: string;
    heardOn: string;
    place: string;
    heardBy: string;
    application: string;
    noticedOn: string;
    hearingOn: string;
    attendance: string;
    attended: (came: boolean) => string;
    grounds: string;
    statement: string;
    noStatement: string;
    applicantSigns: string;
  };
  /** The letter that sends a defective package back to its centre with its reasons (seed 003: within three working days). */
  returnLetter: {
    to: Record<'service-centre' | 'mobile-centre', string>;
    intro: string;
    takenAt: string;
    returnedAt: string;
    reasons: string;
    tellApplicant: string;
    received: string;
  };
  receipt: {
    intro: (to: string) => string;
    /** Documents filed by a representative: `applicant` in the genitive. */
    representedIntro: (representative: string, applicant: string) => string;
    consent: (by: string, purpose: string) => string;
    applicant: string;
    representative: string;
    channel: string;
    documents: string;
    readyOn: string;
    accepted: string;
    handedTo: string;
    /** Under the receipt's QR code, which holds only the registration number. */
    statusQr: string;
  };
  /** The application for signature (seed 000 app. 3; 003's S2 and S3 forms). */
  application: {
    title: string;
    to: (office: string) => string;
    livingAt: (address: string) => string;
    phone: (phone: string) => string;
    children: string;
    consent: string;
    signature: string;
    /** A person's details, then their signature. */
    about: (label: string) => string;
    byHand: string;
    date: string;
  };
  courierAct: {
    intro: (courier: string, date: string) => string;
    handedOver: string;
    received: string;
    total: (n: number) => string;
  };
  /** `by`: who a result went to, when not the applicant in person; `representedBy`: who filed for the applicant. */
  journal: { period: (from: string, to: string) => string; none: string; by: Record<'representative' | 'courier', string>; representedBy: (name: string) => string };
  tripReport: {
    intro: (crew: string, from: string, to: string) => string;
    settlement: string;
    days: string;
    taken: string;
    handedOver: string;
    toDeliver: string;
    offPlan: string;
    total: string;
    what: string;
    tookOn: (when: string) => string;
    gaveOn: (when: string) => string;
    crew: string;
  };
  columns: {
    n: string;
    regNumber: string;
    registered: string;
    applicant: string;
    service: string;
    channel: string;
    dueOn: string;
    specialist: string;
    outcome: string;
    signed: string;
    document: string;
    validUntil: string;
    handedOver: string;
  };
  outcome: Record<'open' | 'result' | 'refusal' | 'returnedToCentre' | 'withdrawn', string>;
  /** The notice that the application was withdrawn at the applicant's request: no form in the seeds, so the office's own wording. */
  withdrawal: {
    intro: (applicant: string, requestedOn: string) => string;
    requestedOn: string;
    withdrawnAt: string;
    reason: string;
    returnDocuments: string;
    clerk: string;
    received: string;
  };
  channels: Record<string, string>;
  parts: { house: string; apartment: string; born: string; birthCertificate: string; yes: string; no: string };
};

const KK_NUMBERS: Record<number, string> = { 1: 'бір', 2: 'екі', 3: 'үш', 4: 'төрт', 5: 'бес', 6: 'алты', 7: 'жеті', 8: 'сегіз', 9: 'тоғыз', 10: 'он', 11: 'он бір', 12: 'он екі' };
const RU_GENITIVE_NUMBERS: Record<number, string> = { 1: 'одного', 2: 'двух', 3: 'трёх', 4: 'четырёх', 5: 'пяти', 6: 'шести', 7: 'семи', 8: 'восьми', 9: 'девяти', 10: 'десяти', 11: 'одиннадцати', 12: 'двенадцати' };

export const PAPER_TEXTS: Record<PaperLanguage, Texts> = {
  kk: {
    titles: {
      certificate: 'АНЫҚТАМА',
      referral: 'ЖОЛДАМА',
      duplicate: 'ТЕЛНҰСҚАНЫҢ БЕРІЛГЕНІ ТУРАЛЫ ХАТ',
      contract: 'БАЛАНЫ (БАЛАЛАРДЫ) ПАТРОНАТТЫҚ ТӘРБИЕГЕ БЕРУ ТУРАЛЫ ШАРТ',
      conclusion: 'ҚОРЫТЫНДЫ',
      refusal: 'МЕМЛЕКЕТТІК ҚЫЗМЕТ КӨРСЕТУДЕН ДӘЛЕЛДІ БАС ТАРТУ',
      receipt: 'ҚОЛХАТ',
      courierAct: 'НӘТИЖЕЛЕРДІ КУРЬЕРГЕ БЕРУ АКТІСІ',
      incomingJournal: 'КІРІС ҚҰЖАТТАРЫН ТІРКЕУ ЖУРНАЛЫ',
      outgoingJournal: 'ШЫҒЫС ҚҰЖАТТАРЫН ТІРКЕУ ЖУРНАЛЫ',
      tripReport: 'МОБИЛЬДІ ТОПТЫҢ САПАРЫ ТУРАЛЫ ЕСЕП',
      refusalNotice: 'МЕМЛЕКЕТТІК ҚЫЗМЕТ КӨРСЕТУДЕН БАС ТАРТУ ТУРАЛЫ АЛДЫН АЛА ШЕШІМ ТУРАЛЫ ХАБАРЛАМА',
      hearingProtocol: 'ТЫҢДАУ ХАТТАМАСЫ',
      returnLetter: 'ҚҰЖАТТАР ТОПТАМАСЫН ҚАЙТАРУ ТУРАЛЫ ХАТ',
      withdrawal: 'ӨТІНІШТІ КЕРІ ҚАЙТАРЫП АЛУ ТУРАЛЫ ХАБАРЛАМА',
    },
    country: 'ҚАЗАҚСТАН РЕСПУБЛИКАСЫ',
    position: {
      'district-education-department': 'Аудандық, қалалық білім бөлімінің бастығы',
      'local-executive-body': 'Бөлім басшысы',
      'tvet-organisation': 'Директор',
    },
    regNumber: 'Тіркеу нөмірі',
    uniqueNumber: 'Бірегей нөмір',
    submittedOn: 'Жіберілген күні',
    issuedOn: 'Берілген күні',
    registeredAt: 'Тіркелген уақыты',
    qrCaption: (office) =>
      `QR-кодта «${office}» басшысының Kense кілтімен қол қойылған деректер бар. Кез келген адам оларды желісіз тексере алады: «kense verify» командасымен немесе Kense бағдарламасының «Тексеру» терезесінде.`,
    sealNote:
      'QR-код осы деректерге тіркелген кілтпен қол қойылғанын және мәтін содан бері өзгермегенін дәлелдейді. Бұл кілт ҰКО-ның электрондық цифрлық қолтаңбасы емес: құжат басшының қолымен және мөрмен жарамды.',
    signedDigitally: (when, keyId) => `Kense кілтімен қол қойылды: ${when}, кілт ${keyId}`,
    notSignedDigitally: 'Басшы бекітті; кілтпен қол қойылмаған (Kense 0.1).',
    draft: {
      mark: 'ЖОБА — ҚОЛ ҚОЙЫЛМАҒАН',
      note: 'Бұл — қол қойылғанға дейінгі жоба, оның заңдық күші жоқ. Қол қойылған құжатта бірегей нөмір мен QR код болады.',
    },
    ncaSigned: (s, when) => `ҰКО ЭЦҚ-мен қол қойылды: ${s.name}, ЖСН ${s.iin}, сертификат № ${s.serial} (${s.issuer}), ${when}`,
    equivalence:
      'Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы» 2003 жылғы 7 қаңтардағы № 370-II Қазақстан Республикасы Заңының 7-бабының 1-тармағына сәйкес қағаз тасығыштағы құжатқа тең.',
    ncaNote:
      'ҰКО ЭЦҚ (CMS) осы PDF файлына тіркелген, қол қойылған деректермен бірге: оны «kense verify» командасы немесе ҰКО құралдары тексереді. QR-кодта басшының Kense кілтімен қойылған қолтаңбасы бар.',
    validity: (document, amount, unit, lastDay) =>
      `${document} берілген күннен бастап ${amount} (${KK_NUMBERS[amount] ?? amount}) ${unit === 'months' ? 'ай' : 'күнтізбелік күн'} ішінде жарамды (${lastDay} қоса алғанда).`,
    documentNoun: { certificate: 'Анықтама', referral: 'Жолдама', conclusion: 'Қорытынды' },
    sealPlace: 'М.О.',
    to: 'Кімге берілді',
    service: 'Мемлекеттік қызмет',
    refusalIntro: (to, service) => `${to}, Сіздің «${service}» мемлекеттік қызметін көрсету туралы өтінішіңіз қаралды. Мемлекеттік қызмет көрсетуден мына негіздер бойынша бас тартылады.`,
    grounds: 'Бас тарту негіздері',
    reasons: 'Дәлелдері',
    appeal:
      'Осы шешімге, сондай-ақ көрсетілетін қызметті берушінің және (немесе) оның лауазымды адамдарының мемлекеттік қызмет көрсету мәселелері бойынша әрекеттеріне (әрекетсіздігіне) мемлекеттік көрсетілетін қызмет стандартында белгіленген тәртіппен шағым жасалуы мүмкін.',
    refusalHeard: ({ noticedOn, heardOn, hearingOn }, attended) =>
      `Сізге ${noticedOn} бас тарту туралы алдын ала шешім және тыңдау туралы хабарланды (Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабы). ` +
      (attended ? `${heardOn} тыңдауда айтқан ұстанымыңыз тыңдау хаттамасына енгізіліп, қаралды.` : `${hearingOn} тағайындалған тыңдауға Сіз келмедіңіз; шешім қолда бар құжаттар бойынша қабылданды.`),
    staffPosition: { clerk: 'Кеңсе қызметкері', specialist: 'Жауапты орындаушы' },
    refusalNotice: {
      intro: (service, appliedOn, regNumber) =>
        `Сіздің «${service}» мемлекеттік қызметін көрсету туралы ${appliedOn} № ${regNumber} өтінішіңіз қаралды. Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабына сәйкес Сізге мемлекеттік қызмет көрсетуден бас тарту туралы алдын ала шешім туралы хабарлаймыз.`,
      hearingOn: 'Тыңдау күні',
      place: 'Тыңдау өтетін орын',
      right: 'Сіз тыңдауға келіп, алдын ала шешім бойынша өз ұстанымыңызды (қарсылығыңызды) білдіруге құқылысыз. Тыңдауға келмеген жағдайда шешім қолда бар құжаттар бойынша қабылданады.',
      received: 'Хабарламаны алдым',
    },
    hearingProtocol: {
      intro: 'Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабына сәйкес мемлекеттік қызмет көрсетуден бас тарту туралы алдын ала шешім бойынша тыңдау өткізілді.',
      drawnUpOn: 'Жасалған күні',
      heardOn: 'Тыңдау күні',
      place: 'Өткізілген орны',
      heardBy: 'Тыңдауды өткізген',
      application: 'Өтініш',
      noticedOn: 'Алдын ала шешім туралы хабарланған күні',
      hearingOn: 'Тыңдауға белгіленген күн',
      attendance: 'Тыңдауға келуі',
      attended: (came) => (came ? 'Келді' : 'Келмеді'),
      grounds: 'Алдын ала шешімнің негіздері',
      statement: 'Көрсетілетін қызметті алушының ұстанымы',
      noStatement: 'Көрсетілетін қызметті алушы тыңдауға келмеді, өз ұстанымын ұсынған жоқ.',
      applicantSigns: 'Көрсетілетін қызметті алушы',
    },
    returnLetter: {
      to: { 'service-centre': 'Халыққа қызмет көрсету орталығына', 'mobile-centre': 'Мобильдік орталыққа' },
      intro: 'Орталықтан түскен төмендегі құжаттар топтамасын ресімдеуде қателер анықталды. Құжаттар топтамасы қайтару себептерінің негіздемесімен орталыққа қайтарылады.',
      takenAt: 'Орталықта қабылданған уақыты',
      returnedAt: 'Қайтарылған уақыты',
      reasons: 'Қайтару себептері',
      tellApplicant: 'Көрсетілетін қызметті алушыға қайтару себептерін хабарлауыңызды сұраймыз.',
      received: 'Құжаттар топтамасын қабылдап алған орталық қызметкері',
    },
    receipt: {
      intro: (to) => `${to} азаматтан (азаматшадан) өтініш пен төмендегі құжаттар қабылданды.`,
      representedIntro: (representative, applicant) => `${applicant} атынан сенімхат бойынша әрекет ететін ${representative} азаматтан (азаматшадан) өтініш пен төмендегі құжаттар қабылданды.`,
      consent: (by, purpose) => `${by} дербес деректерін ${purpose} мақсатында жинауға және өңдеуге келісім берді (ҚР «Дербес деректер және оларды қорғау туралы» Заңы, 7-бап).`,
      applicant: 'Көрсетілетін қызметті алушы',
      representative: 'Өкілі (нотариат куәландырған сенімхат)',
      channel: 'Қабылдау арнасы',
      documents: 'Қабылданған құжаттар',
      readyOn: 'Нәтижені алу күні',
      accepted: 'Құжаттарды қабылдаған қызметкер',
      handedTo: 'Қолхатты алдым',
      statusQr: 'QR кодта өтініштің тіркеу нөмірі ғана бар. Оны білім бөлімі немесе мобильді топ оқып, өтініштің мәртебесі мен тарихын айтып береді; телефонмен хабарласқанда нөмірді атаңыз.',
    },
    application: {
      title: 'Өтініш',
      to: (office) => `${office} бастығына`,
      livingAt: (address) => `${address} мекенжайында тұратын`,
      phone: (phone) => `тел. ${phone}`,
      children: 'Балалар (аты-жөні, туған күні, туу туралы куәлігінің №)',
      consent: '«Келісемін» (10 жастан асқан бала өз қолымен жазады)',
      signature: 'Қолы',
      about: (label) => `${label} туралы мәліметтер`,
      byHand: 'Өз қолымен жазылады:',
      date: 'Күні: ________ жылғы «____» ______________',
    },
    courierAct: {
      intro: (courier, date) => `${date} «Азаматтарға арналған үкімет» мемлекеттік корпорациясының курьері ${courier} мына нәтижелерді қабылдап алды.`,
      handedOver: 'Тапсырған кеңсе қызметкері',
      received: 'Қабылдап алған курьер',
      total: (n) => `Барлығы: ${n}`,
    },
    journal: { period: (from, to) => `Кезең: ${from} — ${to}`, none: 'Кезеңде жазба жоқ.', by: { representative: 'өкілі', courier: 'курьер' }, representedBy: (name) => `өкілі: ${name}` },
    tripReport: {
      intro: (crew, from, to) => `Мобильді топ: ${crew}. Сапар кезеңі: ${from} — ${to}.`,
      settlement: 'Елді мекен',
      days: 'Күні',
      taken: 'Қабылданған өтініштер',
      handedOver: 'Берілген нәтижелер',
      toDeliver: 'Берілмеген нәтижелер',
      offPlan: 'жоспардан тыс',
      total: 'Барлығы',
      what: 'Не істелді',
      tookOn: (when) => `Қабылданды: ${when}`,
      gaveOn: (when) => `Берілді: ${when}`,
      crew: 'Мобильді топ қызметкері',
    },
    columns: {
      n: 'Р/с №',
      regNumber: 'Тіркеу нөмірі',
      registered: 'Тіркелген күні',
      applicant: 'Алушы',
      service: 'Қызмет',
      channel: 'Арна',
      dueOn: 'Орындау мерзімі',
      specialist: 'Орындаушы',
      outcome: 'Нәтиже',
      signed: 'Қол қойылған күні',
      document: 'Құжат',
      validUntil: 'Жарамды',
      handedOver: 'Кімге, қашан берілді',
    },
    outcome: { open: 'Орындалуда', result: 'Нәтиже берілді', refusal: 'Бас тартылды', returnedToCentre: 'Орталыққа қайтарылды', withdrawn: 'Өтініш кері қайтарылды' },
    withdrawal: {
      intro: (applicant, requestedOn) => `${applicant} ${requestedOn} жазбаша өтініші бойынша төмендегі өтінішті қарау тоқтатылды: өтініш көрсетілетін қызметті алушының өтініші бойынша кері қайтарылды.`,
      requestedOn: 'Кері қайтару туралы өтініш күні',
      withdrawnAt: 'Кері қайтарылған уақыты',
      reason: 'Көрсетілетін қызметті алушының өтініші',
      returnDocuments: 'Қабылданған құжаттардың түпнұсқалары көрсетілетін қызметті алушыға қайтарылды.',
      clerk: 'Кеңсе қызметкері',
      received: 'Хабарламаны алдым',
    },
    channels: { office: 'Кеңсе', 'service-centre': 'ХҚКО', portal: 'Портал', 'mobile-centre': 'Мобильдік орталық' },
    parts: { house: 'үй', apartment: 'пәтер', born: 'туған', birthCertificate: 'туу туралы куәлік', yes: 'иә', no: 'жоқ' },
  },
  ru: {
    titles: {
      certificate: 'СПРАВКА',
      referral: 'НАПРАВЛЕНИЕ',
      duplicate: 'ПИСЬМО О ВЫДАЧЕ ДУБЛИКАТА',
      contract: 'ДОГОВОР О ПЕРЕДАЧЕ РЕБЁНКА (ДЕТЕЙ) НА ПАТРОНАТНОЕ ВОСПИТАНИЕ',
      conclusion: 'ЗАКЛЮЧЕНИЕ',
      refusal: 'МОТИВИРОВАННЫЙ ОТКАЗ В ОКАЗАНИИ ГОСУДАРСТВЕННОЙ УСЛУГИ',
      receipt: 'РАСПИСКА',
      courierAct: 'АКТ ПЕРЕДАЧИ РЕЗУЛЬТАТОВ КУРЬЕРУ',
      incomingJournal: 'ЖУРНАЛ РЕГИСТРАЦИИ ВХОДЯЩИХ ДОКУМЕНТОВ',
      outgoingJournal: 'ЖУРНАЛ РЕГИСТРАЦИИ ИСХОДЯЩИХ ДОКУМЕНТОВ',
      tripReport: 'ОТЧЁТ О ВЫЕЗДЕ МОБИЛЬНОЙ ГРУППЫ',
      refusalNotice: 'УВЕДОМЛЕНИЕ О ПРЕДВАРИТЕЛЬНОМ РЕШЕНИИ ОБ ОТКАЗЕ В ОКАЗАНИИ ГОСУДАРСТВЕННОЙ УСЛУГИ',
      hearingProtocol: 'ПРОТОКОЛ ЗАСЛУШИВАНИЯ',
      returnLetter: 'ПИСЬМО О ВОЗВРАТЕ ПАКЕТА ДОКУМЕНТОВ',
      withdrawal: 'УВЕДОМЛЕНИЕ ОБ ОТЗЫВЕ ЗАЯВЛЕНИЯ',
    },
    country: 'РЕСПУБЛИКА КАЗАХСТАН',
    position: {
      'district-education-department': 'Начальник районного (городского) отдела образования',
      'local-executive-body': 'Руководитель отдела',
      'tvet-organisation': 'Директор',
    },
    regNumber: 'Регистрационный номер',
    uniqueNumber: 'Уникальный номер',
    submittedOn: 'Дата подачи',
    issuedOn: 'Дата выдачи',
    registeredAt: 'Время регистрации',
    qrCaption: (office) =>
      `QR-код содержит данные, подписанные ключом Kense руководителя организации «${office}». Любой может проверить их без сети: командой «kense verify» или в окне «Проверка» программы Kense.`,
    sealNote:
      'QR-код доказывает, что эти данные подписаны зарегистрированным ключом и текст с тех пор не изменён. Этот ключ не является электронной цифровой подписью НУЦ РК: документ действителен с подписью руководителя и печатью.',
    signedDigitally: (when, keyId) => `Подписано ключом Kense: ${when}, ключ ${keyId}`,
    notSignedDigitally: 'Утверждено руководителем; ключом не подписано (Kense 0.1).',
    draft: {
      mark: 'ПРОЕКТ — НЕ ПОДПИСАН',
      note: 'Это проект до подписания, юридической силы он не имеет. У подписанного документа будут уникальный номер и QR-код.',
    },
    ncaSigned: (s, when) => `Подписано ЭЦП НУЦ РК: ${s.name}, ИИН ${s.iin}, сертификат № ${s.serial} (${s.issuer}), ${when}`,
    equivalence:
      'Данный документ согласно пункту 1 статьи 7 Закона Республики Казахстан от 7 января 2003 года № 370-II «Об электронном документе и электронной цифровой подписи» равнозначен документу на бумажном носителе.',
    ncaNote:
      'ЭЦП НУЦ РК (CMS) приложена к этому PDF-файлу вместе с подписанными данными: её проверяет команда «kense verify» или средства НУЦ РК. QR-код содержит подпись руководителя ключом Kense.',
    validity: (document, amount, unit, lastDay) =>
      `${document} в течение ${amount} (${RU_GENITIVE_NUMBERS[amount] ?? amount}) ${unit === 'months' ? (amount === 1 ? 'месяца' : 'месяцев') : 'календарных дней'} со дня выдачи (по ${lastDay} включительно).`,
    documentNoun: { certificate: 'Справка действительна', referral: 'Направление действительно', conclusion: 'Заключение действительно' },
    sealPlace: 'М.П.',
    to: 'Кому выдано',
    service: 'Государственная услуга',
    refusalIntro: (to, service) => `${to}, Ваше заявление об оказании государственной услуги «${service}» рассмотрено. В оказании государственной услуги отказано по следующим основаниям.`,
    grounds: 'Основания отказа',
    reasons: 'Мотивы',
    appeal:
      'Настоящее решение, а также действия (бездействие) услугодателя и (или) его должностных лиц по вопросам оказания государственной услуги могут быть обжалованы в порядке, установленном стандартом государственной услуги.',
    refusalHeard: ({ noticedOn, heardOn, hearingOn }, attended) =>
      `${noticedOn} Вы были уведомлены о предварительном решении об отказе и о заслушивании (статья 73 Административного процедурно-процессуального кодекса Республики Казахстан). ` +
      (attended ? `Ваша позиция, изложенная на заслушивании ${heardOn}, занесена в протокол заслушивания и рассмотрена.` : `На заслушивание, назначенное на ${hearingOn}, Вы не явились; решение принято по имеющимся документам.`),
    staffPosition: { clerk: 'Работник канцелярии', specialist: 'Ответственный исполнитель' },
    refusalNotice: {
      intro: (service, appliedOn, regNumber) =>
        `Ваше заявление от ${appliedOn} № ${regNumber} об оказании государственной услуги «${service}» рассмотрено. В соответствии со статьёй 73 Административного процедурно-процессуального кодекса Республики Казахстан уведомляем Вас о предварительном решении об отказе в оказании государственной услуги.`,
      hearingOn: 'Дата заслушивания',
      place: 'Место заслушивания',
      right: 'Вы вправе явиться на заслушивание и выразить свою позицию (возражение) по предварительному решению. В случае неявки решение будет принято по имеющимся документам.',
      received: 'Уведомление получил(а)',
    },
    hearingProtocol: {
      intro: 'В соответствии со статьёй 73 Административного процедурно-процессуального кодекса Республики Казахстан проведено заслушивание по предварительному решению об отказе в оказании государственной услуги.',
      drawnUpOn: 'Дата составления',
      heardOn: 'Дата заслушивания',
      place: 'Место проведения',
      heardBy: 'Заслушивание провёл(а)',
      application: 'Заявление',
      noticedOn: 'Дата уведомления о предварительном решении',
      hearingOn: 'Назначенная дата заслушивания',
      attendance: 'Явка услугополучателя',
      attended: (came) => (came ? 'Явился(-ась)' : 'Не явился(-ась)'),
      grounds: 'Основания предварительного решения',
      statement: 'Позиция услугополучателя',
      noStatement: 'Услугополучатель на заслушивание не явился(-ась), позицию не представил(а).',
      applicantSigns: 'Услугополучатель',
    },
    returnLetter: {
      to: { 'service-centre': 'Центру обслуживания населения', 'mobile-centre': 'Мобильному центру' },
      intro: 'При оформлении нижеуказанного пакета документов, поступившего из центра, выявлены ошибки. Пакет документов возвращается в центр с обоснованием причин возврата.',
      takenAt: 'Время приёма в центре',
      returnedAt: 'Время возврата',
      reasons: 'Причины возврата',
      tellApplicant: 'Просим сообщить услугополучателю о причинах возврата.',
      received: 'Пакет документов принял работник центра',
    },
    receipt: {
      intro: (to) => `От гражданина (гражданки) ${to} приняты заявление и следующие документы.`,
      representedIntro: (representative, applicant) => `От гражданина (гражданки) ${representative}, действующего (действующей) по доверенности от имени ${applicant}, приняты заявление и следующие документы.`,
      consent: (by, purpose) => `${by} дал(а) согласие на сбор и обработку персональных данных в целях: ${purpose} (Закон РК «О персональных данных и их защите», ст. 7).`,
      applicant: 'Услугополучатель',
      representative: 'Представитель (нотариальная доверенность)',
      channel: 'Канал приёма',
      documents: 'Принятые документы',
      readyOn: 'Дата получения результата',
      accepted: 'Документы принял',
      handedTo: 'Расписку получил',
      statusQr: 'QR-код содержит только регистрационный номер заявления. По нему в отделе образования или мобильной группе сообщат статус и историю заявления; при звонке назовите номер.',
    },
    application: {
      title: 'Заявление',
      to: (office) => `В ${office}`,
      livingAt: (address) => `проживающего (проживающей) по адресу: ${address}`,
      phone: (phone) => `тел. ${phone}`,
      children: 'Дети (ФИО, дата рождения, № свидетельства о рождении)',
      consent: '«Согласен(-на)» (ребёнок старше 10 лет пишет своей рукой)',
      signature: 'Подпись',
      about: (label) => label,
      byHand: 'Пишется собственноручно:',
      date: 'Дата: «____» ______________ ________ года',
    },
    courierAct: {
      intro: (courier, date) => `${date} курьер Государственной корпорации «Правительство для граждан» ${courier} принял следующие результаты.`,
      handedOver: 'Передал работник канцелярии',
      received: 'Принял курьер',
      total: (n) => `Всего: ${n}`,
    },
    journal: { period: (from, to) => `Период: ${from} — ${to}`, none: 'За период записей нет.', by: { representative: 'представитель', courier: 'курьер' }, representedBy: (name) => `представитель: ${name}` },
    tripReport: {
      intro: (crew, from, to) => `Мобильная группа: ${crew}. Период выезда: ${from} — ${to}.`,
      settlement: 'Населённый пункт',
      days: 'Дата',
      taken: 'Принято заявлений',
      handedOver: 'Выдано результатов',
      toDeliver: 'Не выдано результатов',
      offPlan: 'вне плана',
      total: 'Итого',
      what: 'Действие',
      tookOn: (when) => `Принято: ${when}`,
      gaveOn: (when) => `Выдано: ${when}`,
      crew: 'Сотрудник мобильной группы',
    },
    columns: {
      n: '№ п/п',
      regNumber: 'Рег. номер',
      registered: 'Дата регистрации',
      applicant: 'Услугополучатель',
      service: 'Услуга',
      channel: 'Канал',
      dueOn: 'Срок исполнения',
      specialist: 'Исполнитель',
      outcome: 'Результат',
      signed: 'Дата подписания',
      document: 'Документ',
      validUntil: 'Действителен до',
      handedOver: 'Кому и когда выдан',
    },
    outcome: { open: 'На исполнении', result: 'Результат выдан', refusal: 'Отказано', returnedToCentre: 'Возвращено в ЦОН', withdrawn: 'Заявление отозвано' },
    withdrawal: {
      intro: (applicant, requestedOn) => `По письменному заявлению ${applicant} от ${requestedOn} рассмотрение указанного ниже заявления прекращено: заявление отозвано по просьбе услугополучателя.`,
      requestedOn: 'Дата заявления об отзыве',
      withdrawnAt: 'Время отзыва',
      reason: 'Заявление услугополучателя',
      returnDocuments: 'Подлинники принятых документов возвращены услугополучателю.',
      clerk: 'Работник канцелярии',
      received: 'Уведомление получил(а)',
    },
    channels: { office: 'Канцелярия', 'service-centre': 'ЦОН', portal: 'Портал', 'mobile-centre': 'Мобильный ЦОН' },
    parts: { house: 'д.', apartment: 'кв.', born: 'г.р.', birthCertificate: 'свидетельство о рождении', yes: 'да', no: 'нет' },
  },
};
