/** The domain of Kense: pure TypeScript shared by the renderer, the hub, the CLI and the tests. */
export * from './roles';
export * from './errors';
export * from './canonical';
export * from './hlc';
export * from './event';
export * from './case';
export * from './catalog';
export * from './commands';
export * from './fields';
export * from './deadlines';
export * from './localDate';
export * from './dates';
export * from './iin';
export * from './registration';
export * from './keys';
export * from './credential';
export * from './seal';
export type { Block, Paper, PaperFonts, PaperWatch } from './paper/layout';
export type { FaceMetrics, PaperFace } from './paper/font';
export * from './paper/printable';
export * from './paper/texts';
export * from './paper/documents';
export * from './paper/template';
export * from './paper/places';
export * from './paper/declension';
export * from './platform';
// The PDF writer (paper/layout.ts and paper/font.ts: pdf-lib, qrcode) and the QR reader (qr.ts: jsQR) are
// imported from their files, so the renderer loads them only when it prints or verifies.
export * from './sync';
export * from './resolutions';
export * from './rulebook';
export * from './trainingHistory';
export * from './search';
export * from './notifications';
export * from './trips';
export * from './survey';
export * from './reports';
export * from './locale';
export * from './ncaLayer';
// nca.ts loads pkijs: a screen imports it when it checks an NCA RK signature, not at start.
export type { NcaCheck, NcaProblem, NcaSigner } from './nca';
