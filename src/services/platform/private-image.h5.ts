/**
 * Photos behind authorization (GET /api/v1/files/{id} needs the bearer token): an <img> cannot send the
 * header, so the browser fetches the bytes and shows them from a blob: URL (released by the caller).
 */
export async function loadPrivateImage(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' })
  if (!res.ok) throw new Error(`photo ${res.status}`)
  return URL.createObjectURL(await res.blob())
}

export function releasePrivateImage(src: string): void {
  if (src.startsWith('blob:')) URL.revokeObjectURL(src)
}
