/** Walks an MP3's frames (MPEG-1/2/2.5 layer III): mono or not, bit rate, duration — what a player will see. */
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] }

export function mp3Info(buf: Buffer): { frames: number; seconds: number; kbps: number; mono: boolean; sampleRate: number } {
  let at = 0
  if (buf.toString('latin1', 0, 3) === 'ID3') at = 10 + ((buf[6] << 21) | (buf[7] << 14) | (buf[8] << 7) | buf[9])
  let frames = 0
  let samples = 0
  let kbps = 0
  let mono = true
  let sampleRate = 0
  while (at + 4 <= buf.length) {
    if (buf[at] !== 0xff || (buf[at + 1] & 0xe0) !== 0xe0) throw new Error(`not an MP3 frame at byte ${at}`)
    const version = (buf[at + 1] >> 3) & 3 // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    const layer = (buf[at + 1] >> 1) & 3
    if (layer !== 1) throw new Error('not layer III')
    const rate = (version === 3 ? BITRATES_V1 : BITRATES_V2)[(buf[at + 2] >> 4) & 15]
    sampleRate = RATES[version][(buf[at + 2] >> 2) & 3]
    const padding = (buf[at + 2] >> 1) & 1
    if (((buf[at + 3] >> 6) & 3) !== 3) mono = false
    kbps = Math.max(kbps, rate)
    const perFrame = version === 3 ? 1152 : 576
    at += Math.floor(((perFrame / 8) * rate * 1000) / sampleRate) + padding
    frames++
    samples += perFrame
  }
  if (frames === 0) throw new Error('no MP3 frames')
  return { frames, seconds: samples / sampleRate, kbps, mono, sampleRate }
}
