#!/usr/bin/env node
// Entry for `npx kense`: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { kense } = await import('../server/cli.ts');
process.exitCode = await kense(process.argv.slice(2), (line) => console.log(line));
