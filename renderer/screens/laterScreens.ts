// The screens and forms the start does without, in one chunk: gzip sees them together, and no module is in two chunks.
export { Audit } from './Audit';
export { BulkHandover, BulkVisa } from './Bulk';
export { CalendarYear } from './CalendarYear';
export { CasePage } from './CasePage';
export { Intake } from './Intake';
export { Journals } from './Journals';
export { Keys } from './Keys';
export { Reports } from './Reports';
export { Services } from './Services';
export { Settings } from './Settings';
export { Setup, TrainingLoad } from './Setup';
export { Staff } from './Staff';
export { Sync } from './Sync';
export { Trips } from './Trips';
export { Verify } from './Verify';
