import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type PlatformBridge } from '../shared/platform';

/** The renderer's only way to the OS on the desktop; renderer/platform/browser.ts is its twin. */
const bridge = {
  kind: 'electron',
  printPdf: (bytes) => ipcRenderer.invoke(IPC.printPdf, bytes) as Promise<void>,
  saveFile: (name, bytes) => ipcRenderer.invoke(IPC.saveFile, name, bytes) as Promise<void>,
} satisfies PlatformBridge;

contextBridge.exposeInMainWorld('kense', bridge);
