/**
 * Stands in for pako in the app's build (renderer/vite.config.ts): pdf-lib asks pako only to
 * deflate its streams, and fflate, which the Excel export ships already, deflates in a few KB.
 */
import { zlibSync } from 'fflate';

export default { deflate: (data: Uint8Array) => zlibSync(data) };
