import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type PlatformBridge } from '../shared/platform';

/** The renderer's only way to the OS on the desktop; renderer/platform/browser.ts is its twin. */
const bridge = {
  kind: 'electron',
  print: () => ipcRenderer.invoke(IPC.print) as Promise<void>,
} satisfies PlatformBridge;

contextBridge.exposeInMainWorld('kense', bridge);
