/** The browser loads the newest build itself (the service worker takes over on the next visit). */
export function watchForUpdates(): void {
  // nothing to watch
}
