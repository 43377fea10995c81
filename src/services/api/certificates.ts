/** 我的证书, photo uploads and the public checks. Uploads go through the platform's upload (progress, cancel). */
import type { CertDecisionBody, CertReview, CertReviewQueue, Certificate, CertificateCreate, CertificateList, CertificateVerify, InstitutionVerify, LookupResult, Upload } from '../../contract'
import { ApiError, apiErrorFromBody, NetworkError } from '../http/errors'
import { routeUrl } from '../http/route'
import { loadPrivateImage, uploadPhoto, UploadCancelled, type LocalPhoto, type UploadProgress } from '../platform/media'
import { currentToken } from '../../store/session'
import { callRoute, routes, silentLogin } from './client'

export function myCertificates(): Promise<CertificateList> {
  return callRoute(routes.myCertificates)
}

export function lookupCertificates(): Promise<LookupResult> {
  return callRoute(routes.lookupCertificates)
}

export function getCertificate(id: string): Promise<Certificate> {
  return callRoute(routes.getCertificate, { params: { id } })
}

export function addCertificate(body: CertificateCreate, idempotencyKey: string): Promise<Certificate> {
  return callRoute(routes.addCertificate, { body, idempotencyKey })
}

export async function deleteCertificate(id: string): Promise<void> {
  await callRoute(routes.deleteCertificate, { params: { id } })
}

/** 人工核验 (reviewers): the region's queue, one certificate, a decision. */
export function certificateReviewQueue(status: 'pending' | 'decided' = 'pending'): Promise<CertReviewQueue> {
  return callRoute(routes.reviewCertificateQueue, { query: { status, limit: 50 } })
}

export function certificateReview(id: string): Promise<CertReview> {
  return callRoute(routes.reviewCertificate, { params: { id } })
}

export function decideCertificate(id: string, body: CertDecisionBody): Promise<CertReview> {
  return callRoute(routes.decideCertificate, { params: { id }, body })
}

export function verifyCertificate(number: string, name: string): Promise<CertificateVerify> {
  return callRoute(routes.verifyCertificatePublic, { query: { number, name } })
}

export function verifyInstitution(q: string): Promise<InstitutionVerify> {
  return callRoute(routes.verifyInstitutionPublic, { query: { q } })
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
      const task = uploadPhoto(routeUrl(routes.createUpload), token, photo, onProgress)
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

/** Address of an uploaded file (a photo behind authorization: the platform's loader sends the token). */
export function fileUrl(fileId: string): string {
  return routeUrl(routes.getFile, { params: { id: fileId } })
}

/** A private photo as something the Image component can show. */
export async function photoSrc(fileId: string): Promise<string> {
  const token = currentToken()
  if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录')
  return loadPrivateImage(fileUrl(fileId), token)
}
