/**
 * An eighth service, written from docs/catalog.md alone: the tests drop it into a catalog
 * directory (the CLI) and import it in the running app (Playwright), with no code change.
 */
export const NEW_SERVICE_ID = 'summer-camp-referral';

export function newServiceFile() {
  const label = (kk: string, ru: string, en: string) => ({ kk, ru, en });
  return {
    id: NEW_SERVICE_ID,
    version: 1,
    names: label('Балаларды жазғы сауықтыру лагеріне жолдама беру', 'Выдача путёвки в летний оздоровительный лагерь', 'Referral to a summer health camp'),
    source: 'Test service written from docs/catalog.md',
    providerKind: 'district-education-department',
    channels: ['office', 'mobile-centre'],
    steps: [
      { id: 'intake', stages: ['intake'], role: 'clerk', duration: { amount: 10, unit: 'minutes' }, names: label('Қабылдау', 'Приём', 'Intake') },
      { id: 'visa', stages: ['visa'], role: 'head', duration: { amount: 1, unit: 'workingDays' }, names: label('Бұрыштама', 'Виза', 'Visa') },
      { id: 'review', stages: ['review', 'signing'], role: 'specialist', duration: { amount: 2, unit: 'workingDays' }, names: label('Қарау және қол қою', 'Рассмотрение и подписание', 'Review and signing') },
      { id: 'handover', stages: ['handover'], role: 'clerk', duration: { amount: 1, unit: 'workingDays' }, names: label('Беру', 'Выдача', 'Handover') },
    ],
    term: { acceptanceDayCounts: false },
    representative: false,
    form: [
      { id: 'child', type: 'person', required: true, label: label('Бала', 'Ребёнок', 'Child') },
      {
        id: 'shift',
        type: 'choice',
        required: true,
        label: label('Ауысым', 'Смена', 'Shift'),
        options: [
          { id: 'june', label: label('Маусым', 'Июнь', 'June') },
          { id: 'july', label: label('Шілде', 'Июль', 'July') },
        ],
      },
    ],
    documents: [{ id: 'application', required: true, names: label('Өтініш', 'Заявление', 'Application') }],
    results: [
      {
        id: 'referral',
        kind: 'referral',
        names: label('Жолдама', 'Путёвка', 'Referral'),
        fields: [{ id: 'camp', type: 'text', required: true, label: label('Лагерь', 'Лагерь', 'Camp') }],
      },
    ],
    refusalGrounds: [{ id: 'noPlaces', names: label('Орын жоқ', 'Нет мест', 'No places') }],
    refusalHearing: false,
  };
}
