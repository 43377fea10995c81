-- 人工核验 of hand-added certificates (待人工核验): which region's reviewers check a certificate, and their
-- decision. The region is fixed when the certificate starts waiting (server/certificates/review.ts,
-- reviewRegionFor): the worker's registered home region (户籍地), else the province in the certificate number.
ALTER TABLE certificates ADD COLUMN review_region text;
ALTER TABLE certificates ADD COLUMN review_requested_at timestamptz;
ALTER TABLE certificates ADD COLUMN reviewed_by text;
ALTER TABLE certificates ADD COLUMN reviewed_at timestamptz;
-- the office that decided (e.g. 阳泉市人力资源和社会保障局) and the reason the worker reads
ALTER TABLE certificates ADD COLUMN review_office text;
ALTER TABLE certificates ADD COLUMN review_reason text;
CREATE INDEX certificates_review_queue ON certificates (review_region, review_requested_at, id)
  WHERE verification = 'pending' AND deleted_at IS NULL;
