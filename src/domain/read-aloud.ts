export type ReadAloudState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'playing' }
  | { status: 'paused' }
  | { status: 'unavailable'; message: string }

export interface ReadAloudSource {
  /** What the browser's own voice reads (H5) */
  text: string
  /** The server's synthesised audio (weapp; H5 when the browser has no Chinese voice) */
  audioUrl: string
  /** e.g. the reader's token, for audio that needs login (GET /api/v1/speech) */
  audioHeaders?: Record<string, string>
  /** The sentence shown when nothing can read this text aloud (default: about a notice) */
  unavailableMessage?: string
}

export interface ReadAloud {
  play(): void
  pause(): void
  /** Stops and frees the player (page left) */
  stop(): void
}

export const READ_ALOUD_MESSAGES = {
  unavailableText: '现在没法朗读，请先看文字，或请家人帮忙读一读',
  unavailable: '现在没法朗读这条通知，请先看文字，或请家人帮忙读一读',
  failed: '朗读没有加载成功，请检查网络后再点一次'
}
