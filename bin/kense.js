#!/usr/bin/env node
// Entry for `npx kense`: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { kense } = await import('../server/cli.ts');
// The training store is made by the app in Chromium: loaded only when asked, from a checkout's tools.
const demoStore = async (o, out) => (await import('../bench/demoStore.ts')).demoStore(o, out);
process.exitCode = await kense(process.argv.slice(2), (line) => console.log(line), demoStore);
