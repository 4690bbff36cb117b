// `npm start`: builds Kense and opens the desktop app. Where Electron's binary cannot be had
// (it downloads on first start; our build machines have no access to its host), says so in
// one line and serves the same app to a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

if (spawnSync(npm, ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);

let binary = electronBinary();
if (!binary) {
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'ignore' });
  binary = electronBinary();
}
if (binary) {
  spawn(binary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log("Electron's binary is not available on this machine (it could not be downloaded), so Kense is served at http://localhost:4317 instead.");
  spawn(npm, ['exec', '--', 'vite', 'preview', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' }).on('exit', (code) =>
    process.exit(code ?? 0),
  );
}
