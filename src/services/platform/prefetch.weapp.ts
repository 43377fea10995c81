/** The mini program has no HTML shell to start requests early (its code is on the phone already). */
export function takePrefetched(_url: string): null {
  return null
}
