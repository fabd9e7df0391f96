-- CreateEnum
CREATE TYPE "WatchCondition" AS ENUM ('PASSED', 'LEFT_TOP_N', 'LOST_WORLD_RECORD');

-- AlterTable
ALTER TABLE "AppConfig" DROP COLUMN "driverTopN",
ALTER COLUMN "maxDriverWatches" SET DEFAULT 50;

-- AlterTable
ALTER TABLE "DriverWatch" ADD COLUMN     "condition" "WatchCondition" NOT NULL DEFAULT 'PASSED',
ADD COLUMN     "lastDrivenAt" TIMESTAMP(3),
ADD COLUMN     "reportedUntil" TIMESTAMP(3),
ADD COLUMN     "topN" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "reportOwnImprovements" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "DriverWatch_status_mapUid_idx" ON "DriverWatch"("status", "mapUid");

-- The old default (20, never changed by an admin) follows the new one.
UPDATE "AppConfig" SET "maxDriverWatches" = 50 WHERE "maxDriverWatches" = 20 AND "updatedById" IS NULL;
