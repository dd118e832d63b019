// Sandboxed preload (built to CommonJS): expose the API bridge, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { decodeBridgeArgument } from './bridge-argument';

const table = decodeBridgeArgument(process.argv);
if (table) {
  contextBridge.exposeInMainWorld('portcullis', createBridge(ipcRenderer, table));
} else {
  console.error('Portcullis: the preload got no bridge table, so the dashboard cannot reach the gateway.');
}
