/** 听一听 for short texts that are not notices (GET /api/v1/speech): the URL and the reader's token for the player. */
import { routeUrl } from '../http/route'
import { currentToken } from '../../store/session'
import { routes } from './client'

export function speechAudio(text: string): { audioUrl: string; audioHeaders: Record<string, string> } {
  const token = currentToken()
  return { audioUrl: routeUrl(routes.speech, { query: { text } }), audioHeaders: token ? { Authorization: `Bearer ${token}` } : {} }
}
