-- CreateEnum
CREATE TYPE "MapSearchStep" AS ENUM ('QUEUED', 'FINDING_PLAYER', 'FINDING_MAPS', 'READING_LEADERBOARDS', 'DONE');

-- AlterEnum
ALTER TYPE "MapSearchStatus" ADD VALUE 'NO_PLAYER';

-- AlterTable
ALTER TABLE "AppConfig" ADD COLUMN     "maxSearchMaps" INTEGER NOT NULL DEFAULT 500;

-- AlterTable
ALTER TABLE "MapSearchJob" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "mapUids" TEXT[],
ADD COLUMN     "mapperDisplayName" TEXT,
ADD COLUMN     "mapsFound" INTEGER,
ADD COLUMN     "step" "MapSearchStep" NOT NULL DEFAULT 'QUEUED',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing rows got the current time; new ones get theirs from Prisma (@updatedAt), as the schema says.
ALTER TABLE "MapSearchJob" ALTER COLUMN "updatedAt" DROP DEFAULT;

-- CreateTable
CREATE TABLE "RecordHistory" (
    "id" SERIAL NOT NULL,
    "mapUid" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "previousScore" INTEGER,
    "previousDrivenAt" TIMESTAMP(3),
    "position" INTEGER NOT NULL,
    "arrival" "RecordArrival" NOT NULL,
    "drivenAt" TIMESTAMP(3),
    "observedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordHistory_mapUid_observedAt_idx" ON "RecordHistory"("mapUid", "observedAt");

-- CreateIndex
CREATE INDEX "RecordHistory_mapUid_drivenAt_idx" ON "RecordHistory"("mapUid", "drivenAt");

-- CreateIndex
CREATE INDEX "MapSearchJob_userId_status_idx" ON "MapSearchJob"("userId", "status");

-- AddForeignKey
ALTER TABLE "RecordHistory" ADD CONSTRAINT "RecordHistory_mapUid_fkey" FOREIGN KEY ("mapUid") REFERENCES "Map"("uid") ON DELETE CASCADE ON UPDATE CASCADE;
