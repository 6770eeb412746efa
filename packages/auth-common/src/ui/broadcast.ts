import type { AuthUser } from '../types.js';

/** Name of the BroadcastChannel that reaches the other tabs. */
export const AUTH_CHANNEL = 'blocks-auth';
/** Name of the window event that reaches the same tab. */
export const AUTH_EVENT = 'blocks-auth-change';

/** The message both channels carry. */
export interface AuthChangeMessage {
  type: 'auth-change';
  user: AuthUser | null;
}

// One channel object per page both posts and receives: a BroadcastChannel never hears its own
// messages, so a tab gets its own changes once (by the window event) and other tabs' once.
let channel: BroadcastChannel | undefined;
const crossTab = new Set<(message: AuthChangeMessage) => void>();

function sharedChannel(): BroadcastChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  if (!channel) {
    channel = new BroadcastChannel(AUTH_CHANNEL);
    // Outside browsers (server rendering, tests) an open channel would keep the process alive.
    (channel as { unref?(): void }).unref?.();
    channel.onmessage = (event: MessageEvent) => {
      const data = event.data as Partial<AuthChangeMessage> | null;
      if (data?.type !== 'auth-change') return;
      for (const listener of [...crossTab]) listener({ type: 'auth-change', user: data.user ?? null });
    };
  }
  return channel;
}

/** Tells this tab (window event) and the others (BroadcastChannel) that the user changed. */
export function broadcastAuthChange(user: AuthUser | null): void {
  const message: AuthChangeMessage = { type: 'auth-change', user };
  sharedChannel()?.postMessage(message);
  if (typeof window !== 'undefined' && typeof CustomEvent !== 'undefined') {
    window.dispatchEvent(new CustomEvent(AUTH_EVENT, { detail: message }));
  }
}

/** Calls `listener` for changes made in other tabs; returns the unsubscribe function. */
export function listenCrossTab(listener: (message: AuthChangeMessage) => void): () => void {
  if (!sharedChannel()) return () => {};
  crossTab.add(listener);
  return () => {
    crossTab.delete(listener);
  };
}

/** Calls `listener` for changes made in this tab; returns the unsubscribe function. */
export function listenSameTab(listener: (message: AuthChangeMessage) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const onEvent = (event: Event) => {
    const detail = (event as CustomEvent<AuthChangeMessage>).detail;
    if (detail?.type === 'auth-change') listener({ type: 'auth-change', user: detail.user ?? null });
  };
  window.addEventListener(AUTH_EVENT, onEvent);
  return () => window.removeEventListener(AUTH_EVENT, onEvent);
}
