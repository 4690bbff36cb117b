/**
 * One filled application per catalog service, as a clerk would take it from the paper form,
 * and the draft a specialist would write. They are `kense demo`'s training cases; the unit
 * tests run them through the domain, and the Playwright tests type them into the generated forms.
 */
import { iinFor } from './iin';

export interface Sample {
  applicant: { name: string; iin: string; address: string; phone: string };
  application: Record<string, unknown>;
  documents: string[];
  variant: string;
  draft: Record<string, unknown>;
}

const applicant = { name: 'Сәуле Жұмабекова', iin: '871008401427', address: 'Павлодар қ., Қайырбаев к-сі, 12-үй, 5-пәтер', phone: '+7 701 123 45 67' };
const children = [
  { name: 'Әлихан Жұмабеков', birthDate: '2012-05-14', birthCertificate: 'І-ПВ № 0123456', iin: iinFor('2012-05-14', 'male'), consent: true },
  { name: 'Аружан Жұмабекова', birthDate: '2018-09-01', birthCertificate: 'І-ПВ № 0654321' },
];
const father = { name: 'Ерлан Жұмабеков', iin: '760212350620', birthDate: '1976-02-12', document: '№ 012345678, ІІМ, 12.03.2015' };
const mother = { name: 'Сәуле Жұмабекова', iin: '871008401427', birthDate: '1987-10-08', document: '№ 023456789, ІІМ, 01.06.2018' };
const pension = {
  deceased: { name: 'Гүлжан Жұмабекова', iin: '680503450037', birthDate: '1968-05-03' },
  deathCertificateNumber: '0987654',
  deathCertificateDate: '2026-08-15',
  inheritanceBasis: 'law',
  inheritanceDate: '2026-11-01',
  notary: 'Әсел Бекова',
  notaryLicenceNumber: '0001234',
  notaryLicenceDate: '2005-04-12',
  fundName: { kk: '«Бірыңғай жинақтаушы зейнетақы қоры» АҚ', ru: 'АО «Единый накопительный пенсионный фонд»' },
};
const halyk = { kk: '«Қазақстан Халық Банкі» АҚ', ru: 'АО «Народный Банк Казахстана»' };
const depositAction = { kk: 'салым шартын бұзу, қаражатты балалардың жаңа шотына аудару', ru: 'расторжение договора вклада и перевод средств на новый счёт детей' };
const sale = { kk: 'сатуға', ru: 'продажу' };
const pledge = { kk: 'кепілдікке қоюға', ru: 'залог' };
const accounting = { kk: 'Есеп және аудит', ru: 'Учёт и аудит' };
const home = { locality: 'Павлодар қаласы', street: 'Қайырбаев көшесі', house: '12', apartment: '5', streetRu: 'ул. Кайырбаева' };
/** Where a portal applicant comes (S4, S5): asked only when the application came by the portal. */
const appearAt = { kk: 'Павлодар қаласы, Академик Сәтбаев көшесі, № 50 үй, 12-кабинет, дүйсенбі–жұма 9:00–18:00', ru: 'г. Павлодар, ул. Академика Сатпаева, д. 50, кабинет 12, понедельник–пятница 9:00–18:00' };

