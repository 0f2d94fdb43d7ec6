import { ext as browser } from '../ui/ext';

/**
 * Light or dark as DevTools is, not as the system is: DevTools has a theme setting of its own. Chrome
 * names it "default" or "dark", Firefox "light", "dark" (or the old "firebug") and says when it changes.
 * Outside DevTools (a test's page) the system setting decides, as in the popup.
 */
export function applyTheme(): void {
  const panels = (browser as { devtools?: typeof browser.devtools }).devtools?.panels;
  if (!panels) return;
  const set = (name: string | undefined) => {
    if (name) document.documentElement.dataset.theme = name === 'dark' ? 'dark' : 'light';
  };
  set(panels.themeName);
  const changed = (panels as { onThemeChanged?: { addListener(fn: (name: string) => void): void } })
    .onThemeChanged;
  changed?.addListener(set);
}
