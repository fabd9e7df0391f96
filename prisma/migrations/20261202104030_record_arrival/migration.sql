-- CreateEnum
CREATE TYPE "RecordArrival" AS ENUM ('IMPROVED', 'FIRST_TIME', 'ENTERED_TOP', 'UNKNOWN');

-- AlterTable
ALTER TABLE "Map" ADD COLUMN     "shownWorldRecordAccountId" TEXT,
ADD COLUMN     "shownWorldRecordScore" INTEGER,
ADD COLUMN     "wholeBoardSeen" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "MapRecord" ADD COLUMN     "arrival" "RecordArrival" NOT NULL DEFAULT 'UNKNOWN',
ADD COLUMN     "beatAccountId" TEXT,
ADD COLUMN     "beatScore" INTEGER;

-- Rows written before arrivals were kept: an improvement is known by its previous time; the rest stay UNKNOWN.
UPDATE "MapRecord" SET "arrival" = 'IMPROVED' WHERE "previousScore" IS NOT NULL;
