-- AlterTable
ALTER TABLE "Map" ADD COLUMN     "hasClones" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mapType" TEXT,
ADD COLUMN     "typeReadAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Map_typeReadAt_idx" ON "Map"("typeReadAt");