export const SAMPLES: Record<string, Sample> = {
  'guardianship-certificate': {
    applicant,
    application: {
      relationship: { kk: 'апасы', ru: 'тётей' },
      akimOf: { kk: 'Павлодар қаласы', ru: 'города Павлодара' },
      childName: 'Әлихан Жұмабеков',
      childBirthDate: '2015-03-14',
      childIin: iinFor('2015-03-14', 'male'),
      guardianshipKind: 'guardianship',
      decisionNumber: '1234/5',
      decisionDate: '2026-10-01',
    },
    documents: ['application', 'identity', 'childBirthCertificate'],
    variant: 'certificate',
    draft: {
      holderAddress: home,
      childName: 'Әлихан Жұмабеков',
      childBirthDate: '2015-03-14',
      guardianshipKind: 'guardianship',
      decisionNumber: '1234/5',
      akimOf: { kk: 'Павлодар қаласы', ru: 'города Павлодара' },
      decisionDate: '2026-10-01',
      property: 'noProperty',
    },
  },
  'minors-deposits-certificate': {
    applicant,
    application: {
      purpose: 'pensionFund',
      children,
      father,
      mother,
      ...pension,
    },
    documents: ['application', 'identity', 'childrenBirthCertificates', 'parentsIdentity', 'deathCertificate', 'inheritanceCertificate'],
    variant: 'pensionFund',
    draft: {
      representatives: {
        kk: 'Сәуле Жұмабекова, 1987 жылы туған (жеке куәлік № 023456789, ІІМ 2018 жылғы 1 маусымда берген)',
        ru: 'Сәуле Жұмабекова, 1987 года рождения (удостоверение личности № 023456789, выданное МВД 1 июня 2018 года)',
      },
      children,
      ...pension,
    },
  },
  'minors-property-certificate': {
    applicant,
    application: {
      transaction: pledge,
      propertyAddress: home,
      children,
      father,
      mother,
      bankLetter: '№ 17-03/889, 10.11.2026',
      childrenNewAddress: { locality: 'Павлодар қ.', street: 'Торайғыров к-сі', house: '45', apartment: '12' },
      housingUndertaking: 'given',
    },
    documents: ['application', 'identity', 'childrenBirthCertificates', 'parentsIdentity', 'propertyDocuments'],
    variant: 'certificate',
    draft: { transaction: pledge, propertyAddress: home, children },
  },
  'foster-care-placement': {
    applicant,
    application: {
      child: { name: 'Нұрсұлтан Әбілов', iin: iinFor('2016-07-20', 'male'), birthDate: '2016-07-20' },
      residence: home,
      employment: '№ 12 мектеп, мұғалім',
    },
    documents: ['application', 'identity', 'healthCertificate', 'noCriminalRecord', 'housingDocument', 'incomeCertificate'],
    variant: 'contract',
    draft: {
      child: { name: 'Нұрсұлтан Әбілов', iin: iinFor('2016-07-20', 'male'), birthDate: '2016-07-20' },
      placementUntil: '2034-07-20',
      terms: { kk: 'баланы кәмелетке толғанға дейін тәрбиелеу', ru: 'воспитание ребёнка до его совершеннолетия' },
      appearAt,
    },
  },
  'adoption-candidate-registration': {
    applicant,
    application: {
      maritalStatus: 'married',
      spouseName: 'Ерлан Жұмабеков',
      spouseIin: '760212350620',
      spouseBirthDate: '1976-02-12',
      spouseSex: 'male',
      residence: home,
      wishes: '3 жасқа дейінгі бала',
    },
    documents: ['application', 'identity', 'healthCertificate', 'noCriminalRecord', 'incomeCertificate', 'housingDocument', 'trainingCertificate'],
    variant: 'conclusion',
    draft: { decision: 'may', grounds: { kk: 'құжаттар Стандарттың 9-тармағының талаптарына сәйкес келеді', ru: 'документы соответствуют требованиям пункта 9 Стандарта' }, appearAt },
  },
  'tvet-dormitory-referral': {
    applicant: { ...applicant, name: 'Данияр Сейітов', iin: iinFor('2008-04-02', 'male') },
    application: {
      studentName: 'Данияр Сейітов',
      studentIin: iinFor('2008-04-02', 'male'),
      speciality: 'Электр жабдықтары',
      course: 'y1',
      category: 'largeFamily',
      homeAddress: { locality: 'Екібастұз қ.', street: 'Мәшһүр Жүсіп к-сі', house: '7' },
    },
    documents: ['application', 'identity', 'medicalCertificate', 'photos'],
    variant: 'referral',
    draft: {
      studentName: 'Данияр Сейітов',
      dormitoryAddress: { locality: 'Павлодар қ.', street: 'Естай к-сі', house: '99' },
      room: '214',
      validUntil: '2027-06-30',
    },
  },
  'tvet-document-duplicate': {
    applicant: { ...applicant, name: 'Марат Оспанов', iin: '800416300257' },
    application: { documentKind: 'diploma', nameAtGraduation: 'Марат Оспанов', speciality: accounting, graduationYear: '2001', reason: 'lost' },
    documents: ['application', 'identity', 'lossNotice'],
    variant: 'duplicate',
    draft: { documentKind: 'diploma', nameAtGraduation: 'Марат Оспанов', speciality: accounting, graduationYear: '2001', duplicateNumber: 'ТБ-0001234' },
  },
};

/** S2's two other results: the bank's and the road police's, so the demo prints every variant. */
export const VARIANT_SAMPLES: { serviceId: string; sample: Sample }[] = [
  {
    serviceId: 'minors-deposits-certificate',
    sample: {
      applicant,
      application: { purpose: 'bank', children, father, mother, bankName: halyk, depositAction },
      documents: ['application', 'identity', 'childrenBirthCertificates', 'parentsIdentity'],
      variant: 'bank',
      draft: {
        representatives: {
          kk: 'Ерлан Жұмабеков, 1976 жылы туған (жеке куәлік № 012345678, ІІМ 2015 жылғы 12 наурызда берген); Сәуле Жұмабекова, 1987 жылы туған (жеке куәлік № 023456789, ІІМ 2018 жылғы 1 маусымда берген)',
          ru: 'Ерлан Жұмабеков, 1976 года рождения (удостоверение личности № 012345678, выданное МВД 12 марта 2015 года); Сәуле Жұмабекова, 1987 года рождения (удостоверение личности № 023456789, выданное МВД 1 июня 2018 года)',
        },
        children,
        bankName: halyk,
        depositAction,
      },
    },
  },
  {
    serviceId: 'minors-deposits-certificate',
    sample: {
      applicant,
      application: { purpose: 'vehicle', children, father, mother, vehicle: 'Toyota Camry, 2015, 123 ABC 14', vehicleTransaction: sale },
      documents: ['application', 'identity', 'childrenBirthCertificates', 'parentsIdentity', 'vehicleRegistration'],
      variant: 'vehicle',
      draft: { children, vehicleTransaction: sale, vehicle: 'Toyota Camry, 2015, 123 ABC 14' },
    },
  },
];
