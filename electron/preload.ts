import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type PlatformBridge } from '../shared/platform';
import type { HubAnswer } from '../shared/sync';
import type { NcaLayerAnswer } from '../shared/ncaLayer';

/** The renderer's only way to the OS on the desktop; renderer/platform/browser.ts is its twin. */
const bridge = {
  kind: 'electron',
  printPdf: (bytes) => ipcRenderer.invoke(IPC.printPdf, bytes) as Promise<void>,
  saveFile: (name, bytes) => ipcRenderer.invoke(IPC.saveFile, name, bytes) as Promise<void>,
  hubCall: (hubUrl, call, hubKey) => ipcRenderer.invoke(IPC.hubCall, hubUrl, call, hubKey) as Promise<HubAnswer>,
  appendEventLog: (lines) => ipcRenderer.invoke(IPC.appendEventLog, lines) as Promise<void>,
  readEventLog: () => ipcRenderer.invoke(IPC.readEventLog) as Promise<string | null>,
  ncaSign: (request) => ipcRenderer.invoke(IPC.ncaSign, request) as Promise<NcaLayerAnswer>,
} satisfies PlatformBridge;

contextBridge.exposeInMainWorld('kense', bridge);
