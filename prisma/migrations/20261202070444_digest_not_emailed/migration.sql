-- AlterEnum
ALTER TYPE "DigestStatus" ADD VALUE 'NOT_EMAILED';
