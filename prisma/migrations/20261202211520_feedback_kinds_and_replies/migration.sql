-- CreateEnum
CREATE TYPE "FeedbackKind" AS ENUM ('BUG', 'IDEA', 'OTHER');

-- AlterTable: the free-text kind becomes the enum; earlier rows ("general") become OTHER, and any that
-- already said bug or idea keep that meaning.
ALTER TABLE "Feedback" ALTER COLUMN "kind" DROP DEFAULT;
ALTER TABLE "Feedback" ALTER COLUMN "kind" TYPE "FeedbackKind" USING (
  CASE upper(trim("kind")) WHEN 'BUG' THEN 'BUG' WHEN 'IDEA' THEN 'IDEA' ELSE 'OTHER' END
)::"FeedbackKind";
ALTER TABLE "Feedback" ALTER COLUMN "kind" SET DEFAULT 'OTHER';

ALTER TABLE "Feedback" ADD COLUMN     "page" TEXT,
ADD COLUMN     "repliedAt" TIMESTAMP(3),
ADD COLUMN     "repliedById" TEXT,
ADD COLUMN     "reply" TEXT;

-- CreateIndex
CREATE INDEX "Feedback_userId_readAt_idx" ON "Feedback"("userId", "readAt");
