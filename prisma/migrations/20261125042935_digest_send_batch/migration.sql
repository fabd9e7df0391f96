-- AlterTable
ALTER TABLE "Digest" ADD COLUMN     "sendBatchId" TEXT,
ADD COLUMN     "sendTo" TEXT;

-- CreateIndex
CREATE INDEX "Digest_sendBatchId_idx" ON "Digest"("sendBatchId");
