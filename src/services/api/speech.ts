/** 听一听 for short texts that are not notices (GET /api/v1/speech): the URL and the reader's token for the player. */
import { currentToken } from '../../store/session'

export function speechAudio(text: string): { audioUrl: string; audioHeaders: Record<string, string> } {
  const base = typeof API_BASE === 'string' ? API_BASE : ''
  const token = currentToken()
  return { audioUrl: `${base}/api/v1/speech?text=${encodeURIComponent(text)}`, audioHeaders: token ? { Authorization: `Bearer ${token}` } : {} }
}
