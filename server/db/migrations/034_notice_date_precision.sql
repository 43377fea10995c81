-- How much of a notice's publication date is known. 'year': only the year (the document number says 〔2020〕,
-- the day is not in hand); published_on then holds the year's first day as a sort key only and is never shown.
ALTER TABLE notices ADD COLUMN published_precision text NOT NULL DEFAULT 'day' CHECK (published_precision IN ('day', 'year'));
-- the seeded 以工代训 notice: its text gives the year only (databases seeded before this column existed)
UPDATE notices SET published_precision = 'year' WHERE id = 'ntc_shanxi208' AND created_by = 'seed';
