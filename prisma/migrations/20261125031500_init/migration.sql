-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateEnum
CREATE TYPE "AuthTokenKind" AS ENUM ('VERIFY_EMAIL', 'RESET_PASSWORD');

-- CreateEnum
CREATE TYPE "RecordFilter" AS ENUM ('ALL', 'TOP_N', 'WORLD_RECORD');

-- CreateEnum
CREATE TYPE "CheckMode" AS ENUM ('ACCURATE', 'POSITION');

-- CreateEnum
CREATE TYPE "WatchStatus" AS ENUM ('ACTIVE', 'INACTIVE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('MAPPER_RECORD', 'NEW_MAP', 'DRIVER_BEATEN');

-- CreateEnum
CREATE TYPE "DigestStatus" AS ENUM ('PENDING', 'COMPOSED', 'SENT', 'FAILED', 'EMPTY');

-- CreateEnum
CREATE TYPE "DailyRunStatus" AS ENUM ('RUNNING', 'FINISHED', 'FAILED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "MapSearchStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerifiedAt" TIMESTAMP(3),
    "passwordHash" TEXT,
    "name" TEXT,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "disabledAt" TIMESTAMP(3),
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "tmAccountId" TEXT,
    "tmDisplayName" TEXT,
    "tmVerified" BOOLEAN NOT NULL DEFAULT false,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "digestHour" INTEGER NOT NULL DEFAULT 7,
    "emailNotifications" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "AuthTokenKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Map" (
    "uid" TEXT NOT NULL,
    "mapId" TEXT,
    "name" TEXT NOT NULL,
    "authorAccountId" TEXT NOT NULL,
    "authorTime" INTEGER NOT NULL,
    "goldTime" INTEGER NOT NULL,
    "silverTime" INTEGER NOT NULL,
    "bronzeTime" INTEGER NOT NULL,
    "thumbnailUrl" TEXT,
    "tmxId" INTEGER,
    "uploadedAt" TIMESTAMP(3),
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedAt" TIMESTAMP(3),

    CONSTRAINT "Map_pkey" PRIMARY KEY ("uid")
);

-- CreateTable
CREATE TABLE "MapRecord" (
    "mapUid" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "drivenAt" TIMESTAMP(3),
    "previousScore" INTEGER,
    "observedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MapRecord_pkey" PRIMARY KEY ("mapUid","accountId")
);

-- CreateTable
CREATE TABLE "MapBaseline" (
    "mapUid" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MapBaseline_pkey" PRIMARY KEY ("mapUid")
);

-- CreateTable
CREATE TABLE "MapperAlert" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mapperAccountId" TEXT NOT NULL,
    "mapperDisplayName" TEXT NOT NULL,
    "recordFilter" "RecordFilter" NOT NULL DEFAULT 'ALL',
    "topN" INTEGER NOT NULL DEFAULT 5,
    "mode" "CheckMode" NOT NULL DEFAULT 'ACCURATE',
    "modeChosenByUser" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "mapsRefreshedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),

    CONSTRAINT "MapperAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MapperAlertMap" (
    "alertId" TEXT NOT NULL,
    "mapUid" TEXT NOT NULL,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reportedUntil" TIMESTAMP(3),

    CONSTRAINT "MapperAlertMap_pkey" PRIMARY KEY ("alertId","mapUid")
);

-- CreateTable
CREATE TABLE "DriverWatch" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mapUid" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "lastPosition" INTEGER,
    "lastScore" INTEGER,
    "status" "WatchStatus" NOT NULL DEFAULT 'ACTIVE',
    "lastCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DriverWatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "digestId" TEXT,
    "kind" "NotificationKind" NOT NULL,
    "mapUid" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" "DigestStatus" NOT NULL DEFAULT 'PENDING',
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "content" JSONB,
    "recordCount" INTEGER NOT NULL DEFAULT 0,
    "providerMessageId" TEXT,
    "error" TEXT,
    "sendAttempts" INTEGER NOT NULL DEFAULT 0,
    "dailyRunId" TEXT,
    "composedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyRun" (
    "id" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "DailyRunStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "usersDue" INTEGER NOT NULL DEFAULT 0,
    "usersChecked" INTEGER NOT NULL DEFAULT 0,
    "mapsChecked" INTEGER NOT NULL DEFAULT 0,
    "recordsFound" INTEGER NOT NULL DEFAULT 0,
    "emailsSent" INTEGER NOT NULL DEFAULT 0,
    "emailsFailed" INTEGER NOT NULL DEFAULT 0,
    "nadeoCalls" JSONB,
    "durationMs" INTEGER,
    "error" TEXT,

    CONSTRAINT "DailyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "headers" JSONB,
    "tags" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRecord" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "deduplicationId" TEXT,
    "payload" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JobRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "email" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'general',
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppConfig" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "maxMapperAlerts" INTEGER NOT NULL DEFAULT 3,
    "maxDriverWatches" INTEGER NOT NULL DEFAULT 20,
    "driverTopN" INTEGER NOT NULL DEFAULT 5,
    "positionModeThreshold" INTEGER NOT NULL DEFAULT 100,
    "accurateDepth" INTEGER NOT NULL DEFAULT 100,
    "maxRecordsPerMapInMail" INTEGER NOT NULL DEFAULT 20,
    "registrationOpen" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "AppConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MapSearchJob" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mapperName" TEXT NOT NULL,
    "mapperAccountId" TEXT,
    "period" TEXT NOT NULL,
    "status" "MapSearchStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MapSearchJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_tmAccountId_idx" ON "User"("tmAccountId");

-- CreateIndex
CREATE INDEX "User_createdAt_idx" ON "User"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuthToken_tokenHash_key" ON "AuthToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AuthToken_userId_kind_idx" ON "AuthToken"("userId", "kind");

-- CreateIndex
CREATE INDEX "Map_authorAccountId_idx" ON "Map"("authorAccountId");

-- CreateIndex
CREATE INDEX "MapRecord_mapUid_observedAt_idx" ON "MapRecord"("mapUid", "observedAt");

-- CreateIndex
CREATE INDEX "MapRecord_accountId_idx" ON "MapRecord"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "MapperAlert_userId_mapperAccountId_key" ON "MapperAlert"("userId", "mapperAccountId");

-- CreateIndex
CREATE INDEX "MapperAlertMap_mapUid_idx" ON "MapperAlertMap"("mapUid");

-- CreateIndex
CREATE INDEX "DriverWatch_mapUid_idx" ON "DriverWatch"("mapUid");

-- CreateIndex
CREATE UNIQUE INDEX "DriverWatch_userId_mapUid_key" ON "DriverWatch"("userId", "mapUid");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_digestId_idx" ON "Notification"("digestId");

-- CreateIndex
CREATE INDEX "Digest_status_idx" ON "Digest"("status");

-- CreateIndex
CREATE INDEX "Digest_dailyRunId_idx" ON "Digest"("dailyRunId");

-- CreateIndex
CREATE UNIQUE INDEX "Digest_userId_day_key" ON "Digest"("userId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "DailyRun_slot_key" ON "DailyRun"("slot");

-- CreateIndex
CREATE INDEX "DailyRun_startedAt_idx" ON "DailyRun"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_idempotencyKey_key" ON "OutboxEmail"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxEmail_createdAt_idx" ON "OutboxEmail"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRecord_deduplicationId_key" ON "JobRecord"("deduplicationId");

-- CreateIndex
CREATE INDEX "JobRecord_status_runAt_idx" ON "JobRecord"("status", "runAt");

-- CreateIndex
CREATE INDEX "JobRecord_job_createdAt_idx" ON "JobRecord"("job", "createdAt");

-- CreateIndex
CREATE INDEX "Feedback_readAt_createdAt_idx" ON "Feedback"("readAt", "createdAt");

-- CreateIndex
CREATE INDEX "MapSearchJob_userId_createdAt_idx" ON "MapSearchJob"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "MapSearchJob_mapperName_period_createdAt_idx" ON "MapSearchJob"("mapperName", "period", "createdAt");

-- AddForeignKey
ALTER TABLE "AuthToken" ADD CONSTRAINT "AuthToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapRecord" ADD CONSTRAINT "MapRecord_mapUid_fkey" FOREIGN KEY ("mapUid") REFERENCES "Map"("uid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapBaseline" ADD CONSTRAINT "MapBaseline_mapUid_fkey" FOREIGN KEY ("mapUid") REFERENCES "Map"("uid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapperAlert" ADD CONSTRAINT "MapperAlert_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapperAlertMap" ADD CONSTRAINT "MapperAlertMap_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "MapperAlert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapperAlertMap" ADD CONSTRAINT "MapperAlertMap_mapUid_fkey" FOREIGN KEY ("mapUid") REFERENCES "Map"("uid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriverWatch" ADD CONSTRAINT "DriverWatch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriverWatch" ADD CONSTRAINT "DriverWatch_mapUid_fkey" FOREIGN KEY ("mapUid") REFERENCES "Map"("uid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Digest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Digest" ADD CONSTRAINT "Digest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Digest" ADD CONSTRAINT "Digest_dailyRunId_fkey" FOREIGN KEY ("dailyRunId") REFERENCES "DailyRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MapSearchJob" ADD CONSTRAINT "MapSearchJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
