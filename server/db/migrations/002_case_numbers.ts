/**
 * Case numbers (售后单号) in the format the scanners recognise: RMA + yyMMdd + a six-digit number
 * that restarts every day (shared/barcode `formatCaseNumber`). One counter row per business day.
 */
export const sql = /* sql */ `
-- Replaces the global running number of 001.
DROP SEQUENCE case_no_seq;

CREATE TABLE case_number_days (
  day  date PRIMARY KEY,
  last integer NOT NULL CHECK (last BETWEEN 1 AND 999999)
);
`;
