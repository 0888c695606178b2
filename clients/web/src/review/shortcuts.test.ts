import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTypingTarget, shortcutHandler } from './shortcuts.ts';

function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('the console shortcuts', () => {
  let remove: (() => void) | undefined;
  afterEach(() => {
    remove?.();
    document.body.innerHTML = '';
  });

  function bind(actions: Parameters<typeof shortcutHandler>[0]) {
    const handler = shortcutHandler(actions);
    document.addEventListener('keydown', handler);
    remove = () => document.removeEventListener('keydown', handler);
  }

  it('runs the action of its key and keeps the key from being typed into what the action focuses', () => {
    const next = vi.fn();
    const reject = vi.fn();
    bind({ next, reject });
    press(document.body, 'j');
    const event = press(document.body, 'x');
    expect(next).toHaveBeenCalledTimes(1);
    expect(reject).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    // Keys without an action, and a letter with a modifier (a browser's own shortcut), pass through.
    expect(press(document.body, 'a').defaultPrevented).toBe(false);
    press(document.body, 'j', { ctrlKey: true });
    press(document.body, 'j', { metaKey: true });
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('opens the help with ? typed as Shift+/ or as a key of its own', () => {
    const help = vi.fn();
    bind({ help });
    press(document.body, '?', { shiftKey: true });
    press(document.body, '?');
    expect(help).toHaveBeenCalledTimes(2);
  });

  it('never fires while typing in a field, choosing in a select, composing with an input method or holding a key', () => {
    const approve = vi.fn();
    bind({ approve });
    document.body.innerHTML = '<input name="reason" /><textarea></textarea><select><option>1</option></select><div contenteditable="true"></div><input type="radio" name="outcome" />';
    for (const selector of ['input[name=reason]', 'textarea', 'select', 'div[contenteditable]']) {
      const event = press(document.querySelector(selector)!, 'a');
      expect(event.defaultPrevented).toBe(false);
    }
    press(document.body, 'a', { isComposing: true });
    press(document.body, 'a', { repeat: true });
    expect(approve).not.toHaveBeenCalled();
    // A radio button takes no text: from the outcome choice the keys still act.
    press(document.querySelector('input[type=radio]')!, 'a');
    expect(approve).toHaveBeenCalledTimes(1);
  });

  it('stays quiet while another dialog is open, but not while its own help is', () => {
    const next = vi.fn();
    bind({ next });
    document.body.innerHTML = '<dialog open id="other"></dialog>';
    press(document.body, 'j');
    expect(next).not.toHaveBeenCalled();
    document.body.innerHTML = '<dialog open data-shortcuts-help></dialog>';
    press(document.body, 'j');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('tells typing targets from others', () => {
    document.body.innerHTML = '<input type="search" /><input type="checkbox" /><button>b</button><div role="textbox"><span></span></div>';
    expect(isTypingTarget(document.querySelector('input[type=search]'))).toBe(true);
    expect(isTypingTarget(document.querySelector('input[type=checkbox]'))).toBe(false);
    expect(isTypingTarget(document.querySelector('button'))).toBe(false);
    expect(isTypingTarget(document.querySelector('[role=textbox] span'))).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget(window)).toBe(false);
  });
});
