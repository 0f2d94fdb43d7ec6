/**
 * Whether the Sessions panel is shown, told by the DevTools page (the only one that gets the panel's
 * onShown/onHidden) to the panel page, over a channel named for the inspected tab: several DevTools
 * windows, one per tab, never hear each other. A panel page that starts asks, in case it missed the first.
 */
export type VisibilityMessage = { type: 'shown' } | { type: 'hidden' } | { type: 'ask' };

export function visibilityChannel(tabId: number): BroadcastChannel {
  return new BroadcastChannel(`sessionscope-panel-${tabId}`);
}
