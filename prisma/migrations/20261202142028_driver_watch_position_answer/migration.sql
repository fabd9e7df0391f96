-- AlterTable
ALTER TABLE "DriverWatch" ADD COLUMN     "positionAnswer" INTEGER;
