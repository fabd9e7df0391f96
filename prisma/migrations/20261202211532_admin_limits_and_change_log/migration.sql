-- AlterTable
ALTER TABLE "AppConfig" ADD COLUMN     "failureAlertPercent" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "maxUsers" INTEGER NOT NULL DEFAULT 1000;

-- AlterTable
ALTER TABLE "DailyRun" ADD COLUMN     "failureAlertSentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AppConfigChange" (
    "id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT NOT NULL,
    "newValue" TEXT NOT NULL,
    "changedById" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppConfigChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AppConfigChange_changedAt_idx" ON "AppConfigChange"("changedAt");

-- CreateIndex
CREATE INDEX "AppConfigChange_field_changedAt_idx" ON "AppConfigChange"("field", "changedAt");
