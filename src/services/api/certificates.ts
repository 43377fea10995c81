/** 我的证书, photo uploads and the public checks. Uploads go through the platform's upload (progress, cancel). */
import type { CertDecisionBody, CertReview, CertReviewQueue, Certificate, CertificateCreate, CertificateList, CertificateVerify, InstitutionVerify, LookupResult, Upload } from '../../contract'
import { ApiError, apiErrorFromBody, NetworkError } from '../http/errors'
import { joinUrl } from '../http/query'
import { loadPrivateImage, uploadPhoto, UploadCancelled, type LocalPhoto, type UploadProgress } from '../platform/media'
import { currentToken } from '../../store/session'
import { api } from './client'
import { authed, silentLogin } from './auth'

const baseUrl = typeof API_BASE === 'string' ? API_BASE : ''

export function myCertificates(): Promise<CertificateList> {
  return authed.request<CertificateList>('/api/v1/me/certificates')
}

export function lookupCertificates(): Promise<LookupResult> {
  return authed.request<LookupResult>('/api/v1/me/certificates/lookup', { method: 'POST' })
}

export function getCertificate(id: string): Promise<Certificate> {
  return authed.request<Certificate>(`/api/v1/me/certificates/${encodeURIComponent(id)}`)
}

export function addCertificate(body: CertificateCreate, idempotencyKey: string): Promise<Certificate> {
  return authed.request<Certificate>('/api/v1/me/certificates', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } })
}

export function deleteCertificate(id: string): Promise<void> {
  return authed.request<void>(`/api/v1/me/certificates/${encodeURIComponent(id)}`, { method: 'DELETE' })
}

/** 人工核验 (reviewers): the region's queue, one certificate, a decision. */
export function certificateReviewQueue(status: 'pending' | 'decided' = 'pending'): Promise<CertReviewQueue> {
  return authed.request<CertReviewQueue>('/api/v1/review/certificates', { query: { status, limit: 50 } })
}

export function certificateReview(id: string): Promise<CertReview> {
  return authed.request<CertReview>(`/api/v1/review/certificates/${encodeURIComponent(id)}`)
}

export function decideCertificate(id: string, body: CertDecisionBody): Promise<CertReview> {
  return authed.request<CertReview>(`/api/v1/review/certificates/${encodeURIComponent(id)}/decisions`, { method: 'POST', body })
}

export function verifyCertificate(number: string, name: string): Promise<CertificateVerify> {
  return api.get<CertificateVerify>('/api/v1/public/certificates/verify', { number, name })
}

export function verifyInstitution(q: string): Promise<InstitutionVerify> {
  return api.get<InstitutionVerify>('/api/v1/public/institutions/verify', { q })
}

export { UploadCancelled }

/** Uploads one photo with progress; cancel() rejects `done` with UploadCancelled. */
export function startUpload(photo: LocalPhoto, onProgress: (p: UploadProgress) => void): { done: Promise<Upload>; cancel(): void } {
  let cancelFn = () => {}
  let cancelled = false
  const run = async (): Promise<Upload> => {
    let token = currentToken() ?? (await silentLogin())
    for (let attempt = 0; ; attempt++) {
      if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录')
      if (cancelled) throw new UploadCancelled()
      const task = uploadPhoto(joinUrl(baseUrl, '/api/v1/uploads'), token, photo, onProgress)
      cancelFn = task.cancel
      let res: { status: number; body: unknown }
      try {
        res = await task.done
      } catch (e) {
        if (e instanceof UploadCancelled) throw e
        throw new NetworkError('offline', e)
      }
      if (res.status === 201) return res.body as Upload
      // an expired session on weapp: one silent re-login, then the same upload again
      if (res.status === 401 && attempt === 0) {
        token = await silentLogin()
        continue
      }
      throw apiErrorFromBody(res.status, res.body)
    }
  }
  return {
    done: run(),
    cancel: () => {
      cancelled = true
      cancelFn()
    }
  }
}

/** A private photo as something the Image component can show. */
export async function photoSrc(fileId: string): Promise<string> {
  const token = currentToken()
  if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录')
  return loadPrivateImage(joinUrl(baseUrl, `/api/v1/files/${encodeURIComponent(fileId)}`), token)
}
