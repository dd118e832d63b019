// Electron entry: filled in by the desktop shell.
export {};
