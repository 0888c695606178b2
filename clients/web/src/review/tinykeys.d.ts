/**
 * tinykeys ships its types, but its package.json `exports` does not point at them, so a bundler-resolving compiler
 * cannot find them: the part used here, as its dist/tinykeys.d.ts declares it.
 */
declare module 'tinykeys' {
  export interface KeyBindingMap {
    [keybinding: string]: (event: KeyboardEvent) => void;
  }
  export interface KeyBindingHandlerOptions {
    /** Sequences wait this long between presses before cancelling (default 1000 ms). */
    timeout?: number;
  }
  export function createKeybindingsHandler(keyBindingMap: KeyBindingMap, options?: KeyBindingHandlerOptions): EventListener;
}
