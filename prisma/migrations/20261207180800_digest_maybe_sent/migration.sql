-- AlterEnum
ALTER TYPE "DigestStatus" ADD VALUE 'MAYBE_SENT';

-- AlterTable
ALTER TABLE "Digest" ADD COLUMN     "sendKeyUsedAt" TIMESTAMP(3);

-- Batches still on their way when this ships: how their earlier requests ended was not recorded,
-- so any of them may have been accepted. They are resent under their key only within its 24 hours.
UPDATE "Digest" SET "sendKeyUsedAt" = "updatedAt"
WHERE "sendBatchId" IS NOT NULL AND ("status" = 'COMPOSED' OR ("status" = 'FAILED' AND "sendAttempts" < 4));
