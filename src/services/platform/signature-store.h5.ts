/**
 * H5: each queued signature in its own localStorage key (`zsb.sig.<item key>`), so the queue's key stays
 * small however many workers sign offline. A full storage throws (the caller keeps the form and says so).
 */
const PREFIX = 'zsb.sig.'

export async function saveSignatureImage(key: string, dataUrl: string): Promise<string> {
  const ref = PREFIX + key
  localStorage.setItem(ref, dataUrl)
  return ref
}

export async function readSignatureImage(ref: string): Promise<string | null> {
  return ref.startsWith(PREFIX) ? localStorage.getItem(ref) : null
}

export function removeSignatureImage(ref: string): void {
  if (ref.startsWith(PREFIX)) localStorage.removeItem(ref)
}
